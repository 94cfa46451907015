import QtQuick
import QtQuick.Layouts
import Reel
import "../components"

// Near the end of an episode: the next one, a countdown, Play now and Cancel.
Rectangle {
    id: card

    required property Theme theme
    required property PlayerViewModel player

    objectName: "upNextCard"
    visible: player.upNextVisible
    width: 380
    height: column.implicitHeight + 36
    radius: theme.radius + 4
    color: "#f0171a21"
    border.color: "#22ffffff"

    ColumnLayout {
        id: column
        anchors { fill: parent; margins: 18 }
        spacing: 10
        Text {
            text: "Up next"
            color: card.theme.accent
            font.pixelSize: 12
            font.weight: Font.DemiBold
            font.capitalization: Font.AllUppercase
        }
        Text {
            objectName: "upNextTitle"
            Layout.fillWidth: true
            text: card.player.nextTitle
            color: "white"
            font.pixelSize: 18
            font.weight: Font.DemiBold
            elide: Text.ElideRight
        }
        Text {
            objectName: "upNextCountdown"
            text: "Starts in " + card.player.upNextCountdown + " s"
            color: card.theme.textDim
            font.pixelSize: 13
        }
        Rectangle {
            Layout.fillWidth: true
            height: 3
            radius: 2
            color: "#33ffffff"
            Rectangle {
                width: parent.width * Math.min(1, card.player.upNextCountdown / Math.max(1, card.player.upNextSeconds))
                height: parent.height
                radius: 2
                color: card.theme.accent
                Behavior on width { NumberAnimation { duration: 900 } }
            }
        }
        RowLayout {
            spacing: 10
            PillButton {
                objectName: "playNextButton"
                theme: card.theme
                primary: true
                text: "Play now"
                focusPolicy: Qt.NoFocus
                onClicked: card.player.playNext()
            }
            PillButton {
                objectName: "cancelNextButton"
                theme: card.theme
                text: "Cancel"
                focusPolicy: Qt.NoFocus
                onClicked: card.player.dismissUpNext()
            }
        }
    }
}
