import QtQuick
import QtQuick.Controls.Basic
import ".."

// A kind of source to choose: its tile, name and what it is for.
AbstractButton {
    id: card

    required property Theme theme
    required property string sourceType
    property string detail: ""

    implicitHeight: 188
    hoverEnabled: true
    focusPolicy: Qt.StrongFocus

    background: Rectangle {
        radius: 14
        color: card.hovered ? card.theme.surfaceHover : card.theme.surface
        border.width: card.visualFocus ? 2 : 1
        border.color: card.visualFocus ? card.theme.accent
                                       : card.hovered ? card.theme.withAlpha(card.theme.accent, 0.5)
                                                      : card.theme.surfaceHover
        Behavior on color { ColorAnimation { duration: 120 } }
    }
    contentItem: Column {
        padding: 22
        spacing: 12
        SourceCardIcon {
            sourceType: card.sourceType
            size: 44
        }
        Text {
            text: card.text
            color: card.theme.text
            font.pixelSize: 18
            font.weight: Font.DemiBold
        }
        Text {
            width: card.width - 44
            text: card.detail
            color: card.theme.textDim
            font.pixelSize: 13
            wrapMode: Text.Wrap
            lineHeight: 1.2
        }
    }
    Keys.onReturnPressed: card.clicked()
    Keys.onEnterPressed: card.clicked()
}
