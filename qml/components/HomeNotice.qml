pragma ComponentBehavior: Bound
import QtQuick

// A quiet card in place of an empty or failed Home row: a glyph, what is going on, and
// (optionally) one action.
Rectangle {
    id: notice

    required property Theme theme
    property string glyph: "▶"
    property color tone: theme.accent
    property string title: ""
    property string message: ""
    property string actionText: ""

    signal action()

    implicitHeight: Math.max(96, body.implicitHeight + 40)
    radius: theme.radius
    color: theme.surface
    border.width: 1
    border.color: Qt.lighter(theme.surface, 1.35)

    Rectangle {
        id: badge
        anchors { left: parent.left; leftMargin: 22; verticalCenter: parent.verticalCenter }
        width: 52
        height: 52
        radius: 26
        color: "transparent"
        border.width: 2
        border.color: notice.tone
        Text {
            anchors.centerIn: parent
            text: notice.glyph
            color: notice.tone
            font.pixelSize: 22
            font.weight: Font.DemiBold
        }
    }
    Column {
        id: body
        anchors { left: badge.right; leftMargin: 20; right: button.left; rightMargin: 20
                  verticalCenter: parent.verticalCenter }
        spacing: 6
        Text {
            width: parent.width
            text: notice.title
            color: notice.theme.text
            font.pixelSize: 16
            font.weight: Font.DemiBold
            elide: Text.ElideRight
        }
        Text {
            width: parent.width
            text: notice.message
            color: notice.theme.textDim
            font.pixelSize: 13
            lineHeight: 1.25
            wrapMode: Text.WordWrap
        }
    }
    ActionButton {
        id: button
        anchors { right: parent.right; rightMargin: 22; verticalCenter: parent.verticalCenter }
        width: visible ? implicitWidth : 0
        visible: notice.actionText !== ""
        theme: notice.theme
        primary: true
        text: notice.actionText
        onClicked: notice.action()
    }
}
