pragma ComponentBehavior: Bound
import QtQuick
import Reel

// A source in the sidebar: name, type, state in words, and its libraries with counts.
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

    objectName: "sourceEntry" + sourceId
    width: parent ? parent.width : 200
    spacing: 2

    Row {
        width: parent.width
        spacing: 10
        leftPadding: 12

        Rectangle {
            width: 24
            height: 24
            radius: 6
            anchors.verticalCenter: parent.verticalCenter
            color: source.sourceType === "plex" ? "#e5a00d"
                 : source.sourceType === "jellyfin" ? "#8f5ad6" : "#3c8d6d"
            Text {
                anchors.centerIn: parent
                text: source.sourceType.length > 0 ? source.sourceType[0].toUpperCase() : "?"
                color: "white"
                font.pixelSize: 12
                font.bold: true
            }
        }
        Column {
            width: parent.width - 60
            Text {
                objectName: "sourceName"
                width: parent.width
                text: source.name
                color: source.theme.text
                font.pixelSize: 14
                elide: Text.ElideRight
            }
            Text {
                width: parent.width
                text: source.statusText
                color: source.status === "ok" ? source.theme.textDim
                     : source.status === "syncing" ? source.theme.accent
                     : source.status === "offline" ? source.theme.warning : source.theme.danger
                font.pixelSize: 11
                elide: Text.ElideRight
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
