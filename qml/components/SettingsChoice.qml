pragma ComponentBehavior: Bound
import QtQuick
import QtQuick.Controls.Basic

// A drop-down over {key, label} choices showing `value`; `chosen(key)` on a pick.
ChoiceBox {
    id: choice

    required property string value
    signal chosen(string key)

    implicitWidth: 230
    // On a card (surface), the box takes the window's colour, like the number fields.
    background: Rectangle {
        radius: 8
        color: choice.hovered || choice.pressed ? choice.theme.surfaceHover : choice.theme.window
        border.width: choice.visualFocus ? 2 : 1
        border.color: choice.visualFocus ? choice.theme.accent : choice.theme.surfaceHover
    }
    textRole: "label"
    valueRole: "key"
    currentIndex: choice.model.findIndex(c => c.key === choice.value)
    onActivated: index => {
        const picked = choice.model[index].key
        if (picked !== choice.value)
            choice.chosen(picked)
    }
}
