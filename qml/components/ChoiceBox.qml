pragma ComponentBehavior: Bound
import QtQuick
import QtQuick.Controls.Basic

// A dark drop-down over a list of {key, label} (or plain strings).
ComboBox {
    id: box

    required property Theme theme
    property string prefix: ""

    implicitHeight: 36
    implicitWidth: 170
    font.pixelSize: 13

    background: Rectangle {
        radius: 8
        color: box.hovered || box.pressed ? box.theme.surfaceHover : box.theme.surface
        border.width: box.visualFocus ? 2 : 0
        border.color: box.theme.accent
    }
    contentItem: Text {
        leftPadding: 12
        rightPadding: 28
        text: box.prefix + box.displayText
        color: box.theme.text
        font: box.font
        verticalAlignment: Text.AlignVCenter
        elide: Text.ElideRight
    }
    indicator: Text {
        x: box.width - width - 12
        anchors.verticalCenter: box.verticalCenter
        text: "▾"
        color: box.theme.textDim
        font.pixelSize: 12
    }
    delegate: ItemDelegate {
        id: choice
        required property int index
        required property var modelData
        width: ListView.view ? ListView.view.width : box.width
        highlighted: box.highlightedIndex === index
        contentItem: Text {
            text: box.textRole ? choice.modelData[box.textRole] : choice.modelData
            color: box.theme.text
            font: box.font
            elide: Text.ElideRight
            verticalAlignment: Text.AlignVCenter
        }
        background: Rectangle { color: choice.highlighted ? box.theme.surfaceHover : "transparent" }
    }
    popup: Popup {
        y: box.height + 4
        width: Math.max(box.width, 180)
        implicitHeight: Math.min(contentItem.implicitHeight + 8, 360)
        padding: 4
        contentItem: ListView {
            clip: true
            implicitHeight: contentHeight
            model: box.popup.visible ? box.delegateModel : null
            currentIndex: box.highlightedIndex
            ScrollIndicator.vertical: ScrollIndicator {}
        }
        background: Rectangle {
            radius: 8
            color: box.theme.sidebar
            border.color: box.theme.surfaceHover
        }
    }
}
