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

    width: 1280
    height: 800
    minimumWidth: 800
    minimumHeight: 500
    visible: true
    title: "Reel"
    color: appTheme.window

    Theme {
        id: appTheme
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
                sourceComponent: window.shell.errorMessage !== "" ? errorPage
                               : window.shell.hasSources ? pages
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
        sourceComponent: PlayerPage { theme: appTheme; player: window.player }
    }

    Component {
        id: emptyPage
        EmptyStatePage { theme: appTheme }
    }
    Component {
        id: pages
        PageHost {
            theme: appTheme
            shell: window.shell
            browser: window.browser
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
                anchors.centerIn: parent
                running: true
            }
        }
    }
}
