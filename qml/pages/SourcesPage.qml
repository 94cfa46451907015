pragma ComponentBehavior: Bound
import QtQuick
import QtQuick.Controls.Basic
import QtQuick.Layouts
import Reel
import "../components"

// Every source with its state in words: Sync now, Sign in again, Remove (confirmed), Add.
Item {
    id: page

    required property Theme theme
    required property Navigator nav
    required property ShellViewModel shell
    required property SourcesPageViewModel model
    readonly property SourcesListModel sources: model.sources as SourcesListModel

    objectName: "sourcesPage"

    function askToRemove(sourceId: int, name: string, itemCount: int) {
        confirm.sourceId = sourceId
        confirm.sourceName = name
        confirm.itemCount = itemCount
        confirm.open()
    }

    ListView {
        id: list
        objectName: "sourceCards"
        anchors.fill: parent
        leftMargin: 40  // cards and heading line up with the other pages' content
        clip: true
        spacing: 16
        model: page.sources
        boundsBehavior: Flickable.StopAtBounds
        ScrollBar.vertical: ScrollBar { policy: ScrollBar.AsNeeded }

        header: Item {
            width: Math.min(list.width - 80, 920)
            height: heading.implicitHeight + 56
            ColumnLayout {
                id: heading
                y: 32
                width: Math.min(list.width - 80, 920)
                spacing: 6
                RowLayout {
                    Layout.fillWidth: true
                    Text {
                        objectName: "sourcesTitle"
                        Layout.fillWidth: true
                        text: "Sources"
                        color: page.theme.text
                        font.pixelSize: 28
                        font.weight: Font.DemiBold
                    }
                    ActionButton {
                        objectName: "addSource"
                        theme: page.theme
                        primary: true
                        text: "+  Add source"
                        onClicked: page.nav.push("add-source", 0)
                    }
                }
                Text {
                    objectName: "sourcesSummary"
                    text: page.sources.count === 0 ? ""
                        : page.sources.count + (page.sources.count === 1 ? " source · " : " sources · ")
                          + Number(page.shell.totalItems).toLocaleString(Qt.locale(), "f", 0)
                          + " items kept on this computer"
                    color: page.theme.textDim
                    font.pixelSize: 15
                }
                Text {
                    objectName: "sourcesError"
                    visible: text !== ""
                    Layout.fillWidth: true
                    topPadding: 6
                    text: page.model.errorMessage
                    color: page.theme.danger
                    font.pixelSize: 14
                    wrapMode: Text.Wrap
                }
                Text {
                    id: removedNote
                    objectName: "sourcesRemovedNote"
                    visible: text !== ""
                    topPadding: 6
                    color: page.theme.success
                    font.pixelSize: 14
                    Timer {
                        id: removedTimer
                        interval: 5000
                        onTriggered: removedNote.text = ""
                    }
                    Connections {
                        target: page.model
                        function onRemoved(name: string) {
                            removedNote.text = "Removed “" + name + "” and its saved library."
                            removedTimer.restart()
                        }
                    }
                }
            }
        }

        delegate: SourceCard {
            id: card
            width: Math.min(list.width - 80, 920)
            theme: page.theme
            removing: page.model.removingId === card.sourceId
            onSyncRequested: page.model.syncNow(card.sourceId)
            onSignInRequested: page.nav.push("sign-in", card.sourceId)
            onRemoveRequested: page.askToRemove(card.sourceId, card.name, card.itemCount)
        }
        footer: Item { width: 1; height: 40 }
    }

    BusyIndicator {
        objectName: "sourcesLoading"
        anchors.centerIn: parent
        running: page.shell.isLoading && page.sources.count === 0
        visible: running
    }

    Column {
        objectName: "sourcesEmpty"
        visible: !page.shell.isLoading && page.sources.count === 0
        anchors.centerIn: parent
        width: Math.min(parent.width - 80, 520)
        spacing: 14
        Text {
            width: parent.width
            horizontalAlignment: Text.AlignHCenter
            text: "No sources yet"
            color: page.theme.text
            font.pixelSize: 22
            font.weight: Font.DemiBold
        }
        Text {
            width: parent.width
            horizontalAlignment: Text.AlignHCenter
            wrapMode: Text.WordWrap
            text: "Add a Jellyfin server, a Plex account or a folder of films and series; "
                + "Reel keeps a copy of its library on this computer."
            color: page.theme.textDim
            font.pixelSize: 14
        }
    }

    Popup {
        id: confirm
        objectName: "removeDialog"
        property int sourceId: 0
        property string sourceName: ""
        property int itemCount: 0

        parent: Overlay.overlay
        anchors.centerIn: parent
        width: Math.min(page.width - 80, 460)
        modal: true
        focus: true
        padding: 24
        closePolicy: Popup.CloseOnEscape | Popup.CloseOnPressOutside
        Overlay.modal: Rectangle { color: Qt.rgba(0, 0, 0, 0.55) }
        background: Rectangle {
            radius: page.theme.radius + 4
            color: Qt.darker(page.theme.surface, 1.12)  // as the cards: the buttons stand out
            border.width: 1
            border.color: page.theme.surfaceHover
        }

        contentItem: ColumnLayout {
            spacing: 14
            Text {
                Layout.fillWidth: true
                text: "Remove “" + confirm.sourceName + "”?"
                color: page.theme.text
                font.pixelSize: 19
                font.weight: Font.DemiBold
                wrapMode: Text.Wrap
            }
            Text {
                objectName: "removeDialogText"
                Layout.fillWidth: true
                text: "Reel forgets this source, its "
                      + Number(confirm.itemCount).toLocaleString(Qt.locale(), "f", 0)
                      + " saved items and its sign-in in the keyring. Nothing is deleted on "
                      + "the server or on disk; you can add it again later."
                color: page.theme.textDim
                font.pixelSize: 14
                wrapMode: Text.Wrap
                lineHeight: 1.2
            }
            RowLayout {
                Layout.fillWidth: true
                Layout.topMargin: 6
                spacing: 10
                Item { Layout.fillWidth: true }
                ActionButton {
                    objectName: "removeCancel"
                    theme: page.theme
                    text: "Cancel"
                    onClicked: confirm.close()
                }
                ActionButton {
                    objectName: "removeConfirm"
                    theme: page.theme
                    primary: true
                    text: "Remove"
                    onClicked: {
                        page.model.remove(confirm.sourceId)
                        confirm.close()
                    }
                }
            }
        }
    }
}
