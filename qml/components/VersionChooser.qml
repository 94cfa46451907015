pragma ComponentBehavior: Bound
import QtQuick
import QtQuick.Controls.Basic
import Reel

// Which of an item's versions to play: "4K HDR · HEVC · 18 Mbps", with the server's name
// and the file size under it. Shown only when the server offers several.
ChoiceBox {
    id: chooser

    required property MovieViewModel details
    readonly property var versions: details.detail.versions || []

    objectName: "versionChooser"
    visible: versions.length > 1
    implicitWidth: 280
    implicitHeight: 38
    prefix: "Version: "
    model: versions
    textRole: "label"
    currentIndex: details.versionIndex
    onActivated: index => chooser.details.chooseVersion(index)

    delegate: ItemDelegate {
        id: choice
        required property int index
        required property var modelData
        objectName: "versionChoice" + index
        width: ListView.view ? ListView.view.width : chooser.width
        implicitHeight: 52
        highlighted: chooser.highlightedIndex === index
        contentItem: Item {
            implicitHeight: lines.implicitHeight
            Column {
                id: lines
                anchors { left: parent.left; right: tick.left; rightMargin: 8
                          verticalCenter: parent.verticalCenter }
                spacing: 3
                Text {
                    width: parent.width
                    text: choice.modelData.label
                    color: choice.index === chooser.currentIndex ? chooser.theme.accent : chooser.theme.text
                    font.pixelSize: 14
                    font.weight: Font.DemiBold
                    elide: Text.ElideRight
                }
                Text {
                    width: parent.width
                    visible: text !== ""
                    text: choice.modelData.detail
                    color: chooser.theme.textDim
                    font.pixelSize: 12
                    elide: Text.ElideRight
                }
            }
            // The version playing now.
            Text {
                id: tick
                anchors { right: parent.right; verticalCenter: parent.verticalCenter }
                text: choice.index === chooser.currentIndex ? "✓" : ""
                color: chooser.theme.accent
                font.pixelSize: 15
            }
        }
        background: Rectangle {
            radius: 6
            color: choice.highlighted ? chooser.theme.surfaceHover : "transparent"
        }
    }
}
