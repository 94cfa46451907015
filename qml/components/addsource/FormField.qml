import QtQuick
import QtQuick.Controls.Basic
import ".."

// A labelled text field of the add-source forms; its input is named `<objectName>Input`.
Column {
    id: field

    required property Theme theme
    property string label: ""
    property alias text: input.text
    property alias placeholderText: input.placeholderText
    property alias echoMode: input.echoMode
    property alias readOnly: input.readOnly
    property alias font: input.font
    readonly property alias input: input

    signal accepted()

    function focusInput() {
        input.forceActiveFocus()
    }

    spacing: 6

    Text {
        visible: field.label !== ""
        text: field.label
        color: field.theme.textDim
        font.pixelSize: 12
        font.weight: Font.DemiBold
        font.letterSpacing: 0.6
    }
    TextField {
        id: input
        objectName: field.objectName + "Input"
        width: field.width
        implicitHeight: 44
        leftPadding: 14
        rightPadding: 14
        color: field.readOnly ? field.theme.textDim : field.theme.text
        placeholderTextColor: Qt.darker(field.theme.textDim, 1.3)
        selectionColor: field.theme.accent
        selectedTextColor: field.theme.window
        font.pixelSize: 15
        background: Rectangle {
            radius: 8
            color: field.theme.window
            border.width: input.activeFocus ? 2 : 1
            border.color: input.activeFocus ? field.theme.accent : field.theme.surfaceHover
        }
        onAccepted: field.accepted()
    }
}
