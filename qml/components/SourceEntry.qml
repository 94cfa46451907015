pragma ComponentBehavior: Bound
import QtQuick

// A source in the sidebar: name, type, state in words, and its libraries with counts.
Column {
    id: source

    required property Theme theme
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
        delegate: Row {
            id: library
            required property var modelData
            leftPadding: 46
            spacing: 8
            Text {
                text: library.modelData.name
                color: source.theme.textDim
                font.pixelSize: 13
            }
            Text {
                text: library.modelData.supported
                      ? Number(library.modelData.itemCount).toLocaleString(Qt.locale(), "f", 0)
                      : qsTr("not supported yet")
                color: source.theme.textDim
                opacity: 0.7
                font.pixelSize: 12
            }
        }
    }
}
