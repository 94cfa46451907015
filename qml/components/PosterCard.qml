pragma ComponentBehavior: Bound
import QtQuick

// A poster with its title and one line under it; a click or Enter opens it.
Item {
    id: card

    required property Theme theme
    required property string title
    required property string subtitle
    required property int sourceId
    required property string posterRef
    required property string thumbRef
    required property int itemId
    required property string blurhash
    required property bool watched
    required property real progress
    required property string itemType
    property bool highlighted: false
    property bool landscape: false
    property real posterHeight: landscape ? width * 9 / 16 : width * 1.5

    signal activated()

    implicitHeight: posterHeight + 52

    Poster {
        id: art
        width: parent.width
        height: card.posterHeight
        theme: card.theme
        sourceId: card.sourceId
        ref: card.landscape ? card.thumbRef : card.posterRef
        blurhash: card.blurhash
        watched: card.watched
        progress: card.progress
        fallbackText: card.title
        scale: hover.hovered || card.highlighted ? 1.03 : 1
        border.width: card.highlighted ? 2 : 0
        border.color: card.theme.accent
        Behavior on scale { NumberAnimation { duration: 120 } }
    }
    Text {
        anchors { left: parent.left; right: parent.right; top: art.bottom; topMargin: 8 }
        text: card.title
        color: card.theme.text
        font.pixelSize: 13
        font.weight: Font.DemiBold
        elide: Text.ElideRight
    }
    Text {
        anchors { left: parent.left; right: parent.right; top: art.bottom; topMargin: 27 }
        text: card.subtitle
        color: card.theme.textDim
        font.pixelSize: 12
        elide: Text.ElideRight
    }
    HoverHandler { id: hover; cursorShape: Qt.PointingHandCursor }
    TapHandler { onTapped: card.activated() }
}
