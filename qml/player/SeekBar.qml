pragma ComponentBehavior: Bound
import QtQuick
import "../components"

// Position within the video: drag or click to seek; chapter ticks; the time under the
// pointer while hovering.
Item {
    id: bar

    required property Theme theme
    property real position: 0
    property real duration: 0
    property var ticks: []   // chapter starts as fractions of the duration
    readonly property bool active: mouse.containsMouse || mouse.pressed
    readonly property real fraction: duration > 0 ? Math.min(1, Math.max(0, position / duration)) : 0
    property real dragFraction: -1

    signal seekRequested(real seconds)
    signal hoverMoved()

    function clock(seconds: real): string {
        const total = Math.max(0, Math.floor(seconds))
        const h = Math.floor(total / 3600)
        const m = Math.floor((total % 3600) / 60)
        const s = total % 60
        const mm = h > 0 && m < 10 ? "0" + m : "" + m
        return (h > 0 ? h + ":" : "") + mm + ":" + (s < 10 ? "0" + s : s)
    }

    implicitHeight: 28

    Rectangle {
        id: track
        anchors.verticalCenter: parent.verticalCenter
        width: parent.width
        height: bar.active ? 6 : 4
        radius: height / 2
        color: "#40ffffff"
        Behavior on height { NumberAnimation { duration: 100 } }

        Rectangle {
            width: track.width * (bar.dragFraction >= 0 ? bar.dragFraction : bar.fraction)
            height: parent.height
            radius: parent.radius
            color: bar.theme.accent
        }
        Repeater {
            model: bar.ticks
            delegate: Rectangle {
                required property real modelData
                objectName: "chapterTick"
                x: track.width * modelData - 1
                width: 3
                height: track.height
                color: "#cc101217"
            }
        }
    }
    Rectangle {
        id: handle
        objectName: "seekHandle"
        width: 14
        height: 14
        radius: 7
        color: "white"
        anchors.verticalCenter: parent.verticalCenter
        x: track.width * (bar.dragFraction >= 0 ? bar.dragFraction : bar.fraction) - width / 2
        scale: bar.active ? 1 : 0
        Behavior on scale { NumberAnimation { duration: 120 } }
    }
    Rectangle {
        id: hoverTip
        objectName: "hoverTime"
        visible: mouse.containsMouse && bar.duration > 0
        readonly property real at: Math.min(1, Math.max(0, mouse.mouseX / bar.width))
        x: Math.min(bar.width - width, Math.max(0, mouse.mouseX - width / 2))
        y: -height - 8
        width: hoverLabel.implicitWidth + 16
        height: 26
        radius: 6
        color: "#e6101217"
        border.color: "#33ffffff"
        Text {
            id: hoverLabel
            anchors.centerIn: parent
            text: bar.clock(hoverTip.at * bar.duration)
            color: "white"
            font.pixelSize: 13
            font.family: bar.theme.mono
        }
    }
    MouseArea {
        id: mouse
        anchors.fill: parent
        hoverEnabled: true
        cursorShape: Qt.PointingHandCursor
        function fractionAt(x: real): real { return Math.min(1, Math.max(0, x / bar.width)) }
        onPressed: event => bar.dragFraction = fractionAt(event.x)
        onPositionChanged: event => {
            bar.hoverMoved()
            if (pressed)
                bar.dragFraction = fractionAt(event.x)
        }
        onReleased: event => {
            bar.seekRequested(fractionAt(event.x) * bar.duration)
            bar.dragFraction = -1
        }
        onCanceled: bar.dragFraction = -1
    }
}
