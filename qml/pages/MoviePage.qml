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
    readonly property var facts: {
        if (!ready)
            return []
        const names = job => detail.crew.filter(c => c.job === job).map(c => c.name).join(", ")
        return [["Audio", detail.audio], ["Subtitles", detail.subtitles],
                ["Directed by", names("Director")], ["Written by", names("Writer")],
                ["Studio", detail.studios.join(", ")]].filter(pair => pair[1] !== "")
    }

    objectName: "moviePage"
    contentHeight: body.y + body.implicitHeight + 48
    clip: true
    boundsBehavior: Flickable.StopAtBounds
    ScrollBar.vertical: ScrollBar { policy: ScrollBar.AsNeeded }

    // Later: the stack focuses the page itself once it is activated.
    StackView.onActivated: Qt.callLater(() => playButton.forceActiveFocus())

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
                                        page.detail.quality]
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
                RowLayout {
                    spacing: 12
                    Layout.topMargin: 8
                    ActionButton {
                        id: playButton
                        objectName: "playButton"
                        theme: page.theme
                        primary: true
                        text: page.ready && page.detail.positionMs > 0 ? "▶  " + page.detail.resumeText : "▶  Play"
                        onClicked: page.model.play()
                    }
                    ActionButton {
                        objectName: "startOverButton"
                        visible: page.ready && page.detail.positionMs > 0
                        theme: page.theme
                        text: "↺  Start over"
                        onClicked: page.model.startOver()
                    }
                    ActionButton {
                        objectName: "watchedButton"
                        theme: page.theme
                        text: page.ready && page.detail.watched ? "✓  Watched" : "Mark watched"
                        checked: page.ready && page.detail.watched
                        onClicked: page.model.setWatched(!(page.ready && page.detail.watched))
                    }
                }
                Rectangle {
                    visible: page.ready && page.detail.progress > 0
                    Layout.preferredWidth: 320
                    Layout.preferredHeight: 4
                    radius: 2
                    color: page.theme.surfaceHover
                    Rectangle {
                        width: parent.width * (page.ready ? page.detail.progress : 0)
                        height: parent.height
                        radius: 2
                        color: page.theme.accent
                    }
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

        Column {
            objectName: "movieFactsTable"
            spacing: 6
            Repeater {
                model: page.facts
                delegate: Row {
                    id: fact
                    required property var modelData
                    spacing: 16
                    Text {
                        width: 110
                        text: fact.modelData[0]
                        color: page.theme.textDim
                        font.pixelSize: 13
                    }
                    Text {
                        text: fact.modelData[1]
                        color: page.theme.text
                        font.pixelSize: 13
                    }
                }
            }
        }

        Text {
            visible: page.ready && page.detail.cast.length > 0
            text: "Cast"
            color: page.theme.text
            font.pixelSize: 20
            font.weight: Font.DemiBold
        }
        ListView {
            objectName: "castList"
            visible: page.ready && page.detail.cast.length > 0
            Layout.fillWidth: true
            Layout.preferredHeight: 150
            orientation: ListView.Horizontal
            spacing: 18
            clip: true
            model: page.ready ? page.detail.cast : []
            delegate: PersonCard {
                theme: page.theme
                sourceId: page.detail.sourceId
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
