import QtQuick
import QtQuick.Controls.Basic

// A rounded, dark text field with a magnifier.
TextField {
    id: field

    required property Theme theme

    implicitHeight: 38
    leftPadding: 36
    color: theme.text
    placeholderTextColor: theme.textDim
    selectionColor: theme.accent
    font.pixelSize: 14
    background: Rectangle {
        radius: height / 2
        color: field.theme.surface
        border.width: field.activeFocus ? 2 : 0
        border.color: field.theme.accent
        Text {
            x: 13
            anchors.verticalCenter: parent.verticalCenter
            text: "⌕"
            color: field.theme.textDim
            font.pixelSize: 18
        }
    }
}
