pragma ComponentBehavior: Bound
import QtQuick
import QtQuick.Controls.Basic

// A whole number with a unit: type it (Enter or leaving the field applies it), or step it
// with the − and + buttons or the Up and Down keys. Out-of-range values are left to the
// view-model, which refuses them in words.
Row {
    id: number

    required property Theme theme
    required property int value
    required property int minimum
    required property int maximum
    property int step: 1
    property string unit: ""
    readonly property alias field: field

    signal committed(int value)

    function offer(candidate: int) {
        if (candidate !== number.value)
            number.committed(candidate)
        // The value now (a refused one was not taken), and "030" tidied to "30".
        number.showValue()
    }
    // Rebinds rather than assigns: an assignment would cut the text off `value` for good.
    function showValue() {
        field.text = Qt.binding(() => String(number.value))
    }
    function stepBy(delta: int) {
        number.offer(Math.max(number.minimum, Math.min(number.maximum, number.value + delta)))
    }

    spacing: 6

    component StepButton: AbstractButton {
        id: stepButton
        required property Theme theme
        width: 32
        height: 36
        focusPolicy: Qt.NoFocus  // the field's arrow keys do the same from the keyboard
        hoverEnabled: true
        contentItem: Text {
            text: stepButton.text
            color: stepButton.enabled ? stepButton.theme.text : stepButton.theme.textDim
            font.pixelSize: 17
            horizontalAlignment: Text.AlignHCenter
            verticalAlignment: Text.AlignVCenter
        }
        background: Rectangle {
            radius: 8
            color: stepButton.hovered ? stepButton.theme.surfaceHover : "transparent"
        }
    }

    StepButton {
        objectName: number.objectName + "Down"
        theme: number.theme
        text: "−"
        enabled: number.enabled && number.value > number.minimum
        onClicked: number.stepBy(-number.step)
    }
    TextField {
        id: field
        objectName: number.objectName + "Field"
        width: 76
        height: 36
        text: String(number.value)
        horizontalAlignment: TextInput.AlignHCenter
        color: number.theme.text
        selectionColor: number.theme.accent
        selectedTextColor: number.theme.window
        font.pixelSize: 14
        inputMethodHints: Qt.ImhDigitsOnly
        // Digits only; the range is the view-model's to check (and to explain).
        validator: RegularExpressionValidator { regularExpression: /[0-9]{0,7}/ }
        onEditingFinished: {
            if (field.text === "")
                number.showValue()
            else
                number.offer(parseInt(field.text))
        }
        Keys.onUpPressed: number.stepBy(number.step)
        Keys.onDownPressed: number.stepBy(-number.step)
        background: Rectangle {
            radius: 8
            color: number.theme.window
            border.width: field.activeFocus ? 2 : 1
            border.color: field.activeFocus ? number.theme.accent : number.theme.surfaceHover
        }
    }
    StepButton {
        objectName: number.objectName + "Up"
        theme: number.theme
        text: "+"
        enabled: number.enabled && number.value < number.maximum
        onClicked: number.stepBy(number.step)
    }
    Text {
        visible: number.unit !== ""
        width: 60
        height: 36
        leftPadding: 2
        text: number.unit
        color: number.theme.textDim
        font.pixelSize: 13
        verticalAlignment: Text.AlignVCenter
    }
}
