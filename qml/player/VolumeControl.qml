import QtQuick
import QtQuick.Controls.Basic
import Reel
import "../components"

// Mute button and a volume slider that widens on hover.
Row {
    id: volume

    required property Theme theme
    required property PlayerViewModel player
    readonly property PlaybackState playback: player.state as PlaybackState

    spacing: 2
    Icons { id: icons }

    IconButton {
        objectName: "muteButton"
        iconPath: volume.playback.muted || volume.playback.volume === 0 ? icons.muted : icons.volume
        tip: volume.playback.muted ? "Unmute (M)" : "Mute (M)"
        onClicked: volume.player.controls.toggleMute()
    }
    Slider {
        id: slider
        objectName: "volumeSlider"
        anchors.verticalCenter: parent.verticalCenter
        width: 110
        from: 0
        to: 100
        focusPolicy: Qt.NoFocus
        value: volume.playback.muted ? 0 : volume.playback.volume
        onMoved: volume.player.controls.setVolume(value)
        background: Rectangle {
            x: slider.leftPadding
            y: slider.topPadding + slider.availableHeight / 2 - height / 2
            width: slider.availableWidth
            height: 4
            radius: 2
            color: "#40ffffff"
            Rectangle {
                width: slider.visualPosition * parent.width
                height: parent.height
                radius: 2
                color: "white"
            }
        }
        handle: Rectangle {
            x: slider.leftPadding + slider.visualPosition * (slider.availableWidth - width)
            y: slider.topPadding + slider.availableHeight / 2 - height / 2
            width: 12
            height: 12
            radius: 6
            color: "white"
        }
    }
}
