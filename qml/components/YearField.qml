import QtQuick
import QtQuick.Controls.Basic

// A four-digit year entry; 0 means "no bound".
TextField {
    id: field

    required property Theme theme
    property int value: 0

    signal committed(int year)

    implicitWidth: 100
    implicitHeight: 36
    text: value > 0 ? String(value) : ""
    color: theme.text
    placeholderTextColor: theme.textDim
    font.pixelSize: 13
    inputMethodHints: Qt.ImhDigitsOnly
    validator: IntValidator { bottom: 0; top: 2999 }
    onEditingFinished: {
        const year = text === "" ? 0 : parseInt(text)
        if (year !== field.value)
            field.committed(year)
    }
    background: Rectangle {
        radius: 8
        color: field.theme.surface
        border.width: field.activeFocus ? 2 : 0
        border.color: field.theme.accent
    }
}
