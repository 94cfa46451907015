pragma ComponentBehavior: Bound
import QtQuick

// An episode: thumbnail with progress, code and title, overview. The thumbnail plays it,
// the rest of the row (or Return when focused) opens its page; the tick marks it watched.
Rectangle {
    id: episode

    required property Theme theme
    required property int itemId
    required property string itemTitle
    required property string episodeCode
    required property string overview
    required property string runtime
    required property int sourceId
    required property string thumbRef
    required property string blurhash
    required property bool watched
    required property real progress

    signal play()
    signal open()
    signal toggleWatched()

    objectName: "episode" + itemId
    height: 124
    radius: 10
    color: hover.hovered || activeFocus ? theme.surfaceHover : theme.surface
    border.width: activeFocus ? 2 : 0
    border.color: theme.accent
    activeFocusOnTab: true
    Keys.onReturnPressed: episode.open()
    Keys.onEnterPressed: episode.open()

    // Under everything else: a click anywhere but the thumbnail and the tick opens the page.
    MouseArea {
        objectName: "episodeOpen" + episode.itemId
        anchors.fill: parent
        cursorShape: Qt.PointingHandCursor
        onClicked: episode.open()
    }

    Poster {
        id: thumb
        x: 12
        anchors.verticalCenter: parent.verticalCenter
        width: 178
        height: 100
        radius: 6
        theme: episode.theme
        sourceId: episode.sourceId
        ref: episode.thumbRef
        blurhash: episode.blurhash
        fallbackText: episode.episodeCode
        progress: episode.progress
        MouseArea {
            objectName: "episodePlay" + episode.itemId
            anchors.fill: parent
            cursorShape: Qt.PointingHandCursor
            onClicked: episode.play()
        }
        Text {
            anchors.centerIn: parent
            visible: hover.hovered
            text: "▶"
            color: "white"
            font.pixelSize: 30
        }
    }
    Column {
        anchors { left: thumb.right; leftMargin: 18; right: mark.left; rightMargin: 18
                  top: parent.top; topMargin: 14 }
        spacing: 6
        Text {
            width: parent.width
            text: episode.episodeCode + "   " + episode.itemTitle
            color: episode.theme.text
            font.pixelSize: 15
            font.weight: Font.DemiBold
            elide: Text.ElideRight
        }
        Text {
            text: episode.runtime
            color: episode.theme.textDim
            font.pixelSize: 12
        }
        Text {
            width: parent.width
            text: episode.overview
            color: episode.theme.textDim
            font.pixelSize: 13
            wrapMode: Text.WordWrap
            maximumLineCount: 2
            elide: Text.ElideRight
        }
    }
    ActionButton {
        id: mark
        anchors { right: parent.right; rightMargin: 16; verticalCenter: parent.verticalCenter }
        theme: episode.theme
        checked: episode.watched
        text: episode.watched ? "✓" : "○"
        onClicked: episode.toggleWatched()
    }
    HoverHandler { id: hover }
}
