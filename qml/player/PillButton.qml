import QtQuick
import QtQuick.Controls.Basic
import "../components"

// A rounded text button: filled with the accent (primary) or translucent glass.
AbstractButton {
    id: button

    required property Theme theme
    property bool primary: false

    implicitWidth: Math.max(120, label.implicitWidth + 40)
    implicitHeight: 44
    hoverEnabled: true

    contentItem: Text {
        id: label
        text: button.text
        color: button.primary ? button.theme.window : "white"
        font.pixelSize: 15
        font.weight: Font.DemiBold
        horizontalAlignment: Text.AlignHCenter
        verticalAlignment: Text.AlignVCenter
    }
    background: Rectangle {
        radius: height / 2
        color: button.primary ? (button.hovered ? Qt.lighter(button.theme.accent, 1.1) : button.theme.accent)
                              : (button.hovered ? "#40ffffff" : "#26ffffff")
        border.width: button.visualFocus ? 2 : 0
        border.color: "white"
    }
}
