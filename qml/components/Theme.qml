import QtQuick

// Colours and sizes shared by every page (an object, instantiated once by Main.qml).
QtObject {
    readonly property color window: "#101217"
    readonly property color sidebar: "#171a21"
    readonly property color surface: "#1e222b"
    readonly property color surfaceHover: "#262b36"
    readonly property color accent: "#7c9cff"
    readonly property color text: "#e8eaf0"
    readonly property color textDim: "#9aa1b2"
    readonly property color danger: "#ff6b6b"
    readonly property color warning: "#f5c16c"
    readonly property color success: "#62d49a"
    readonly property int radius: 10
    readonly property int spacing: 12
    readonly property string mono: "DejaVu Sans Mono"
}
