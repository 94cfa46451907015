pragma ComponentBehavior: Bound
import QtQuick
import QtQuick.Controls.Basic
import QtQuick.Layouts
import Reel
import "../components"

// One episode: its still, show and season, S01E02 and title, air date, overview, guest
// stars, tracks; play, mark watched, and the episodes either side.
Flickable {
    id: page

    required property Theme theme
    required property Navigator nav
    required property EpisodeViewModel model
    readonly property var detail: model.detail
    readonly property bool ready: detail.itemId !== undefined

    objectName: "episodePage"
    contentHeight: body.y + body.implicitHeight + 48
    clip: true
    boundsBehavior: Flickable.StopAtBounds
    ScrollBar.vertical: ScrollBar { policy: ScrollBar.AsNeeded }

    // Later: the stack focuses the page itself once it is activated.
    StackView.onActivated: Qt.callLater(() => actions.playButton.forceActiveFocus())

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
        y: page.ready && page.detail.backdropRef !== "" ? Math.max(90, backdrop.height - 240) : 32
        width: page.width - 80
        spacing: 22

        // Where the episode belongs: its show (a link back to it) and season.
        RowLayout {
            spacing: 10
            visible: page.ready && page.detail.showTitle !== ""
            ActionButton {
                objectName: "episodeShowLink"
                theme: page.theme
                text: page.ready ? page.detail.showTitle : ""
                onClicked: page.nav.push("show", page.detail.showId)
            }
            Text {
                text: page.ready ? page.detail.seasonTitle : ""
                visible: text !== ""
                color: page.theme.textDim
                font.pixelSize: 15
            }
        }

        RowLayout {
            spacing: 32
            Layout.fillWidth: true
            Poster {
                objectName: "episodeStill"
                Layout.preferredWidth: Math.min(420, page.width * 0.36)
                Layout.preferredHeight: Layout.preferredWidth * 9 / 16
                Layout.alignment: Qt.AlignTop
                theme: page.theme
                radius: 12
                sourceId: page.ready ? page.detail.sourceId : 0
                ref: page.ready ? page.detail.stillRef : ""
                blurhash: page.ready ? page.detail.blurhash : ""
                fallbackText: page.ready ? page.detail.code : ""
                watched: page.ready && page.detail.watched
                progress: page.ready ? page.detail.progress : 0
            }
            ColumnLayout {
                Layout.fillWidth: true
                Layout.alignment: Qt.AlignTop
                spacing: 10
                Text {
                    objectName: "episodeCode"
                    text: page.ready ? page.detail.code : ""
                    visible: text !== ""
                    color: page.theme.accent
                    font.pixelSize: 15
                    font.weight: Font.DemiBold
                    font.letterSpacing: 1
                }
                Text {
                    objectName: "episodeTitle"
                    Layout.fillWidth: true
                    text: page.ready ? page.detail.title : ""
                    color: page.theme.text
                    font.pixelSize: 34
                    font.weight: Font.Bold
                    wrapMode: Text.WordWrap
                }
                Text {
                    objectName: "episodeFacts"
                    Layout.fillWidth: true
                    text: page.ready ? [page.detail.airDate !== "" ? "Aired " + page.detail.airDate : "",
                                        page.detail.runtime, page.detail.contentRating,
                                        page.detail.rating >= 0 ? "★ " + page.detail.rating : "",
                                        page.model.quality]
                                       .filter(part => part !== "").join("   ·   ") : ""
                    color: page.theme.textDim
                    font.pixelSize: 15
                    wrapMode: Text.WordWrap
                }
                VersionChooser {
                    Layout.topMargin: 4
                    theme: page.theme
                    details: page.model
                }
                DetailActions {
                    id: actions
                    Layout.fillWidth: true
                    Layout.topMargin: 8
                    theme: page.theme
                    model: page.model
                }
            }
        }

        Text {
            objectName: "episodeOverview"
            Layout.fillWidth: true
            Layout.maximumWidth: 900
            text: page.ready ? page.detail.overview : ""
            visible: text !== ""
            color: page.theme.text
            font.pixelSize: 15
            lineHeight: 1.35
            wrapMode: Text.WordWrap
        }
        FactsTable {
            theme: page.theme
            facts: page.ready ? page.detail.facts : []
        }
        CastRow {
            Layout.fillWidth: true
            theme: page.theme
            title: page.ready ? page.detail.castTitle : ""
            people: page.ready ? page.detail.cast : []
            sourceId: page.ready ? page.detail.sourceId : 0
        }

        // The episodes either side, across seasons.
        RowLayout {
            Layout.fillWidth: true
            Layout.topMargin: 8
            spacing: 12
            visible: page.ready && (page.detail.previous.id > 0 || page.detail.next.id > 0)
            ActionButton {
                objectName: "previousEpisode"
                visible: page.ready && page.detail.previous.id > 0
                theme: page.theme
                text: page.ready ? "‹  " + page.detail.previous.text : ""
                // In place: Back leads to where the episodes were opened from.
                onClicked: page.nav.replace("episode", page.detail.previous.id)
            }
            Item { Layout.fillWidth: true }
            ActionButton {
                objectName: "nextEpisode"
                visible: page.ready && page.detail.next.id > 0
                theme: page.theme
                text: page.ready ? page.detail.next.text + "  ›" : ""
                onClicked: page.nav.replace("episode", page.detail.next.id)
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
