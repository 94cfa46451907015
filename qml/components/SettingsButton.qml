import QtQuick

// An ActionButton for the settings cards: on a card (surface) a quiet button takes the
// window's colour with a hairline, so it still reads as a button.
ActionButton {
    id: button

    background: Rectangle {
        radius: height / 2
        color: button.primary || button.checked
               ? (button.hovered ? Qt.lighter(button.theme.accent, 1.1) : button.theme.accent)
               : (button.hovered ? button.theme.surfaceHover : button.theme.window)
        border.width: button.visualFocus ? 2 : (button.primary || button.checked ? 0 : 1)
        border.color: button.visualFocus ? button.theme.text : button.theme.surfaceHover
    }
}
