pragma ComponentBehavior: Bound
import QtQuick
import QtQuick.Controls.Basic
import QtQuick.Layouts
import Reel
import "../components"

// Audio and subtitle tracks side by side (subtitles with Off), and subtitle delay and size.
Popup {
    id: menu

    required property Theme theme
    required property PlayerViewModel player
    readonly property PlaybackState playback: player.state as PlaybackState

    property real maxHeight: 100000  // the room the page has: the track lists scroll in less
    property real maxWidth: 100000

    objectName: "trackMenu"
    padding: 12
    width: Math.min(implicitWidth, maxWidth)
    height: Math.min(implicitHeight, maxHeight)
    focus: true
    closePolicy: Popup.CloseOnEscape | Popup.CloseOnPressOutsideParent

    background: Rectangle {
        radius: menu.theme.radius
        color: "#f2171a21"
        border.color: "#22ffffff"
    }

    component Heading: Text {
        color: menu.theme.textDim
        font.pixelSize: 12
        font.weight: Font.DemiBold
        font.capitalization: Font.AllUppercase
        leftPadding: 10
        bottomPadding: 6
    }

    contentItem: ColumnLayout {
        spacing: 10
        Flickable {
            id: lists
            objectName: "trackLists"
            Layout.fillWidth: true
            Layout.fillHeight: true
            Layout.preferredWidth: columns.implicitWidth
            Layout.preferredHeight: columns.implicitHeight
            contentWidth: columns.implicitWidth
            contentHeight: columns.implicitHeight
            clip: true
            boundsBehavior: Flickable.StopAtBounds
            ScrollBar.vertical: ScrollBar {
                policy: lists.contentHeight > lists.height ? ScrollBar.AlwaysOn : ScrollBar.AlwaysOff
            }

            RowLayout {
                id: columns
                spacing: 16
                Column {
                    objectName: "audioColumn"
                    Layout.preferredWidth: 260
                    Layout.alignment: Qt.AlignTop
                    spacing: 2
                    Heading { text: "Audio" }
                    Repeater {
                        model: menu.playback ? menu.playback.audioTracks : []
                        delegate: MenuRow {
                            required property var modelData
                            theme: menu.theme
                            width: 260
                            label: modelData.label
                            selected: menu.playback.audioId === modelData.trackId
                            onClicked: menu.player.controls.setAudioTrack(modelData.trackId)
                        }
                    }
                }
                Rectangle { Layout.fillHeight: true; width: 1; color: "#22ffffff" }
                Column {
                    objectName: "subtitleColumn"
                    Layout.preferredWidth: 260
                    Layout.alignment: Qt.AlignTop
                    spacing: 2
                    Heading { text: "Subtitles" }
                    MenuRow {
                        theme: menu.theme
                        width: 260
                        label: "Off"
                        selected: menu.playback !== null && menu.playback.subtitleId === 0
                        onClicked: menu.player.controls.setSubtitleTrack(0)
                    }
                    Repeater {
                        model: menu.playback ? menu.playback.subtitleTracks : []
                        delegate: MenuRow {
                            required property var modelData
                            theme: menu.theme
                            width: 260
                            label: modelData.label
                            selected: menu.playback.subtitleId === modelData.trackId
                            onClicked: menu.player.controls.setSubtitleTrack(modelData.trackId)
                        }
                    }
                }
            }
        }
        Rectangle { Layout.fillWidth: true; height: 1; color: "#22ffffff" }
        Stepper {
            Layout.fillWidth: true
            theme: menu.theme
            label: "Subtitle delay"
            valueText: menu.playback ? (menu.playback.subDelay >= 0 ? "+" : "") + menu.playback.subDelay.toFixed(1) + " s" : ""
            onDecreased: menu.player.controls.setSubtitleDelay(menu.playback.subDelay - 0.1)
            onIncreased: menu.player.controls.setSubtitleDelay(menu.playback.subDelay + 0.1)
        }
        Stepper {
            Layout.fillWidth: true
            theme: menu.theme
            label: "Subtitle size"
            valueText: menu.playback ? Math.round(menu.playback.subScale * 100) + " %" : ""
            onDecreased: menu.player.controls.setSubtitleScale(menu.playback.subScale - 0.1)
            onIncreased: menu.player.controls.setSubtitleScale(menu.playback.subScale + 0.1)
        }
    }
}
