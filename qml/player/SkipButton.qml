import QtQuick
import QtQuick.Controls.Basic
import Reel
import "../components"

// "Skip intro" (or recap, preview, credits) while the player is inside such a span.
AbstractButton {
    id: skip

    required property Theme theme
    required property PlayerViewModel player

    objectName: "skipButton"
    visible: player.skipLabel !== ""
    focusPolicy: Qt.NoFocus
    hoverEnabled: true
    implicitWidth: content.implicitWidth + 40
    implicitHeight: 48
    onClicked: player.skip()

    Icons { id: icons }

    contentItem: Item {
        Row {
            id: content
            anchors.centerIn: parent
            spacing: 8
            Text {
                anchors.verticalCenter: parent.verticalCenter
                text: skip.player.skipLabel
                color: "white"
                font.pixelSize: 15
                font.weight: Font.DemiBold
            }
            Icon {
                anchors.verticalCenter: parent.verticalCenter
                path: icons.skipForward
                size: 20
            }
        }
    }
    background: Rectangle {
        radius: 10
        color: skip.hovered ? "#f2262b36" : "#e6171a21"
        border.color: "#55ffffff"
        border.width: 1
    }
}
