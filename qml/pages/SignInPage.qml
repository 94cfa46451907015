pragma ComponentBehavior: Bound
import QtQuick
import QtQuick.Controls.Basic
import QtQuick.Layouts
import Reel
import "../components"
import "../components/addsource"

// Signing a source in again (its token was revoked or expired): the source's own form,
// its address fixed. Its cached library stayed meanwhile; a sync follows the sign-in.
Flickable {
    id: page

    required property Theme theme
    required property Navigator nav
    required property AddSourceViewModel model
    readonly property string kind: model.kind

    objectName: "signInPage"
    contentHeight: body.implicitHeight + 80
    clip: true
    boundsBehavior: Flickable.StopAtBounds
    ScrollBar.vertical: ScrollBar { policy: ScrollBar.AsNeeded }

    function leave() {
        if (page.nav.canGoBack)
            page.nav.back()
        else
            page.nav.jump("home", 0)
    }

    Connections {
        target: page.model
        // Later: the page leaves the stack, not from inside its own signal.
        function onFinished(message: string) {
            Qt.callLater(page.leave)
        }
    }

    ColumnLayout {
        id: body
        x: Math.max(40, (page.width - width) / 2)
        y: 40
        width: Math.min(page.width - 80, 640)
        spacing: 26

        Row {
            spacing: 16
            SourceCardIcon {
                visible: page.kind !== ""
                anchors.verticalCenter: parent.verticalCenter
                sourceType: page.kind
                size: 44
            }
            Column {
                spacing: 4
                Text {
                    objectName: "signInTitle"
                    text: page.model.sourceName !== "" ? "Sign in to " + page.model.sourceName + " again"
                                                       : "Sign in again"
                    color: page.theme.text
                    font.pixelSize: 30
                    font.weight: Font.Bold
                }
                Text {
                    text: "Its library stays on this computer meanwhile; Reel syncs it once you are back in."
                    color: page.theme.textDim
                    font.pixelSize: 14
                }
            }
        }
        ErrorNote {
            objectName: "signInError"
            Layout.fillWidth: true
            theme: page.theme
            message: page.model.errorMessage
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
                implicitHeight: page.kind === "jellyfin" ? jellyfin.implicitHeight : plex.implicitHeight
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
            }
        }
    }
}
