pragma ComponentBehavior: Bound
import QtQuick
import QtQuick.Controls.Basic
import QtQuick.Layouts
import Reel
import "../components"

// One library: a virtualised poster grid or list, with sort, filters and search.
Item {
    id: page

    required property Theme theme
    required property Navigator nav
    required property LibraryViewModel model
    readonly property LibraryItemsModel items: model.items as LibraryItemsModel
    readonly property var ratingSteps: [0, 5, 6, 7, 8, 9]

    objectName: "libraryPage"

    function open(itemId: int, itemType: string) {
        if (itemId > 0)
            page.nav.push(itemType === "show" ? "show" : "movie", itemId)
    }

    // Later: the stack focuses the page itself once it is activated.
    StackView.onActivated: Qt.callLater(() => view.currentItemView.forceActiveFocus())

    function activateCurrent(view: var) {
        if (view.currentItem)
            view.currentItem.activated()
    }

    // The first row in view is kept per library, so coming back shows the same place.
    function rememberScroll() {
        const shown = view.currentItemView
        const row = shown.indexAt(shown.contentX + 1, shown.contentY + 1)
        if (row >= 0)
            page.model.rememberScroll(row)
    }
    function restoreScroll() {
        const row = page.model.scrollRow
        if (row > 0 && row < page.items.count)
            view.currentItemView.positionViewAtIndex(row, GridView.Beginning)
    }

    Component.onCompleted: {
        if (!page.model.isLoading && page.items.count > 0)
            Qt.callLater(page.restoreScroll)
    }
    Connections {
        target: page.model
        function onLoaded() { page.restoreScroll() }
    }
    // Saved a moment after scrolling stops (not on every pixel).
    Timer {
        id: scrollSaver
        interval: 200
        onTriggered: page.rememberScroll()
    }

    ColumnLayout {
        anchors { fill: parent; leftMargin: 32; rightMargin: 32; topMargin: 24 }
        spacing: 14

        RowLayout {
            Layout.fillWidth: true
            spacing: 12
            Text {
                objectName: "libraryTitle"
                text: page.model.libraryMissing ? "Library not found" : page.model.name
                color: page.theme.text
                font.pixelSize: 28
                font.weight: Font.DemiBold
            }
            Text {
                objectName: "libraryCount"
                Layout.alignment: Qt.AlignBaseline
                visible: !page.model.libraryMissing
                text: Number(page.items.count).toLocaleString(Qt.locale(), "f", 0)
                      + (page.items.count === 1 ? " item" : " items")
                color: page.theme.textDim
                font.pixelSize: 15
            }
            Item { Layout.fillWidth: true }
            SearchField {
                id: search
                objectName: "librarySearch"
                visible: !page.model.libraryMissing
                Layout.preferredWidth: 260
                theme: page.theme
                placeholderText: "Search this library"
                text: page.model.searchText
                onTextEdited: page.model.setSearchText(text)
                Keys.onDownPressed: {
                    view.currentItemView.currentIndex = Math.max(0, view.currentItemView.currentIndex)
                    view.currentItemView.forceActiveFocus()
                }
            }
            ActionButton {
                objectName: "viewGrid"
                visible: !page.model.libraryMissing
                theme: page.theme
                text: "▦"
                checkable: true
                checked: page.model.viewMode === "grid"
                onClicked: {
                    page.model.setViewMode("grid")
                    Qt.callLater(page.restoreScroll)
                }
            }
            ActionButton {
                objectName: "viewList"
                visible: !page.model.libraryMissing
                theme: page.theme
                text: "☰"
                checkable: true
                checked: page.model.viewMode === "list"
                onClicked: {
                    page.model.setViewMode("list")
                    Qt.callLater(page.restoreScroll)
                }
            }
        }

        Flow {
            Layout.fillWidth: true
            visible: !page.model.libraryMissing  // nothing to sort or filter
            spacing: 10
            ChoiceBox {
                id: sortBox
                objectName: "sortBox"
                theme: page.theme
                prefix: "Sort: "
                model: page.model.sortOptions
                textRole: "label"
                valueRole: "key"
                currentIndex: page.model.sortOptions.findIndex(o => o.key === page.model.sortKey)
                onActivated: page.model.setSortKey(currentValue)
            }
            ActionButton {
                objectName: "sortDirection"
                theme: page.theme
                text: page.model.descending ? "↓" : "↑"
                onClicked: page.model.setDescending(!page.model.descending)
            }
            ChoiceBox {
                objectName: "genreBox"
                theme: page.theme
                model: ["All genres"].concat(page.model.genres)
                currentIndex: Math.max(0, page.model.genres.indexOf(page.model.genre) + 1)
                onActivated: index => page.model.setGenre(index === 0 ? "" : page.model.genres[index - 1])
            }
            ChoiceBox {
                objectName: "stateBox"
                theme: page.theme
                prefix: "Show: "
                model: page.model.stateOptions
                textRole: "label"
                valueRole: "key"
                currentIndex: page.model.stateOptions.findIndex(o => o.key === page.model.watchState)
                onActivated: page.model.setWatchState(currentValue)
            }
            ChoiceBox {
                objectName: "ratingBox"
                theme: page.theme
                implicitWidth: 130
                model: ["Any rating", "5+", "6+", "7+", "8+", "9+"]
                currentIndex: Math.max(0, page.ratingSteps.indexOf(Math.round(page.model.minRating)))
                onActivated: index => page.model.setMinRating(page.ratingSteps[index])
            }
            YearField {
                objectName: "yearFrom"
                theme: page.theme
                placeholderText: "From year"
                value: page.model.yearFrom
                onCommitted: year => page.model.setYearRange(year, page.model.yearTo)
            }
            YearField {
                objectName: "yearTo"
                theme: page.theme
                placeholderText: "To year"
                value: page.model.yearTo
                onCommitted: year => page.model.setYearRange(page.model.yearFrom, year)
            }
            ActionButton {
                objectName: "clearFilters"
                visible: page.model.hasFilters
                theme: page.theme
                text: "Clear filters"
                onClicked: page.model.clearFilters()
            }
        }

        Item {
            id: view
            Layout.fillWidth: true
            Layout.fillHeight: true
            readonly property Item currentItemView: page.model.viewMode === "list" ? list : grid

            GridView {
                id: grid
                objectName: "libraryGrid"
                anchors.fill: parent
                visible: page.model.viewMode === "grid"
                clip: true
                model: page.items
                readonly property int columns: Math.max(2, Math.floor(width / 176))
                cellWidth: Math.floor(width / columns)
                cellHeight: (cellWidth - 20) * 1.5 + 72
                cacheBuffer: cellHeight * 2
                keyNavigationEnabled: true
                currentIndex: -1
                boundsBehavior: Flickable.StopAtBounds
                ScrollBar.vertical: ScrollBar { policy: ScrollBar.AsNeeded }
                highlightFollowsCurrentItem: false
                onContentYChanged: if (visible) scrollSaver.restart()
                delegate: PosterCard {
                    required property int index
                    required property bool loaded
                    width: grid.cellWidth - 20
                    theme: page.theme
                    highlighted: grid.activeFocus && GridView.isCurrentItem
                    onActivated: page.open(itemId, itemType)
                }
                Keys.onReturnPressed: page.activateCurrent(grid)
                Keys.onEnterPressed: page.activateCurrent(grid)
            }

            ListView {
                id: list
                objectName: "libraryList"
                anchors.fill: parent
                visible: page.model.viewMode === "list"
                clip: true
                model: visible ? page.items : null
                spacing: 2
                onContentYChanged: if (visible) scrollSaver.restart()
                keyNavigationEnabled: true
                currentIndex: -1
                boundsBehavior: Flickable.StopAtBounds
                ScrollBar.vertical: ScrollBar { policy: ScrollBar.AsNeeded }
                delegate: ItemRowDelegate {
                    width: list.width - 12
                    theme: page.theme
                    highlighted: list.activeFocus && ListView.isCurrentItem
                    onActivated: page.open(itemId, itemType)
                }
                Keys.onReturnPressed: page.activateCurrent(list)
                Keys.onEnterPressed: page.activateCurrent(list)
            }

            BusyIndicator {
                anchors.centerIn: parent
                running: page.model.isLoading && page.items.count === 0
            }
            Column {
                objectName: "libraryEmpty"
                anchors.centerIn: parent
                width: Math.min(parent.width - 40, 480)
                spacing: 14
                visible: !page.model.isLoading && page.items.count === 0
                Rectangle {
                    readonly property bool failed: page.model.errorMessage !== ""
                    anchors.horizontalCenter: parent.horizontalCenter
                    width: 72
                    height: 72
                    radius: 36
                    color: page.theme.surface
                    border.width: 2
                    border.color: failed ? page.theme.danger : page.theme.accent
                    Text {
                        anchors.centerIn: parent
                        text: parent.failed ? "!" : page.model.hasFilters ? "⌕" : "▦"
                        color: parent.failed ? page.theme.danger : page.theme.accent
                        font.pixelSize: 30
                        font.weight: Font.DemiBold
                    }
                }
                Text {
                    objectName: "libraryEmptyText"
                    width: parent.width
                    horizontalAlignment: Text.AlignHCenter
                    wrapMode: Text.WordWrap
                    text: page.model.errorMessage !== "" ? page.model.errorMessage
                        : page.model.hasFilters ? "Nothing here matches these filters."
                        : "This library is empty. Its items appear here after the next sync."
                    color: page.model.errorMessage !== "" ? page.theme.danger : page.theme.textDim
                    font.pixelSize: 16
                }
                ActionButton {
                    objectName: "libraryEmptyAction"
                    anchors.horizontalCenter: parent.horizontalCenter
                    visible: page.model.hasFilters || page.model.errorMessage !== ""
                    theme: page.theme
                    primary: true
                    text: page.model.libraryMissing ? "Go to Home"
                        : page.model.errorMessage !== "" ? "Try again" : "Clear filters"
                    onClicked: {
                        if (page.model.libraryMissing)
                            page.nav.jump("home", 0)
                        else if (page.model.errorMessage !== "")
                            page.model.reload()
                        else
                            page.model.clearFilters()
                    }
                }
            }
        }
    }
}
