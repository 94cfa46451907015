pragma ComponentBehavior: Bound
import QtQuick

// A titled card of settings rows (Playback, Sync …); rows go inside, one under another.
Column {
    id: section

    required property Theme theme
    required property string title
    property string note: ""
    default property alias rows: card.data

    spacing: 10

    Text {
        text: section.title
        color: section.theme.text
        font.pixelSize: 18
        font.weight: Font.DemiBold
    }
    Text {
        visible: section.note !== ""
        width: section.width
        text: section.note
        color: section.theme.textDim
        font.pixelSize: 13
        wrapMode: Text.WordWrap
        topPadding: -4
    }
    Rectangle {
        width: section.width
        height: card.implicitHeight + 8
        radius: section.theme.radius
        color: section.theme.surface
        border.width: section.theme.light ? 1 : 0
        border.color: section.theme.surfaceHover

        Column {
            id: card
            y: 4
            width: parent.width
        }
    }
}
