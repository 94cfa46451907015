pragma ComponentBehavior: Bound
import QtQuick
import QtQuick.Controls.Basic

// One navigation entry of the sidebar.
ItemDelegate {
    id: entry

    required property Theme theme
    required property string label
    required property string glyph
    property bool current: false

    implicitHeight: 40
    padding: 0

    background: Rectangle {
        radius: entry.theme.radius
        color: entry.current ? entry.theme.surfaceHover
                             : (entry.hovered ? entry.theme.surface : "transparent")
    }

    contentItem: Row {
        spacing: 12
        leftPadding: 12
        Text {
            anchors.verticalCenter: parent.verticalCenter
            text: entry.glyph
            color: entry.current ? entry.theme.accent : entry.theme.textDim
            font.pixelSize: 16
        }
        Text {
            anchors.verticalCenter: parent.verticalCenter
            text: entry.label
            color: entry.theme.text
            font.pixelSize: 14
            font.weight: entry.current ? Font.DemiBold : Font.Normal
        }
    }
}
