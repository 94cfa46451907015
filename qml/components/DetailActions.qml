pragma ComponentBehavior: Bound
import QtQuick
import QtQuick.Layouts
import Reel

// A details page's actions: Play or Resume, Start over, Mark watched, and how far in.
// Shared by the movie and episode pages (both bound to a MovieViewModel or a subclass).
ColumnLayout {
    id: actions

    required property Theme theme
    required property MovieViewModel model
    readonly property var detail: model.detail
    readonly property bool ready: detail.itemId !== undefined
    readonly property bool started: ready && detail.positionMs > 0
    property alias playButton: playButton

    spacing: 12

    // Wraps onto a second line when the window is narrow, rather than running off it.
    Flow {
        Layout.fillWidth: true
        spacing: 12
        ActionButton {
            id: playButton
            objectName: "playButton"
            theme: actions.theme
            primary: true
            text: actions.started ? "▶  " + actions.detail.resumeText : "▶  Play"
            onClicked: actions.model.play()
        }
        ActionButton {
            objectName: "startOverButton"
            visible: actions.started
            theme: actions.theme
            text: "↺  Start over"
            onClicked: actions.model.startOver()
        }
        ActionButton {
            objectName: "watchedButton"
            theme: actions.theme
            text: actions.ready && actions.detail.watched ? "✓  Watched" : "Mark watched"
            checked: actions.ready && actions.detail.watched
            onClicked: actions.model.setWatched(!(actions.ready && actions.detail.watched))
        }
    }
    Rectangle {
        visible: actions.ready && actions.detail.progress > 0
        Layout.preferredWidth: 320
        Layout.preferredHeight: 4
        radius: 2
        color: actions.theme.surfaceHover
        Rectangle {
            width: parent.width * (actions.ready ? actions.detail.progress : 0)
            height: parent.height
            radius: 2
            color: actions.theme.accent
        }
    }
}
