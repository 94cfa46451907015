import QtQuick
import QtQuick.Controls.Basic

// A rounded button: accent-filled (primary), a quiet surface, or a toggled chip.
AbstractButton {
    id: button

    required property Theme theme
    property bool primary: false

    implicitWidth: Math.max(implicitHeight, label.implicitWidth + 32)
    implicitHeight: 38
    hoverEnabled: true
    focusPolicy: Qt.StrongFocus

    contentItem: Text {
        id: label
        text: button.text
        color: button.primary || button.checked ? button.theme.window : button.theme.text
        font.pixelSize: 14
        font.weight: Font.DemiBold
        horizontalAlignment: Text.AlignHCenter
        verticalAlignment: Text.AlignVCenter
    }
    background: Rectangle {
        radius: height / 2
        color: button.primary || button.checked
               ? (button.hovered ? Qt.lighter(button.theme.accent, 1.1) : button.theme.accent)
               : (button.hovered ? button.theme.surfaceHover : button.theme.surface)
        border.width: button.visualFocus ? 2 : 0
        border.color: button.theme.text
    }
    Keys.onReturnPressed: button.clicked()
    Keys.onEnterPressed: button.clicked()
}
