pragma ComponentBehavior: Bound
import QtQuick
import QtQuick.Controls.Basic
import Reel
import "../components"
import "../player"

// Video over the whole window, with controls that hide after a few quiet seconds.
FocusScope {
    id: page

    required property Theme theme
    required property PlayerViewModel player
    readonly property PlaybackState playback: player.state as PlaybackState
    readonly property bool menuOpen: trackMenu.opened || speedMenu.opened || qualityMenu.opened
    readonly property bool promptShown: player.resumePrompt || player.errorMessage !== ""
    property bool controlsShown: true

    objectName: "playerPage"
    focus: true

    function poke(): void {
        controlsShown = true
        hideTimer.restart()
    }

    Icons { id: icons }

    Rectangle {
        anchors.fill: parent
        color: "black"
    }
    MpvVideoItem {
        id: video
        objectName: "video"
        anchors.fill: parent
        host: page.player.videoHost
    }
    MouseArea {
        objectName: "videoMouseArea"
        anchors.fill: parent
        hoverEnabled: true
        acceptedButtons: Qt.LeftButton
        cursorShape: page.controlsShown ? Qt.ArrowCursor : Qt.BlankCursor
        onPositionChanged: page.poke()
        onClicked: page.poke()
        onDoubleClicked: page.player.toggleFullscreen()
        onWheel: wheel => {
            page.player.controls.changeVolume(wheel.angleDelta.y > 0 ? 5 : -5)
            page.poke()
        }
    }
    Timer {
        id: hideTimer
        interval: 3000
        running: true
        onTriggered: {
            if (!page.playback.paused && !page.menuOpen && !page.promptShown)
                page.controlsShown = false
        }
    }
    Connections {
        target: page.playback
        function onPausedChanged() { page.poke() }
    }

    // Top: back and title.
    Item {
        id: topBar
        objectName: "playerTopBar"
        anchors { left: parent.left; right: parent.right; top: parent.top }
        height: 90
        opacity: page.controlsShown ? 1 : 0
        visible: opacity > 0
        Behavior on opacity { NumberAnimation { duration: 200 } }
        Rectangle {
            anchors.fill: parent
            gradient: Gradient {
                GradientStop { position: 0.0; color: "#b3000000" }
                GradientStop { position: 1.0; color: "#00000000" }
            }
        }
        Row {
            anchors { left: parent.left; top: parent.top; margins: 18 }
            spacing: 10
            IconButton {
                objectName: "playerBack"
                iconPath: icons.back
                tip: "Back (Esc)"
                onClicked: page.player.leave()
            }
            Column {
                anchors.verticalCenter: parent.verticalCenter
                Text {
                    objectName: "playerTitle"
                    text: page.player.title
                    color: "white"
                    font.pixelSize: 17
                    font.weight: Font.DemiBold
                }
                Text {
                    visible: text !== ""
                    text: page.player.subtitle
                    color: "#ccffffff"
                    font.pixelSize: 13
                }
            }
        }
    }

    ControlBar {
        id: controls
        objectName: "controlBar"
        anchors { left: parent.left; right: parent.right; bottom: parent.bottom }
        theme: page.theme
        player: page.player
        opacity: page.controlsShown && !page.player.resumePrompt && page.player.errorMessage === "" ? 1 : 0
        visible: opacity > 0
        Behavior on opacity { NumberAnimation { duration: 200 } }
        onInteracted: page.poke()
        onOpenTracks: anchor => page.openMenu(trackMenu, anchor)
        onOpenSpeed: anchor => page.openMenu(speedMenu, anchor)
        onOpenQuality: anchor => page.openMenu(qualityMenu, anchor)
    }

    // Menus open above the whole control bar (never over the seek bar), centred on their
    // button, and stay inside the window: a short window makes them scroll instead.
    readonly property real menuBottom: controls.y + controls.contentTop - 10
    readonly property real menuMaxHeight: Math.max(120, menuBottom - 12)

    function openMenu(menu: Popup, anchor: Item): void {
        const at = anchor.mapToItem(page, 0, 0)
        // Bound: the menu's size is known only once it has laid itself out.
        menu.x = Qt.binding(() => Math.max(12, Math.min(page.width - menu.width - 12, at.x + anchor.width / 2 - menu.width / 2)))
        menu.y = Qt.binding(() => Math.max(12, page.menuBottom - menu.height))
        menu.open()
        poke()
    }

    TrackMenu {
        id: trackMenu
        theme: page.theme
        player: page.player
        maxHeight: page.menuMaxHeight
        maxWidth: page.width - 24
    }
    ChoiceMenu {
        id: speedMenu
        objectName: "speedMenu"
        theme: page.theme
        title: "Speed"
        width: 160
        maxHeight: page.menuMaxHeight
        entries: [0.5, 0.75, 1, 1.25, 1.5, 1.75, 2].map(s => ({ label: s + "×", selected: Math.abs(page.playback.speed - s) < 0.01 }))
        onChosen: index => page.player.controls.setSpeed([0.5, 0.75, 1, 1.25, 1.5, 1.75, 2][index])
    }
    ChoiceMenu {
        id: qualityMenu
        objectName: "qualityMenu"
        theme: page.theme
        title: "Quality"
        maxHeight: page.menuMaxHeight
        entries: page.player.qualities.map((label, i) => ({ label: label, selected: i === page.player.qualityIndex }))
        onChosen: index => page.player.setQuality(index)
    }

    BusyIndicator {
        objectName: "bufferingIndicator"
        anchors.centerIn: parent
        width: 64
        height: 64
        running: (page.player.isLoading || page.playback.buffering) && !page.promptShown
        visible: running
    }

    SkipButton {
        anchors { right: parent.right; rightMargin: 32; bottom: parent.bottom; bottomMargin: page.controlsShown ? 160 : 48 }
        theme: page.theme
        player: page.player
        Behavior on anchors.bottomMargin { NumberAnimation { duration: 200 } }
    }
    UpNextCard {
        anchors { right: parent.right; rightMargin: 32; bottom: parent.bottom; bottomMargin: page.controlsShown ? 160 : 48 }
        theme: page.theme
        player: page.player
        Behavior on anchors.bottomMargin { NumberAnimation { duration: 200 } }
    }
    PlayerNotice {
        anchors { horizontalCenter: parent.horizontalCenter; top: parent.top; topMargin: 84 }
        theme: page.theme
        player: page.player
    }
    ResumePrompt {
        anchors.centerIn: parent
        theme: page.theme
        player: page.player
    }
    PlayerError {
        anchors.centerIn: parent
        theme: page.theme
        player: page.player
    }

    Keys.onPressed: event => {
        const p = page.player
        const shift = event.modifiers & Qt.ShiftModifier
        let handled = true
        switch (event.key) {
        case Qt.Key_Space:
        case Qt.Key_K:
        case Qt.Key_MediaTogglePlayPause:
            if (p.resumePrompt) p.resume(); else p.controls.togglePause()
            break
        case Qt.Key_MediaPlay:
            if (p.resumePrompt) p.resume(); else p.controls.setPaused(false)
            break
        case Qt.Key_MediaPause:
            p.controls.setPaused(true); break
        case Qt.Key_Return:
        case Qt.Key_Enter:
            if (p.resumePrompt) p.resume()
            else if (p.upNextVisible) p.playNext()
            else if (p.skipLabel !== "") p.skip()
            else p.controls.togglePause()
            break
        case Qt.Key_F:
        case Qt.Key_F11:
            p.toggleFullscreen(); break
        case Qt.Key_Escape:
        case Qt.Key_Back:
        case Qt.Key_MediaStop:
            // Later: leaving destroys this page, which must not happen inside its handler.
            Qt.callLater(p.escape); break
        case Qt.Key_Left:
            p.controls.seekBy(shift ? -60 : -10); break
        case Qt.Key_Right:
            p.controls.seekBy(shift ? 60 : 10); break
        case Qt.Key_J:
            p.controls.seekBy(-10); break
        case Qt.Key_L:
            p.controls.seekBy(10); break
        case Qt.Key_Up:
        case Qt.Key_VolumeUp:
            p.controls.changeVolume(5); break
        case Qt.Key_Down:
        case Qt.Key_VolumeDown:
            p.controls.changeVolume(-5); break
        case Qt.Key_M:
        case Qt.Key_VolumeMute:
            p.controls.toggleMute(); break
        case Qt.Key_A:
            p.controls.cycleAudio(); break
        case Qt.Key_S:
            if (p.skipLabel !== "" && shift) p.skip(); else p.controls.cycleSubtitles()
            break
        case Qt.Key_BracketLeft:
            p.controls.stepSpeed(-1); break
        case Qt.Key_BracketRight:
            p.controls.stepSpeed(1); break
        case Qt.Key_N:
        case Qt.Key_MediaNext:
            p.playNext(); break
        case Qt.Key_P:
        case Qt.Key_MediaPrevious:
            p.playPrevious(); break
        case Qt.Key_I:
            if (p.skipLabel !== "") p.skip(); else handled = false
            break
        default:
            handled = false
        }
        event.accepted = handled
        if (handled) page.poke()
    }
}
