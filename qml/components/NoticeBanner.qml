pragma ComponentBehavior: Bound
import QtQuick
import QtQuick.Controls.Basic
import Reel

// A lasting notice in words (for example: no secure keyring), dismissible.
Rectangle {
    id: banner

    required property Theme theme
    required property ShellViewModel shell

    objectName: "noticeBanner"
    visible: shell.notice !== ""
    implicitHeight: visible ? Math.max(48, message.implicitHeight + 24) : 0
    color: theme.noticeSurface

    Text {
        id: message
        objectName: "noticeText"
        anchors { left: parent.left; right: dismiss.left; verticalCenter: parent.verticalCenter
                  leftMargin: 24; rightMargin: 12 }
        text: banner.shell.notice
        color: banner.theme.warning
        wrapMode: Text.WordWrap
        font.pixelSize: 13
    }
    Button {
        id: dismiss
        objectName: "dismissNotice"
        anchors { right: parent.right; verticalCenter: parent.verticalCenter; rightMargin: 16 }
        flat: true
        text: "Dismiss"
        onClicked: banner.shell.dismissNotice()
        contentItem: Text {
            text: dismiss.text
            color: banner.theme.warning
            font.pixelSize: 13
            font.weight: Font.DemiBold
        }
        background: Rectangle { color: "transparent" }
    }
}
