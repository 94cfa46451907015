pragma ComponentBehavior: Bound
import QtQuick
import QtQuick.Controls.Basic
import QtQuick.Layouts
import Reel
import "../components"

// One item's details: backdrop, poster, facts, overview, people, tracks; play and mark.
Flickable {
    id: page

    required property Theme theme
    required property Navigator nav
    required property MovieViewModel model
    readonly property var detail: model.detail
    readonly property bool ready: detail.itemId !== undefined

    objectName: "moviePage"
    contentHeight: body.y + body.implicitHeight + 48
    clip: true
    boundsBehavior: Flickable.StopAtBounds
    ScrollBar.vertical: ScrollBar { policy: ScrollBar.AsNeeded }

    // Later: the stack focuses the page itself once it is activated.
    StackView.onActivated: Qt.callLater(() => actions.playButton.forceActiveFocus())

    Backdrop {
        id: backdrop
        width: page.width
        height: Math.min(440, page.width * 0.42)
        theme: page.theme
        sourceId: page.ready ? page.detail.sourceId : 0
        ref: page.ready ? page.detail.backdropRef : ""
        blurhash: page.ready ? page.detail.backdropBlurhash : ""
    }

    ColumnLayout {
        id: body
        x: 40
        // Without a backdrop the page starts at the top instead of under an empty band.
        y: page.ready && page.detail.backdropRef !== "" ? Math.max(120, backdrop.height - 220) : 32
        width: page.width - 80
        spacing: 22

        RowLayout {
            spacing: 32
            Layout.fillWidth: true
            Poster {
                Layout.preferredWidth: 220
                Layout.preferredHeight: 330
                Layout.alignment: Qt.AlignTop
                theme: page.theme
                radius: 12
                sourceId: page.ready ? page.detail.sourceId : 0
                ref: page.ready ? page.detail.posterRef : ""
                blurhash: page.ready ? page.detail.blurhash : ""
                fallbackText: page.ready ? page.detail.title : ""
                watched: page.ready && page.detail.watched
                progress: page.ready ? page.detail.progress : 0
            }
            ColumnLayout {
                Layout.fillWidth: true
                Layout.alignment: Qt.AlignBottom
                spacing: 12
                Text {
                    objectName: "movieTitle"
                    Layout.fillWidth: true
                    text: page.ready ? page.detail.title : ""
                    color: page.theme.text
                    font.pixelSize: 38
                    font.weight: Font.Bold
                    wrapMode: Text.WordWrap
                }
                Text {
                    objectName: "movieFacts"
                    Layout.fillWidth: true
                    text: page.ready ? [page.detail.year > 0 ? String(page.detail.year) : "",
                                        page.detail.runtime, page.detail.contentRating,
                                        page.detail.rating >= 0 ? "★ " + page.detail.rating : "",
                                        page.model.quality]
                                       .filter(part => part !== "").join("   ·   ") : ""
                    color: page.theme.textDim
                    font.pixelSize: 15
                }
                Text {
                    Layout.fillWidth: true
                    text: page.ready ? page.detail.genres.join(", ") : ""
                    color: page.theme.accent
                    font.pixelSize: 14
                    visible: text !== ""
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
            objectName: "movieOverview"
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
            objectName: "movieFactsTable"
            theme: page.theme
            facts: page.ready ? page.detail.facts : []
        }
        CastRow {
            Layout.fillWidth: true
            theme: page.theme
            people: page.ready ? page.detail.cast : []
            sourceId: page.ready ? page.detail.sourceId : 0
        }
        Text {
            visible: page.model.errorMessage !== ""
            text: page.model.errorMessage
            color: page.theme.danger
            font.pixelSize: 15
        }
    }
}
