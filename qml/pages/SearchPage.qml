pragma ComponentBehavior: Bound
import QtQuick
import QtQuick.Controls.Basic
import QtQuick.Layouts
import Reel
import "../components"

// One search over every source, results grouped by type; type, arrow down, Enter.
Item {
    id: page

    required property Theme theme
    required property Navigator nav
    required property SearchViewModel model
    readonly property PosterListModel results: model.results as PosterListModel
    readonly property var groupNames: ({ movie: "Movies", show: "Shows", season: "Seasons", episode: "Episodes" })

    objectName: "searchPage"

    function open(itemId: int, itemType: string) {
        page.nav.push(itemType === "show" || itemType === "episode" ? itemType : "movie", itemId)
    }

    // Later: the stack focuses the page itself once it is activated.
    StackView.onActivated: Qt.callLater(() => field.forceActiveFocus())

    ColumnLayout {
        anchors { fill: parent; leftMargin: 40; rightMargin: 40; topMargin: 28 }
        spacing: 18

        SearchField {
            id: field
            objectName: "searchField"
            Layout.fillWidth: true
            Layout.maximumWidth: 720
            implicitHeight: 48
            font.pixelSize: 18
            theme: page.theme
            placeholderText: "Search films, shows, episodes, people…"
            text: page.model.query
            onTextEdited: page.model.setQuery(text)
            Keys.onDownPressed: {
                results.currentIndex = 0
                results.forceActiveFocus()
            }
            Keys.onReturnPressed: {
                if (page.results.count > 0) {
                    results.currentIndex = 0
                    results.forceActiveFocus()
                }
            }
        }
        Text {
            objectName: "searchSummary"
            text: page.model.query.trim() === "" ? "Type to search every source."
                : page.model.errorMessage !== "" ? page.model.errorMessage
                : page.model.isLoading && page.results.count === 0 ? "Searching…"
                : page.results.count === 0 && !page.model.isLoading
                  ? "Nothing found for “" + page.model.query + "”. Check the spelling, or try fewer letters."
                : page.results.count + (page.results.count === 1 ? " result" : " results")
            color: page.model.errorMessage !== "" ? page.theme.danger : page.theme.textDim
            font.pixelSize: 14
        }
        ListView {
            id: results
            objectName: "searchResults"
            Layout.fillWidth: true
            Layout.fillHeight: true
            clip: true
            model: page.results
            spacing: 2
            keyNavigationEnabled: true
            currentIndex: -1
            boundsBehavior: Flickable.StopAtBounds
            ScrollBar.vertical: ScrollBar { policy: ScrollBar.AsNeeded }
            section.property: "itemType"
            section.delegate: Text {
                required property string section
                topPadding: 16
                bottomPadding: 8
                text: page.groupNames[section] || section
                color: page.theme.accent
                font.pixelSize: 13
                font.weight: Font.DemiBold
                font.capitalization: Font.AllUppercase
                font.letterSpacing: 1.2
            }
            delegate: ItemRowDelegate {
                width: results.width - 12
                theme: page.theme
                highlighted: results.activeFocus && ListView.isCurrentItem
                onActivated: page.open(itemId, itemType)
            }
            Keys.onReturnPressed: page.open(page.results.itemIdAt(currentIndex), page.results.itemTypeAt(currentIndex))
            Keys.onEnterPressed: page.open(page.results.itemIdAt(currentIndex), page.results.itemTypeAt(currentIndex))
            Keys.onUpPressed: event => {
                if (currentIndex <= 0)
                    field.forceActiveFocus()
                else
                    event.accepted = false
            }
        }
    }
}
