pragma ComponentBehavior: Bound
import QtQuick
import QtQuick.Controls.Basic
import QtQuick.Layouts
import Reel
import "../components"

// A show: details, seasons as tabs, the chosen season's episodes; play next, mark watched.
Flickable {
    id: page

    required property Theme theme
    required property Navigator nav
    required property ShowViewModel model
    readonly property var detail: model.detail
    readonly property bool ready: detail.itemId !== undefined
    readonly property PosterListModel seasons: model.seasons as PosterListModel
    readonly property PosterListModel episodes: model.episodes as PosterListModel

    objectName: "showPage"
    contentHeight: body.y + body.implicitHeight + 48
    clip: true
    boundsBehavior: Flickable.StopAtBounds
    ScrollBar.vertical: ScrollBar { policy: ScrollBar.AsNeeded }

    // Scrolls so that a row reached with Tab is in view.
    function reveal(row: Item) {
        const top = row.mapToItem(page.contentItem, 0, 0).y
        if (top < page.contentY)
            page.contentY = Math.max(0, top - 24)
        else if (top + row.height > page.contentY + page.height)
            page.contentY = Math.min(page.contentHeight - page.height, top + row.height - page.height + 24)
    }

    // Later: the stack focuses the page itself once it is activated.
    StackView.onActivated: Qt.callLater(() => playNext.forceActiveFocus())

    Backdrop {
        id: backdrop
        width: page.width
        height: Math.min(400, page.width * 0.38)
        theme: page.theme
        sourceId: page.ready ? page.detail.sourceId : 0
        ref: page.ready ? page.detail.backdropRef : ""
        blurhash: page.ready ? page.detail.backdropBlurhash : ""
    }

    ColumnLayout {
        id: body
        x: 40
        // Without a backdrop the page starts at the top instead of under an empty band.
        y: page.ready && page.detail.backdropRef !== "" ? Math.max(100, backdrop.height - 220) : 32
        width: page.width - 80
        spacing: 20

        RowLayout {
            spacing: 32
            Layout.fillWidth: true
            Poster {
                Layout.preferredWidth: 200
                Layout.preferredHeight: 300
                theme: page.theme
                radius: 12
                sourceId: page.ready ? page.detail.sourceId : 0
                ref: page.ready ? page.detail.posterRef : ""
                blurhash: page.ready ? page.detail.blurhash : ""
                fallbackText: page.ready ? page.detail.title : ""
                watched: page.ready && page.detail.watched
            }
            ColumnLayout {
                Layout.fillWidth: true
                Layout.alignment: Qt.AlignBottom
                spacing: 12
                Text {
                    objectName: "showTitle"
                    Layout.fillWidth: true
                    text: page.ready ? page.detail.title : ""
                    color: page.theme.text
                    font.pixelSize: 38
                    font.weight: Font.Bold
                    wrapMode: Text.WordWrap
                }
                Text {
                    Layout.fillWidth: true
                    text: page.ready ? [page.detail.year > 0 ? String(page.detail.year) : "",
                                        page.seasons.count === 1 ? "1 season" : page.seasons.count + " seasons",
                                        page.detail.contentRating,
                                        page.detail.rating >= 0 ? "★ " + page.detail.rating : "",
                                        page.detail.genres.join(", ")]
                                       .filter(part => part !== "").join("   ·   ") : ""
                    color: page.theme.textDim
                    font.pixelSize: 15
                }
                Text {
                    Layout.fillWidth: true
                    Layout.maximumWidth: 820
                    text: page.ready ? page.detail.overview : ""
                    visible: text !== ""
                    color: page.theme.text
                    font.pixelSize: 14
                    lineHeight: 1.3
                    maximumLineCount: 4
                    elide: Text.ElideRight
                    wrapMode: Text.WordWrap
                }
                RowLayout {
                    spacing: 12
                    Layout.topMargin: 6
                    ActionButton {
                        id: playNext
                        objectName: "playNextButton"
                        theme: page.theme
                        primary: true
                        enabled: page.model.nextEpisodeId > 0
                        text: page.model.nextEpisodeId > 0 ? "▶  Play " + page.model.nextEpisodeText : "All watched"
                        onClicked: page.model.playNext()
                    }
                    ActionButton {
                        objectName: "showWatchedButton"
                        theme: page.theme
                        checked: page.ready && page.detail.watched
                        text: page.ready && page.detail.watched ? "✓  Watched" : "Mark show watched"
                        onClicked: page.model.setWatched(!(page.ready && page.detail.watched))
                    }
                }
            }
        }

        RowLayout {
            Layout.fillWidth: true
            Layout.topMargin: 10
            spacing: 10
            Repeater {
                model: page.seasons
                delegate: ActionButton {
                    required property int itemId
                    required property string itemTitle
                    required property bool watched
                    objectName: "season" + itemId
                    theme: page.theme
                    text: itemTitle + (watched ? "  ✓" : "")
                    checked: page.model.seasonId === itemId
                    onClicked: page.model.selectSeason(itemId)
                }
            }
            Item { Layout.fillWidth: true }
            ActionButton {
                objectName: "seasonWatchedButton"
                visible: page.model.seasonId > 0
                theme: page.theme
                text: "Mark season watched"
                onClicked: page.model.markWatched(page.model.seasonId, true)
            }
        }

        Column {
            objectName: "episodeList"
            Layout.fillWidth: true
            spacing: 10
            Repeater {
                model: page.episodes
                delegate: EpisodeRow {
                    id: row
                    width: parent.width
                    theme: page.theme
                    onPlay: page.model.playEpisode(itemId)
                    onOpen: page.nav.push("episode", itemId)
                    onActiveFocusChanged: if (activeFocus) page.reveal(row)
                    onToggleWatched: page.model.markWatched(itemId, !watched)
                }
            }
        }
        Text {
            visible: page.model.errorMessage !== ""
            text: page.model.errorMessage
            color: page.theme.danger
            font.pixelSize: 15
        }
    }
}
