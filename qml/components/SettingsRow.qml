pragma ComponentBehavior: Bound
import QtQuick

// One setting: its name and a line of explanation on the left, its control on the right.
Item {
    id: row

    required property Theme theme
    required property string label
    property string hint: ""
    property bool divided: true  // a hairline above, between rows of one card
    default property alias control: slot.data

    width: parent ? parent.width : 400
    implicitHeight: Math.max(64, words.implicitHeight + 28, slot.childrenRect.height + 24)

    Rectangle {
        visible: row.divided
        anchors { left: parent.left; right: parent.right; top: parent.top; leftMargin: 20; rightMargin: 20 }
        height: 1
        color: row.theme.surfaceHover
    }
    Column {
        id: words
        anchors { left: parent.left; leftMargin: 20; right: slot.left; rightMargin: 24
                  verticalCenter: parent.verticalCenter }
        spacing: 3
        Text {
            width: parent.width
            text: row.label
            color: row.enabled ? row.theme.text : row.theme.textDim
            font.pixelSize: 14
            font.weight: Font.Medium
            wrapMode: Text.WordWrap
        }
        Text {
            visible: row.hint !== ""
            width: parent.width
            text: row.hint
            color: row.theme.textDim
            font.pixelSize: 12
            wrapMode: Text.WordWrap
        }
    }
    Item {
        id: slot
        anchors { right: parent.right; rightMargin: 20; verticalCenter: parent.verticalCenter }
        width: childrenRect.width
        height: childrenRect.height
    }
}
