pragma ComponentBehavior: Bound
import QtQuick
import Reel

// A source in the sidebar: name, state (live progress while syncing) and its libraries.
Column {
    id: source

    required property Theme theme
    required property Navigator nav
    required property int sourceId
    required property string sourceType
    required property string name
    required property int itemCount
    required property string status
    required property string statusText
    required property var libraries
    required property bool isSyncing
    required property real syncFraction
    required property string lastSyncText

    readonly property color stateColor: status === "syncing" ? theme.accent
                                      : status === "offline" ? theme.warning
                                      : status === "ok" && lastSyncText === "never" ? theme.textDim
                                      : status === "ok" ? theme.success : theme.danger

    objectName: "sourceEntry" + sourceId
    width: parent ? parent.width : 200
    spacing: 2

    Item {
        width: parent.width
        height: Math.max(36, texts.implicitHeight + 4)

        SourceCardIcon {
            id: badge
            x: 12
            anchors.verticalCenter: parent.verticalCenter
            sourceType: source.sourceType
        }
        Column {
            id: texts
            anchors { left: badge.right; leftMargin: 10; right: dot.left; rightMargin: 8
                      verticalCenter: parent.verticalCenter }
            spacing: 2
            Text {
                objectName: "sourceName"
                width: parent.width
                text: source.name
                color: source.theme.text
                font.pixelSize: 14
                elide: Text.ElideRight
            }
            Text {
                objectName: "sourceStatus" + source.sourceId
                width: parent.width
                text: source.statusText
                color: source.status === "ok" ? source.theme.textDim : source.stateColor
                font.pixelSize: 11
                elide: Text.ElideRight
            }
            // A thin bar under the words while syncing; it slides when the total is unknown.
            Rectangle {
                id: track
                objectName: "sourceProgress" + source.sourceId
                visible: source.isSyncing
                width: parent.width
                height: 3
                radius: 1.5
                color: source.theme.surfaceHover
                clip: true
                Rectangle {
                    visible: source.syncFraction >= 0
                    width: parent.width * Math.max(0, source.syncFraction)
                    height: parent.height
                    radius: parent.radius
                    color: source.theme.accent
                }
                Rectangle {
                    id: slider
                    visible: source.syncFraction < 0
                    width: parent.width / 3
                    height: parent.height
                    radius: parent.radius
                    color: source.theme.accent
                    NumberAnimation on x {
                        running: slider.visible && source.isSyncing
                        loops: Animation.Infinite
                        from: -slider.width
                        to: track.width
                        duration: 1100
                    }
                }
            }
        }
        Rectangle {
            id: dot
            objectName: "sourceDot" + source.sourceId
            anchors { right: parent.right; rightMargin: 10; verticalCenter: parent.verticalCenter }
            width: 8
            height: 8
            radius: 4
            color: source.stateColor
            SequentialAnimation on opacity {
                running: source.isSyncing
                loops: Animation.Infinite
                alwaysRunToEnd: true
                NumberAnimation { from: 1; to: 0.3; duration: 600 }
                NumberAnimation { from: 0.3; to: 1; duration: 600 }
            }
        }
    }

    Repeater {
        model: source.libraries
        delegate: Rectangle {
            id: library
            required property var modelData
            readonly property bool current: source.nav.page === "library"
                                            && source.nav.itemId === modelData.libraryId
            objectName: "library" + modelData.libraryId
            width: source.width
            height: 32
            radius: 8
            color: current ? source.theme.surfaceHover
                           : libraryHover.hovered && modelData.supported ? source.theme.surface : "transparent"
            Text {
                x: 46
                anchors.verticalCenter: parent.verticalCenter
                width: parent.width - x - count.width - 16
                text: library.modelData.name
                color: library.current ? source.theme.text : source.theme.textDim
                font.pixelSize: 13
                font.weight: library.current ? Font.DemiBold : Font.Normal
                elide: Text.ElideRight
            }
            Text {
                id: count
                anchors { right: parent.right; rightMargin: 10; verticalCenter: parent.verticalCenter }
                text: library.modelData.supported
                      ? Number(library.modelData.itemCount).toLocaleString(Qt.locale(), "f", 0)
                      : qsTr("not supported yet")
                color: source.theme.textDim
                opacity: 0.7
                font.pixelSize: 12
            }
            HoverHandler {
                id: libraryHover
                enabled: library.modelData.supported
                cursorShape: Qt.PointingHandCursor
            }
            TapHandler {
                enabled: library.modelData.supported
                onTapped: source.nav.jump("library", library.modelData.libraryId)
            }
        }
    }
}
