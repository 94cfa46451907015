pragma ComponentBehavior: Bound
import QtQuick
import QtQuick.Controls.Basic
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
        page.browser.nav.push(itemType === "show" || itemType === "episode" ? itemType : "movie", itemId)
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
        HomeSourceSwitcher {
            objectName: "homeSources"
            width: parent.width
            // One source is all there is to show: no switcher.
            visible: page.shell.sources.count >= 2
            theme: page.theme
            sources: page.shell.sources
            rows: page.rows
        }
        Row {
            objectName: "homeLoading"
            visible: page.rows.isLoading
            spacing: 12
            BusyIndicator {
                width: 28
                height: 28
                running: page.rows.isLoading
            }
            Text {
                anchors.verticalCenter: parent.verticalCenter
                text: "Reading your library…"
                color: page.theme.textDim
                font.pixelSize: 14
            }
        }
        HomeNotice {
            objectName: "homeError"
            width: parent.width
            visible: page.rows.errorMessage !== ""
            theme: page.theme
            glyph: "!"
            tone: page.theme.danger
            title: "Home could not be read"
            message: page.rows.errorMessage
            actionText: "Try again"
            onAction: page.rows.refresh()
        }
        HomeNotice {
            objectName: "homeNothingStarted"
            width: parent.width
            visible: page.rows.hasLoaded && page.rows.errorMessage === ""
                     && page.rows.continueWatching.count === 0 && page.rows.nextUp.count === 0
                     && page.rows.recentlyAdded.count > 0
            theme: page.theme
            glyph: "▶"
            title: "Nothing in progress"
            message: "Films and episodes you start show up here, so you can pick up where you "
                     + "left off. Pick something from Recently added or a library on the left."
        }
        HomeNotice {
            objectName: "homeNothingAdded"
            width: parent.width
            visible: page.rows.hasLoaded && page.rows.errorMessage === ""
                     && page.rows.recentlyAdded.count === 0
            theme: page.theme
            glyph: "⟳"
            title: "Your libraries are empty so far"
            message: "Items appear here as soon as a sync brings them in. Sources sync at "
                     + "start-up and then on a schedule; the sidebar shows how each one is doing."
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
