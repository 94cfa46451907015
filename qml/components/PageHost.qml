pragma ComponentBehavior: Bound
import QtQuick
import QtQuick.Controls.Basic
import Reel
import "../pages"

// The page stack: mirrors the navigator (push, pop, reset) and handles Back from the
// keyboard (Alt+Left, Backspace) and the mouse's back button.
Item {
    id: host

    required property Theme theme
    required property ShellViewModel shell
    required property BrowserViewModel browser
    required property SettingsViewModel settings
    readonly property Navigator nav: browser.nav

    objectName: "pageHost"

    function componentFor(page: string): Component {
        switch (page) {
        case "library": return libraryPage
        case "movie": return moviePage
        case "show": return showPage
        case "episode": return episodePage
        case "search": return searchPage
        case "add-source": return addSourcePage
        case "sign-in": return signInPage
        case "sources": return sourcesPage
        case "settings": return settingsPage
        default: return homePage
        }
    }

    // The route the last reset() built, and its depth.
    property string builtRoute: ""
    property int builtDepth: 0

    // Home under the current page (a sidebar jump, a restored page): nothing else kept.
    function reset() {
        // Created for a navigation (the window's first source being added), this host
        // built the route already; the navigator's signal that follows must not build
        // it twice (a cleared page would stay behind, hidden).
        const route = host.nav.page + ":" + host.nav.itemId
        if (route === host.builtRoute && stack.depth === host.builtDepth)
            return
        stack.clear(StackView.Immediate)
        stack.push(homePage, {}, StackView.Immediate)
        if (host.nav.page !== "home")
            stack.push(host.componentFor(host.nav.page), {}, StackView.Immediate)
        host.builtRoute = route
        host.builtDepth = stack.depth
    }

    StackView {
        id: stack
        objectName: "pageStack"
        anchors.fill: parent
        focus: true
        Component.onCompleted: host.reset()

        pushEnter: Transition { NumberAnimation { property: "opacity"; from: 0; to: 1; duration: 140 } }
        pushExit: Transition { NumberAnimation { property: "opacity"; from: 1; to: 0; duration: 140 } }
        popEnter: Transition { NumberAnimation { property: "opacity"; from: 0; to: 1; duration: 140 } }
        popExit: Transition { NumberAnimation { property: "opacity"; from: 1; to: 0; duration: 140 } }
        replaceEnter: Transition { NumberAnimation { property: "opacity"; from: 0; to: 1; duration: 140 } }
        replaceExit: Transition { NumberAnimation { property: "opacity"; from: 1; to: 0; duration: 140 } }
    }

    Connections {
        target: host.nav
        function onNavigated(how: string) {
            if (how === "push")
                stack.push(host.componentFor(host.nav.page))
            else if (how === "pop" && stack.depth === host.nav.depth + 1)
                stack.pop()
            else if (how === "replace")
                stack.replace(host.componentFor(host.nav.page))
            else
                host.reset()
        }
    }

    Shortcut {
        sequences: ["Alt+Left", "Backspace", StandardKey.Back]
        enabled: host.enabled && host.nav.canGoBack
        onActivated: host.nav.back()
        // Where the platform's Back is Alt+Left too, both sequences match: still Back.
        onActivatedAmbiguously: host.nav.back()
    }
    Shortcut {
        sequences: ["Ctrl+F", "/"]
        enabled: host.enabled
        onActivated: host.nav.jump("search", 0)
    }

    // Only the back button: every other press goes through to the page below.
    MouseArea {
        anchors.fill: parent
        z: 100
        acceptedButtons: Qt.BackButton
        onClicked: host.nav.back()
    }

    Component {
        id: homePage
        HomePage { theme: host.theme; shell: host.shell; browser: host.browser }
    }
    Component {
        id: libraryPage
        LibraryPage { theme: host.theme; nav: host.nav; model: host.browser.libraryPage }
    }
    Component {
        id: moviePage
        MoviePage { theme: host.theme; nav: host.nav; model: host.browser.moviePage }
    }
    Component {
        id: showPage
        ShowPage { theme: host.theme; nav: host.nav; model: host.browser.showPage }
    }
    Component {
        id: episodePage
        EpisodePage { theme: host.theme; nav: host.nav; model: host.browser.episodePage }
    }
    Component {
        id: searchPage
        SearchPage { theme: host.theme; nav: host.nav; model: host.browser.searchPage }
    }
    Component {
        id: sourcesPage
        SourcesPage { theme: host.theme; nav: host.nav; shell: host.shell; model: host.shell.sourcesPage }
    }
    Component {
        id: settingsPage
        SettingsPage { theme: host.theme; nav: host.nav; model: host.settings }
    }
    Component {
        id: addSourcePage
        AddSourcePage {
            theme: host.theme
            nav: host.nav
            shell: host.shell
            model: host.browser.addSourcePage as AddSourceViewModel
        }
    }
    Component {
        id: signInPage
        SignInPage { theme: host.theme; nav: host.nav; model: host.browser.addSourcePage as AddSourceViewModel }
    }
}
