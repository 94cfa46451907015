import QtQuick
import QtQuick.Controls.Basic
import "../components"

// One choice in a player menu: a tick when selected, the label, a hover highlight.
AbstractButton {
    id: row

    required property Theme theme
    property string label: ""
    property bool selected: false

    implicitHeight: 36
    hoverEnabled: true
    focusPolicy: Qt.NoFocus

    background: Rectangle {
        radius: 6
        color: row.hovered ? "#1fffffff" : "transparent"
    }
    contentItem: Row {
        spacing: 8
        leftPadding: 6
        Item {
            width: 20
            height: row.height
            Icon {
                anchors.centerIn: parent
                visible: row.selected
                path: icons.check
                size: 18
                color: row.theme.accent
                Icons { id: icons }
            }
        }
        Text {
            anchors.verticalCenter: parent.verticalCenter
            width: row.width - 44
            text: row.label
            elide: Text.ElideRight
            color: row.selected ? "white" : row.theme.text
            font.pixelSize: 14
            font.weight: row.selected ? Font.DemiBold : Font.Normal
        }
    }
}
