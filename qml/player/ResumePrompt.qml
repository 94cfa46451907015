import QtQuick
import Reel
import "../components"

// "Resume from 42:10" or "Start over", before a video with a saved position plays.
Rectangle {
    id: prompt

    required property Theme theme
    required property PlayerViewModel player

    objectName: "resumePrompt"
    visible: player.resumePrompt
    width: 420
    height: column.implicitHeight + 48
    radius: theme.radius + 4
    color: "#f0171a21"
    border.color: "#22ffffff"

    Column {
        id: column
        anchors.centerIn: parent
        width: parent.width - 48
        spacing: 18
        Text {
            width: parent.width
            horizontalAlignment: Text.AlignHCenter
            text: prompt.player.title
            color: "white"
            font.pixelSize: 20
            font.weight: Font.DemiBold
            elide: Text.ElideRight
        }
        Column {
            width: parent.width
            spacing: 10
            PillButton {
                objectName: "resumeButton"
                width: parent.width
                theme: prompt.theme
                primary: true
                text: prompt.player.resumeText
                onClicked: prompt.player.resume()
            }
            PillButton {
                objectName: "startOverButton"
                width: parent.width
                theme: prompt.theme
                text: "Start over"
                onClicked: prompt.player.startOver()
            }
        }
    }
}
