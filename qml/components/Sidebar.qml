pragma ComponentBehavior: Bound
import QtQuick
import QtQuick.Controls.Basic
import Reel

// The left column: app name, navigation, and every source with its libraries.
Rectangle {
    id: sidebar

    required property Theme theme
    required property ShellViewModel shell
    required property Navigator nav

    color: theme.sidebar

    Column {
        id: header
        anchors { left: parent.left; right: parent.right; top: parent.top; margins: 16 }
        spacing: 6

        Text {
            text: "Reel"
            color: sidebar.theme.text
            font.pixelSize: 26
            font.weight: Font.Bold
            bottomPadding: 14
        }
        SidebarEntry {
            objectName: "navHome"
            width: parent.width
            theme: sidebar.theme
            label: "Home"
            glyph: "⌂"
            current: sidebar.nav.page === "home"
            onClicked: sidebar.nav.jump("home", 0)
        }
        SidebarEntry {
            objectName: "navSearch"
            width: parent.width
            theme: sidebar.theme
            label: "Search"
            glyph: "⌕"
            current: sidebar.nav.page === "search"
            onClicked: sidebar.nav.jump("search", 0)
        }
        Text {
            text: "SOURCES"
            color: sidebar.theme.textDim
            font.pixelSize: 11
            font.letterSpacing: 1.2
            topPadding: 18
            bottomPadding: 6
            leftPadding: 12
        }
    }

    ListView {
        id: sourceList
        objectName: "sourceList"
        anchors { left: parent.left; right: parent.right; top: header.bottom; bottom: footer.top
                  leftMargin: 16; rightMargin: 16; topMargin: 4; bottomMargin: 8 }
        clip: true
        spacing: 14
        model: sidebar.shell.sources
        delegate: SourceEntry {
            width: sourceList.width
            theme: sidebar.theme
            nav: sidebar.nav
        }

        Text {
            visible: sourceList.count === 0
            width: parent.width
            leftPadding: 12
            text: sidebar.shell.isLoading ? "Loading…" : "None yet"
            color: sidebar.theme.textDim
            font.pixelSize: 13
        }
    }

    // Managing sources and the app's settings, below the sources.
    Column {
        id: footer
        anchors { left: parent.left; right: parent.right; bottom: parent.bottom; margins: 16 }
        spacing: 6

        Rectangle {
            width: parent.width
            height: 1
            color: sidebar.theme.surfaceHover
        }
        SidebarEntry {
            objectName: "navSources"
            width: parent.width
            theme: sidebar.theme
            label: "Sources"
            glyph: "⇅"
            current: sidebar.nav.page === "sources"
            onClicked: sidebar.nav.jump("sources", 0)
        }
        SidebarEntry {
            objectName: "navSettings"
            width: parent.width
            theme: sidebar.theme
            label: "Settings"
            glyph: "⚙"
            current: sidebar.nav.page === "settings"
            onClicked: sidebar.nav.jump("settings", 0)
        }
    }
}
