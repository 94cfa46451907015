pragma ComponentBehavior: Bound
import QtQuick
import QtQuick.Controls.Basic
import Reel
import "../components"

// A failure in words, with a way to try again.
Item {
    id: page

    required property Theme theme
    required property ShellViewModel shell

    objectName: "errorPage"

    Column {
        anchors.centerIn: parent
        width: Math.min(parent.width - 80, 560)
        spacing: 16

        Text {
            width: parent.width
            horizontalAlignment: Text.AlignHCenter
            text: "Something went wrong"
            color: page.theme.text
            font.pixelSize: 24
            font.weight: Font.DemiBold
        }
        Text {
            objectName: "errorText"
            width: parent.width
            horizontalAlignment: Text.AlignHCenter
            wrapMode: Text.WordWrap
            text: page.shell.errorMessage
            color: page.theme.danger
            font.pixelSize: 15
        }
        Button {
            objectName: "retryButton"
            anchors.horizontalCenter: parent.horizontalCenter
            text: "Retry"
            onClicked: page.shell.retry()
            contentItem: Text {
                text: "Retry"
                color: page.theme.window
                font.pixelSize: 14
                font.weight: Font.DemiBold
                horizontalAlignment: Text.AlignHCenter
                verticalAlignment: Text.AlignVCenter
            }
            background: Rectangle {
                implicitWidth: 120
                implicitHeight: 40
                radius: page.theme.radius
                color: page.theme.accent
            }
        }
    }
}
