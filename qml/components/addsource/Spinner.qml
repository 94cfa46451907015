import QtQuick
import ".."

// A small turning arc beside "waiting…" texts.
Item {
    id: spinner

    required property Theme theme
    property bool running: true

    implicitWidth: 18
    implicitHeight: 18
    visible: running

    Rectangle {
        anchors.fill: parent
        radius: width / 2
        color: "transparent"
        border.width: 2
        border.color: spinner.theme.withAlpha(spinner.theme.accent, 0.25)
    }
    Rectangle {
        id: dot
        width: 6
        height: 6
        radius: 3
        color: spinner.theme.accent
        x: spinner.width / 2 - 3
        y: -1
    }
    RotationAnimation on rotation {
        running: spinner.running && spinner.visible
        from: 0
        to: 360
        duration: 900
        loops: Animation.Infinite
    }
}
