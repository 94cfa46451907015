import QtQuick

// Colours and sizes shared by every page (an object, instantiated once by Main.qml).
// Two palettes: `light` is driven by the Settings page (dark, light or the system's).
QtObject {
    property bool light: false
    readonly property color window: light ? "#f3f4f7" : "#101217"
    readonly property color sidebar: light ? "#e7e9ef" : "#171a21"
    readonly property color surface: light ? "#ffffff" : "#1e222b"
    readonly property color surfaceHover: light ? "#dde2ec" : "#262b36"
    readonly property color accent: light ? "#3556d4" : "#7c9cff"
    readonly property color text: light ? "#161920" : "#e8eaf0"
    readonly property color textDim: light ? "#586073" : "#9aa1b2"
    readonly property color danger: light ? "#c42b2b" : "#ff6b6b"
    readonly property color warning: light ? "#8f5a00" : "#f5c16c"
    readonly property color success: light ? "#1b8050" : "#62d49a"
    // A lasting notice's band (the text on it is `warning`).
    readonly property color noticeSurface: light ? "#fbecc8" : "#3a3220"
    // Every other row of a list.
    readonly property color stripe: light ? "#0a000000" : "#0dffffff"
    readonly property int radius: 10
    readonly property int spacing: 12
    readonly property string mono: "DejaVu Sans Mono"

    // c with alpha a: fades into a themed colour (a backdrop into the window).
    function withAlpha(c: color, a: real): color {
        return Qt.rgba(c.r, c.g, c.b, a)
    }
}
