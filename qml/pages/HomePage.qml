pragma ComponentBehavior: Bound
import QtQuick
import Reel
import "../components"

// With sources present: what is in the library, per source, from the local copy.
Flickable {
    id: page

    required property Theme theme
    required property ShellViewModel shell

    objectName: "homePage"
    contentHeight: content.implicitHeight + 64
    clip: true

    Column {
        id: content
        x: 40
        y: 32
        width: page.width - 80
        spacing: 20

        Text {
            objectName: "homeTitle"
            text: "Your library"
            color: page.theme.text
            font.pixelSize: 28
            font.weight: Font.DemiBold
        }
        Text {
            objectName: "homeSummary"
            text: page.shell.sources.count + (page.shell.sources.count === 1 ? " source · " : " sources · ")
                  + Number(page.shell.totalItems).toLocaleString(Qt.locale(), "f", 0) + " items"
            color: page.theme.textDim
            font.pixelSize: 15
        }
        Flow {
            width: parent.width
            spacing: 16
            Repeater {
                model: page.shell.sources
                delegate: Rectangle {
                    id: card
                    required property string name
                    required property string statusText
                    required property int itemCount
                    required property var libraries
                    width: 300
                    height: 150
                    radius: page.theme.radius
                    color: page.theme.surface

                    Column {
                        anchors { fill: parent; margins: 18 }
                        spacing: 6
                        Text {
                            width: parent.width
                            text: card.name
                            color: page.theme.text
                            font.pixelSize: 18
                            font.weight: Font.DemiBold
                            elide: Text.ElideRight
                        }
                        Text {
                            width: parent.width
                            text: card.statusText
                            color: page.theme.textDim
                            font.pixelSize: 13
                            elide: Text.ElideRight
                        }
                        Text {
                            topPadding: 10
                            text: Number(card.itemCount).toLocaleString(Qt.locale(), "f", 0)
                            color: page.theme.accent
                            font.pixelSize: 30
                            font.weight: Font.Bold
                        }
                        Text {
                            // Libraries Reel cannot show yet hold no items to count.
                            readonly property int shown: card.libraries.filter(lib => lib.supported).length
                            text: shown === 1 ? "items in 1 library" : "items in " + shown + " libraries"
                            color: page.theme.textDim
                            font.pixelSize: 12
                        }
                    }
                }
            }
        }
    }
}
