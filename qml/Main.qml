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
                               : window.shell.hasSources ? homePage
                               : window.shell.isLoading ? loadingPage : emptyPage
            }
        }
    }

    Component {
        id: emptyPage
        EmptyStatePage { theme: appTheme }
    }
    Component {
        id: homePage
        HomePage { theme: appTheme; shell: window.shell }
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
