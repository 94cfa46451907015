pragma ComponentBehavior: Bound
import QtQuick

// One item as a list row: small poster, title, year, runtime, rating, watched state.
Rectangle {
    id: row

    required property Theme theme
    required property int index
    required property int itemId
    required property string itemType
    required property string title
    required property string subtitle
    required property string runtime
    required property real rating
    required property int sourceId
    required property string posterRef
    required property string thumbRef
    required property string blurhash
    required property bool watched
    required property real progress
    property bool highlighted: false
    // Episodes show their still, landscape; everything else its poster.
    readonly property bool wide: itemType === "episode"

    signal activated()

    height: 72
    radius: 8
    color: highlighted || hover.hovered ? theme.surfaceHover : (index % 2 ? "transparent" : theme.stripe)

    Poster {
        id: art
        x: 10
        anchors.verticalCenter: parent.verticalCenter
        width: row.wide ? 96 : 40
        height: row.wide ? 54 : 60
        radius: 4
        theme: row.theme
        sourceId: row.sourceId
        ref: row.wide ? row.thumbRef : row.posterRef
        blurhash: row.blurhash
        progress: row.progress
    }
    Column {
        anchors { left: art.right; leftMargin: 16; right: facts.left; rightMargin: 16
                  verticalCenter: parent.verticalCenter }
        spacing: 4
        Text {
            width: parent.width
            text: row.title
            color: row.theme.text
            font.pixelSize: 15
            font.weight: Font.DemiBold
            elide: Text.ElideRight
        }
        Text {
            width: parent.width
            text: [row.subtitle, row.itemType === "show" ? "Series" : row.runtime]
                  .filter(part => part !== "").join("  ·  ")
            color: row.theme.textDim
            font.pixelSize: 12
            elide: Text.ElideRight
        }
    }
    Row {
        id: facts
        anchors { right: parent.right; rightMargin: 16; verticalCenter: parent.verticalCenter }
        spacing: 18
        Text {
            text: row.rating >= 0 ? "★ " + row.rating.toFixed(1) : ""
            color: row.theme.warning
            font.pixelSize: 13
        }
        Text {
            width: 80
            horizontalAlignment: Text.AlignRight
            text: row.watched ? "Watched" : row.progress > 0 ? Math.round(row.progress * 100) + "%" : ""
            color: row.watched ? row.theme.success : row.theme.accent
            font.pixelSize: 12
        }
    }
    HoverHandler { id: hover; cursorShape: Qt.PointingHandCursor }
    TapHandler { onTapped: row.activated() }
}
