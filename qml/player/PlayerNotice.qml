import QtQuick
import Reel
import "../components"

// A passing word about playback (a converted stream instead of the original file).
Rectangle {
    id: notice

    required property Theme theme
    required property PlayerViewModel player
    property bool expired: false

    objectName: "playerNotice"
    visible: opacity > 0
    opacity: player.notice !== "" && !expired && player.errorMessage === "" ? 1 : 0
    width: Math.min(label.implicitWidth + 48, parent ? parent.width - 48 : 600)
    height: 44
    radius: 22
    color: "#e6171a21"
    border.color: "#40f5c16c"

    Behavior on opacity { NumberAnimation { duration: 250 } }

    Connections {
        target: notice.player
        function onNoticeChanged() {
            notice.expired = false
            if (notice.player.notice !== "")
                expiry.restart()
        }
    }
    // Long enough to read twice; the stream itself keeps playing underneath.
    Timer {
        id: expiry
        interval: 8000
        onTriggered: notice.expired = true
    }
    Row {
        anchors.centerIn: parent
        spacing: 10
        Rectangle {
            anchors.verticalCenter: parent.verticalCenter
            width: 8
            height: 8
            radius: 4
            color: notice.theme.warning
        }
        Text {
            id: label
            objectName: "playerNoticeText"
            anchors.verticalCenter: parent.verticalCenter
            text: notice.player.notice
            color: "white"
            font.pixelSize: 14
            elide: Text.ElideRight
            width: Math.min(implicitWidth, notice.width - 48)
        }
    }
}
