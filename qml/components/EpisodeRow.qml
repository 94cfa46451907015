pragma ComponentBehavior: Bound
import QtQuick

// An episode: thumbnail with progress, code and title, overview; play or mark watched.
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
    signal toggleWatched()

    objectName: "episode" + itemId
    height: 124
    radius: 10
    color: hover.hovered ? theme.surfaceHover : theme.surface

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
        TapHandler { onTapped: episode.play() }
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
