pragma ComponentBehavior: Bound
import QtQuick
import QtQuick.Controls.Basic

// An on/off toggle in the app's colours; Space or Enter flips it from the keyboard.
Switch {
    id: toggle

    required property Theme theme

    padding: 0
    implicitWidth: 46
    implicitHeight: 26
    focusPolicy: Qt.StrongFocus
    Keys.onReturnPressed: { toggle.toggle(); toggle.toggled() }
    Keys.onEnterPressed: { toggle.toggle(); toggle.toggled() }

    indicator: Rectangle {
        implicitWidth: 46
        implicitHeight: 26
        radius: height / 2
        color: toggle.checked ? toggle.theme.accent : toggle.theme.surfaceHover
        border.width: toggle.visualFocus ? 2 : 0
        border.color: toggle.theme.text
        Behavior on color { ColorAnimation { duration: 120 } }

        Rectangle {
            x: toggle.checked ? parent.width - width - 3 : 3
            anchors.verticalCenter: parent.verticalCenter
            width: 20
            height: 20
            radius: 10
            color: toggle.checked ? toggle.theme.window : toggle.theme.textDim
            Behavior on x { NumberAnimation { duration: 120 } }
        }
    }
    contentItem: Item {}
}
