import QtQuick
import ".."

// A form step's heading and the sentence under it.
Column {
    id: title

    required property Theme theme
    property string text: ""
    property string hint: ""

    spacing: 6

    Text {
        width: title.width
        text: title.text
        color: title.theme.text
        font.pixelSize: 22
        font.weight: Font.DemiBold
        wrapMode: Text.Wrap
    }
    Text {
        width: title.width
        visible: title.hint !== ""
        text: title.hint
        color: title.theme.textDim
        font.pixelSize: 14
        wrapMode: Text.Wrap
        lineHeight: 1.25
    }
}
