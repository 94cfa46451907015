import QtQuick

// A source's type as a coloured tile with its initial (Jellyfin, Plex, local folders).
Rectangle {
    id: icon

    required property string sourceType
    property int size: 24

    width: size
    height: size
    radius: Math.round(size / 4)
    color: sourceType === "plex" ? "#e5a00d" : sourceType === "jellyfin" ? "#8f5ad6" : "#3c8d6d"
    gradient: Gradient {
        GradientStop { position: 0; color: Qt.lighter(icon.color, 1.15) }
        GradientStop { position: 1; color: Qt.darker(icon.color, 1.1) }
    }

    Text {
        anchors.centerIn: parent
        text: icon.sourceType === "local" ? "▤"
            : icon.sourceType.length > 0 ? icon.sourceType[0].toUpperCase() : "?"
        color: "white"
        font.pixelSize: Math.round(icon.size / 2)
        font.bold: true
    }
}
