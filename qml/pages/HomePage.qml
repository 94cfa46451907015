pragma ComponentBehavior: Bound
import QtQuick
import Reel
import "../components"

// With sources present: what is in the library, per source, from the local copy.
Flickable {
    id: page

    required property Theme theme
    required property ShellViewModel shell
    required property BrowserViewModel browser
    readonly property HomeViewModel rows: browser.homePage

    function open(itemId: int, itemType: string) {
        page.browser.nav.push(itemType === "show" ? "show" : "movie", itemId)
    }

    objectName: "homePage"
    contentHeight: content.implicitHeight + 64
    clip: true

    Column {
        id: content
        x: 40
        y: 32
        width: page.width - 80
        spacing: 28

        Text {
            objectName: "homeTitle"
            text: "Home"
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
            topPadding: -20
        }
        PosterShelf {
            objectName: "continueWatching"
            width: parent.width
            theme: page.theme
            title: "Continue watching"
            model: page.rows.continueWatching
            landscape: true
            cardWidth: 260
            onActivated: (itemId, itemType) => page.open(itemId, itemType)
        }
        PosterShelf {
            objectName: "nextUp"
            width: parent.width
            theme: page.theme
            title: "Next up"
            model: page.rows.nextUp
            landscape: true
            cardWidth: 260
            onActivated: (itemId, itemType) => page.open(itemId, itemType)
        }
        PosterShelf {
            objectName: "recentlyAdded"
            width: parent.width
            theme: page.theme
            title: "Recently added"
            model: page.rows.recentlyAdded
            onActivated: (itemId, itemType) => page.open(itemId, itemType)
        }
        Text {
            text: "Sources"
            color: page.theme.text
            font.pixelSize: 20
            font.weight: Font.DemiBold
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
