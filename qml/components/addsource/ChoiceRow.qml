import QtQuick
import QtQuick.Controls.Basic
import ".."

// A checkable row (a check box, or a radio button with `exclusive`): title and a detail.
AbstractButton {
    id: row

    required property Theme theme
    property string detail: ""
    property bool exclusive: false
    property string badge: ""
    property color badgeColor: theme.warning

    checkable: true
    hoverEnabled: true
    focusPolicy: Qt.StrongFocus
    implicitHeight: 52
    implicitWidth: 320

    background: Rectangle {
        radius: 8
        color: row.checked ? row.theme.withAlpha(row.theme.accent, 0.12)
                           : row.hovered ? row.theme.surfaceHover : row.theme.window
        border.width: row.visualFocus ? 2 : 1
        border.color: row.visualFocus || row.checked ? row.theme.accent : row.theme.surfaceHover
    }
    contentItem: Item {
        Rectangle {
            id: mark
            x: 14
            visible: row.checkable
            anchors.verticalCenter: parent.verticalCenter
            width: 18
            height: 18
            radius: row.exclusive ? 9 : 4
            color: row.checked ? row.theme.accent : "transparent"
            border.width: 2
            border.color: row.checked ? row.theme.accent : row.theme.textDim
            Text {
                anchors.centerIn: parent
                visible: row.checked
                text: row.exclusive ? "●" : "✓"
                color: row.theme.window
                font.pixelSize: row.exclusive ? 8 : 12
                font.bold: true
            }
        }
        Column {
            anchors { left: row.checkable ? mark.right : parent.left; right: badgeText.left
                      leftMargin: 14; rightMargin: 10
                      verticalCenter: parent.verticalCenter }
            Text {
                width: parent.width
                text: row.text
                color: row.theme.text
                font.pixelSize: 14
                font.weight: Font.DemiBold
                elide: Text.ElideRight
            }
            Text {
                width: parent.width
                visible: row.detail !== ""
                text: row.detail
                color: row.theme.textDim
                font.pixelSize: 12
                elide: Text.ElideRight
            }
        }
        Text {
            id: badgeText
            anchors { right: parent.right; rightMargin: 14; verticalCenter: parent.verticalCenter }
            text: row.badge
            color: row.badgeColor
            font.pixelSize: 12
            font.weight: Font.DemiBold
        }
    }
}
