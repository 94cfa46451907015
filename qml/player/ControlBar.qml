pragma ComponentBehavior: Bound
import QtQuick
import QtQuick.Controls.Basic
import QtQuick.Layouts
import Reel
import "../components"

// The bottom bar: seek bar with times, transport, volume, menus and full screen.
Item {
    id: bar

    required property Theme theme
    required property PlayerViewModel player
    readonly property PlaybackState playback: player.state as PlaybackState

    signal openTracks(Item anchor)
    signal openSpeed(Item anchor)
    signal openQuality(Item anchor)
    signal interacted()

    //: Where the bar's controls begin (the seek bar's top): menus open above this line.
    readonly property real contentTop: content.y

    implicitHeight: 150
    Icons { id: icons }

    Rectangle {
        anchors.fill: parent
        gradient: Gradient {
            GradientStop { position: 0.0; color: "#00000000" }
            GradientStop { position: 0.55; color: "#99000000" }
            GradientStop { position: 1.0; color: "#dd000000" }
        }
    }

    ColumnLayout {
        id: content
        anchors { left: parent.left; right: parent.right; bottom: parent.bottom; margins: 24; bottomMargin: 14 }
        spacing: 4

        RowLayout {
            Layout.fillWidth: true
            spacing: 14
            Text {
                objectName: "elapsed"
                text: seek.clock(bar.playback.position)
                color: "white"
                font.pixelSize: 13
                font.family: bar.theme.mono
            }
            SeekBar {
                id: seek
                objectName: "seekBar"
                Layout.fillWidth: true
                theme: bar.theme
                position: bar.playback.position
                duration: bar.playback.duration
                ticks: bar.player.chapterTicks
                onSeekRequested: seconds => bar.player.controls.seekTo(seconds)
                onHoverMoved: bar.interacted()
            }
            Text {
                objectName: "remaining"
                text: "-" + seek.clock(Math.max(0, bar.playback.duration - bar.playback.position))
                color: "white"
                font.pixelSize: 13
                font.family: bar.theme.mono
            }
        }

        RowLayout {
            Layout.fillWidth: true
            spacing: 6
            IconButton {
                objectName: "previousButton"
                visible: bar.player.hasPrevious
                iconPath: icons.previous
                tip: "Previous episode"
                onClicked: bar.player.playPrevious()
            }
            IconButton {
                objectName: "playPauseButton"
                iconPath: bar.playback.paused ? icons.play : icons.pause
                iconSize: 32
                implicitWidth: 52
                implicitHeight: 52
                tip: bar.playback.paused ? "Play (Space)" : "Pause (Space)"
                onClicked: bar.player.controls.togglePause()
            }
            IconButton {
                objectName: "nextButton"
                visible: bar.player.hasNext
                iconPath: icons.next
                tip: "Next episode (N)"
                onClicked: bar.player.playNext()
            }
            VolumeControl {
                theme: bar.theme
                player: bar.player
            }
            Item { Layout.fillWidth: true }
            IconButton {
                id: tracksButton
                objectName: "tracksButton"
                iconPath: icons.subtitles
                tip: "Audio and subtitles"
                onClicked: bar.openTracks(tracksButton)
            }
            AbstractButton {
                id: speedButton
                objectName: "speedButton"
                implicitWidth: 56
                implicitHeight: 44
                hoverEnabled: true
                focusPolicy: Qt.NoFocus
                onClicked: bar.openSpeed(speedButton)
                background: Rectangle {
                    radius: 22
                    color: speedButton.hovered ? "#26ffffff" : "transparent"
                }
                contentItem: Text {
                    text: Number(bar.playback.speed).toLocaleString(Qt.locale("C"), "f", 2).replace(/\.?0+$/, "") + "×"
                    color: "white"
                    font.pixelSize: 15
                    font.weight: Font.DemiBold
                    horizontalAlignment: Text.AlignHCenter
                    verticalAlignment: Text.AlignVCenter
                }
            }
            IconButton {
                id: qualityButton
                objectName: "qualityButton"
                visible: bar.player.qualities.length > 0
                iconPath: icons.quality
                tip: "Quality"
                onClicked: bar.openQuality(qualityButton)
            }
            IconButton {
                objectName: "fullscreenButton"
                iconPath: bar.player.fullscreen ? icons.fullscreenExit : icons.fullscreen
                tip: bar.player.fullscreen ? "Leave full screen (F)" : "Full screen (F)"
                onClicked: bar.player.toggleFullscreen()
            }
        }
    }
}
