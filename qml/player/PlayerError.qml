import QtQuick
import Reel
import "../components"

// Why the video cannot play, in words, with Retry and Back.
Rectangle {
    id: panel

    required property Theme theme
    required property PlayerViewModel player

    objectName: "playerError"
    visible: player.errorMessage !== ""
    width: 520
    height: column.implicitHeight + 56
    radius: theme.radius + 4
    color: "#f0171a21"
    border.color: "#33ff6b6b"

    Column {
        id: column
        anchors.centerIn: parent
        width: parent.width - 56
        spacing: 14
        Text {
            width: parent.width
            horizontalAlignment: Text.AlignHCenter
            text: "Cannot play this video"
            color: "white"
            font.pixelSize: 20
            font.weight: Font.DemiBold
        }
        Text {
            objectName: "playerErrorText"
            width: parent.width
            horizontalAlignment: Text.AlignHCenter
            wrapMode: Text.WordWrap
            text: panel.player.errorMessage
            color: panel.theme.danger
            font.pixelSize: 14
        }
        Row {
            anchors.horizontalCenter: parent.horizontalCenter
            spacing: 12
            PillButton {
                objectName: "playerRetryButton"
                theme: panel.theme
                primary: true
                text: "Retry"
                onClicked: panel.player.retry()
            }
            PillButton {
                objectName: "playerBackButton"
                theme: panel.theme
                text: "Back"
                onClicked: panel.player.leave()
            }
        }
    }
}
