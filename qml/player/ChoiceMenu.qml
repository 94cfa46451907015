pragma ComponentBehavior: Bound
import QtQuick
import QtQuick.Controls.Basic
import "../components"

// A dark pop-up list of choices with a tick beside the current one.
Popup {
    id: menu

    required property Theme theme
    property string title: ""
    property var entries: []     // [{label, selected}]
    property real maxHeight: 100000  // the room the page has: a longer list scrolls
    signal chosen(int index)

    padding: 8
    width: 260
    height: Math.min(implicitHeight, maxHeight)
    modal: false
    focus: true
    closePolicy: Popup.CloseOnEscape | Popup.CloseOnPressOutsideParent

    background: Rectangle {
        radius: menu.theme.radius
        color: "#f2171a21"
        border.color: "#22ffffff"
    }

    contentItem: Flickable {
        id: flick
        implicitWidth: choices.implicitWidth
        implicitHeight: choices.implicitHeight
        contentHeight: choices.implicitHeight
        clip: true
        boundsBehavior: Flickable.StopAtBounds
        ScrollBar.vertical: ScrollBar {
            policy: flick.contentHeight > flick.height ? ScrollBar.AlwaysOn : ScrollBar.AlwaysOff
        }

        Column {
            id: choices
            width: flick.width
            spacing: 2
            Text {
                text: menu.title
                visible: menu.title !== ""
                color: menu.theme.textDim
                font.pixelSize: 12
                font.weight: Font.DemiBold
                font.capitalization: Font.AllUppercase
                leftPadding: 10
                topPadding: 4
                bottomPadding: 6
            }
            Repeater {
                model: menu.entries
                delegate: MenuRow {
                    required property var modelData
                    required property int index
                    theme: menu.theme
                    width: choices.width
                    label: modelData.label
                    selected: modelData.selected
                    onClicked: {
                        menu.chosen(index)
                        menu.close()
                    }
                }
            }
        }
    }
}
