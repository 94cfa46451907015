pragma ComponentBehavior: Bound
import QtQuick
import QtQuick.Controls.Basic
import QtQuick.Layouts
import Reel
import "components"
import "pages"

ApplicationWindow {
    id: window

    required property ShellViewModel shell
    required property PlayerViewModel player
    required property BrowserViewModel browser
    required property SettingsViewModel settings

    width: 1280
    height: 800
    minimumWidth: 800
    minimumHeight: 500
    visible: true
    title: "Reel"
    color: appTheme.window

    Theme {
        id: appTheme
        light: window.settings.lightTheme
    }
    // The player stays dark over the video, whatever the pages use.
    Theme {
        id: playerTheme
    }

    RowLayout {
        anchors.fill: parent
        spacing: 0

        Sidebar {
            objectName: "sidebar"
            Layout.preferredWidth: 260
            Layout.fillHeight: true
            theme: appTheme
            shell: window.shell
            nav: window.browser.nav
        }

        ColumnLayout {
            Layout.fillWidth: true
            Layout.fillHeight: true
            spacing: 0

            NoticeBanner {
                Layout.fillWidth: true
                theme: appTheme
                shell: window.shell
            }

            Loader {
                id: content
                objectName: "content"
                Layout.fillWidth: true
                Layout.fillHeight: true
                // With no source yet, Home is the welcome page; every other page (adding a
                // source, Sources, Settings) works as usual.
                sourceComponent: window.shell.errorMessage !== "" ? errorPage
                               : window.shell.hasSources || window.browser.nav.page !== "home" ? pages
                               : window.shell.isLoading ? loadingPage : emptyPage
            }
        }
    }

    // The player covers the whole window while something plays.
    Loader {
        id: playerLoader
        objectName: "playerLoader"
        anchors.fill: parent
        z: 10
        active: window.player.active
        focus: active
        sourceComponent: PlayerPage { theme: playerTheme; player: window.player }
    }

    Component {
        id: emptyPage
        // Later: the jump swaps this page for the page stack, which must not happen
        // inside the click that asked for it.
        EmptyStatePage {
            theme: appTheme
            onAddSourceRequested: Qt.callLater(window.browser.nav.jump, "add-source", 0)
        }
    }
    Component {
        id: pages
        PageHost {
            theme: appTheme
            shell: window.shell
            browser: window.browser
            settings: window.settings
            enabled: !window.player.active  // the player has its own keys
        }
    }
    Component {
        id: errorPage
        ErrorPage { theme: appTheme; shell: window.shell }
    }
    Component {
        id: loadingPage
        Item {
            objectName: "loadingPage"
            BusyIndicator {
                id: busy
                anchors.centerIn: parent
                running: false
                // Only a slow open shows it: a spinner drawn at once would flash, and
                // animating it costs the frames start-up needs.
                Timer { interval: 600; running: true; onTriggered: busy.running = true }
            }
        }
    }
}
