import QtQuick
import QtQuick.Controls.Basic
import "../components"

// "Label   −  value  +" for a small numeric setting (subtitle delay, size).
Item {
    id: stepper

    required property Theme theme
    property string label: ""
    property string valueText: ""
    signal decreased()
    signal increased()

    implicitHeight: 36

    Text {
        anchors.verticalCenter: parent.verticalCenter
        leftPadding: 10
        text: stepper.label
        color: stepper.theme.text
        font.pixelSize: 14
    }
    Row {
        anchors.right: parent.right
        anchors.verticalCenter: parent.verticalCenter
        spacing: 4
        component StepButton: AbstractButton {
            id: step
            property string glyph: ""
            implicitWidth: 30
            implicitHeight: 30
            focusPolicy: Qt.NoFocus
            hoverEnabled: true
            background: Rectangle { radius: 15; color: step.hovered ? "#33ffffff" : "#1affffff" }
            contentItem: Text {
                text: step.glyph
                color: "white"
                font.pixelSize: 18
                horizontalAlignment: Text.AlignHCenter
                verticalAlignment: Text.AlignVCenter
            }
        }
        StepButton { glyph: "−"; onClicked: stepper.decreased() }
        Text {
            width: 64
            anchors.verticalCenter: parent.verticalCenter
            horizontalAlignment: Text.AlignHCenter
            text: stepper.valueText
            color: "white"
            font.pixelSize: 13
            font.family: stepper.theme.mono
        }
        StepButton { glyph: "+"; onClicked: stepper.increased() }
    }
}
