pragma ComponentBehavior: Bound
import QtQuick
import QtQuick.Controls.Basic
import QtQuick.Layouts
import Reel
import "../components"
import "../components/addsource"

// Adding a source: choose Jellyfin, Plex or a local folder, then its form, step by step.
// Once stored, the source's first sync starts and the page leaves for Home.
Flickable {
    id: page

    required property Theme theme
    required property Navigator nav
    required property ShellViewModel shell
    required property AddSourceViewModel model
    readonly property string kind: model.kind

    objectName: "addSourcePage"
    contentHeight: body.implicitHeight + 80
    clip: true
    boundsBehavior: Flickable.StopAtBounds
    ScrollBar.vertical: ScrollBar { policy: ScrollBar.AsNeeded }

    StackView.onActivated: Qt.callLater(() => page.focusForm())

    function focusForm() {
        if (page.kind === "jellyfin")
            jellyfin.focusFirst()
        else if (page.kind === "local")
            local.focusFirst()
        else
            jellyfinCard.forceActiveFocus()
    }
    onKindChanged: Qt.callLater(page.focusForm)

    // Home once the window knows the new source: with no source, Home is the empty
    // state, which would replace the page stack (this page included) under the jump.
    property bool leaving: false
    function leaveWhenShown() {
        if (page.leaving && page.shell.hasSources) {
            page.leaving = false
            Qt.callLater(page.nav.jump, "home", 0)
        }
    }
    Connections {
        target: page.model
        function onFinished(message: string) {
            page.leaving = true
            page.leaveWhenShown()
        }
    }
    Connections {
        target: page.shell
        function onSummaryChanged() { page.leaveWhenShown() }
    }

    ColumnLayout {
        id: body
        x: Math.max(40, (page.width - width) / 2)
        y: 40
        width: Math.min(page.width - 80, page.kind === "" ? 860 : 640)
        spacing: 26

        Column {
            Layout.fillWidth: true
            spacing: 8
            Text {
                objectName: "addSourceBack"
                visible: page.kind !== ""
                text: "‹  All kinds of source"
                color: page.theme.accent
                font.pixelSize: 13
                font.weight: Font.DemiBold
                bottomPadding: 6
                TapHandler { onTapped: page.model.chooseAgain() }
                HoverHandler { cursorShape: Qt.PointingHandCursor }
            }
            Text {
                objectName: "addSourceTitle"
                text: page.kind === "jellyfin" ? "Add a Jellyfin server"
                    : page.kind === "plex" ? "Add Plex servers"
                    : page.kind === "local" ? "Add local folders" : "Add a source"
                color: page.theme.text
                font.pixelSize: 32
                font.weight: Font.Bold
            }
            Text {
                visible: page.kind === ""
                width: parent.width
                text: "Reel keeps a copy of each library on this computer, so it opens "
                      + "instantly and works offline. Where are your films and series?"
                color: page.theme.textDim
                font.pixelSize: 15
                wrapMode: Text.Wrap
            }
        }

        RowLayout {
            visible: page.kind === ""
            Layout.fillWidth: true
            spacing: 16
            KindCard {
                id: jellyfinCard
                objectName: "kindJellyfin"
                Layout.fillWidth: true
                Layout.preferredWidth: 1
                theme: page.theme
                sourceType: "jellyfin"
                text: "Jellyfin"
                detail: "A Jellyfin server at home or elsewhere: its address, then your "
                        + "password or a Quick Connect code."
                onClicked: page.model.choose("jellyfin")
                KeyNavigation.right: plexCard
            }
            KindCard {
                id: plexCard
                objectName: "kindPlex"
                Layout.fillWidth: true
                Layout.preferredWidth: 1
                theme: page.theme
                sourceType: "plex"
                text: "Plex"
                detail: "Your Plex account's servers, through plex.tv, or one server with "
                        + "its address and token."
                onClicked: page.model.choose("plex")
                KeyNavigation.right: localCard
            }
            KindCard {
                id: localCard
                objectName: "kindLocal"
                Layout.fillWidth: true
                Layout.preferredWidth: 1
                theme: page.theme
                sourceType: "local"
                text: "Local folders"
                detail: "Folders of films or series on this computer or a drive plugged "
                        + "into it."
                onClicked: page.model.choose("local")
            }
        }

        Rectangle {
            visible: page.kind !== ""
            Layout.fillWidth: true
            implicitHeight: forms.implicitHeight + 56
            radius: 14
            // Darker than the buttons' surface, so quiet buttons stand out on it.
            color: page.theme.sidebar
            border.color: page.theme.surfaceHover

            Item {
                id: forms
                x: 28
                y: 28
                width: parent.width - 56
                implicitHeight: page.kind === "jellyfin" ? jellyfin.implicitHeight
                              : page.kind === "plex" ? plex.implicitHeight : local.implicitHeight
                JellyfinForm {
                    id: jellyfin
                    visible: page.kind === "jellyfin"
                    width: parent.width
                    theme: page.theme
                    model: page.model.jellyfinForm as JellyfinSignInViewModel
                }
                PlexForm {
                    id: plex
                    visible: page.kind === "plex"
                    width: parent.width
                    theme: page.theme
                    model: page.model.plexForm as PlexSignInViewModel
                }
                LocalFolderForm {
                    id: local
                    visible: page.kind === "local"
                    width: parent.width
                    theme: page.theme
                    model: page.model.localForm as LocalFolderViewModel
                }
            }
        }
    }
}
