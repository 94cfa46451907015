import QtQuick
import ".."

// An error in words under a form, in the danger colour, with room for what to do next.
Rectangle {
    id: note

    required property Theme theme
    property string message: ""

    visible: message !== ""
    implicitHeight: visible ? text.implicitHeight + 24 : 0
    radius: 8
    color: note.theme.withAlpha(note.theme.danger, 0.12)
    border.width: 1
    border.color: note.theme.withAlpha(note.theme.danger, 0.45)

    Text {
        id: glyph
        x: 14
        y: 12
        text: "!"
        color: note.theme.danger
        font.pixelSize: 15
        font.weight: Font.Bold
    }
    Text {
        id: text
        objectName: note.objectName + "Text"
        anchors { left: glyph.right; right: parent.right; top: parent.top
                  leftMargin: 12; rightMargin: 14; topMargin: 12 }
        text: note.message
        color: note.theme.text
        wrapMode: Text.Wrap
        font.pixelSize: 13
        lineHeight: 1.2
    }
}
