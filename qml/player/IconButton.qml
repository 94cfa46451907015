import QtQuick
import QtQuick.Controls.Basic

// A round, flat button showing one icon; brighter on hover.
AbstractButton {
    id: button

    property string iconPath: ""
    property real iconSize: 26
    property string tip: ""

    implicitWidth: 44
    implicitHeight: 44
    focusPolicy: Qt.NoFocus
    hoverEnabled: true

    contentItem: Item {
        Icon {
            anchors.centerIn: parent
            path: button.iconPath
            size: button.iconSize
            color: button.enabled ? "white" : "#66ffffff"
        }
    }
    background: Rectangle {
        radius: width / 2
        color: button.pressed ? "#40ffffff" : button.hovered ? "#26ffffff" : "transparent"
        Behavior on color { ColorAnimation { duration: 120 } }
    }

    ToolTip.visible: hovered && tip !== ""
    ToolTip.text: tip
    ToolTip.delay: 600
}
