pragma ComponentBehavior: Bound
import QtQuick
import Reel

// A cast member: round photo (or initials), name and role.
Column {
    id: person

    required property Theme theme
    required property var modelData
    property int sourceId: 0

    width: 96
    spacing: 6

    Rectangle {
        anchors.horizontalCenter: parent.horizontalCenter
        width: 84
        height: 84
        radius: 42
        color: person.theme.surface
        clip: true
        Text {
            anchors.centerIn: parent
            visible: photo.status !== Image.Ready
            text: person.modelData.name.split(" ").map(word => word[0]).slice(0, 2).join("")
            color: person.theme.textDim
            font.pixelSize: 24
            font.weight: Font.DemiBold
        }
        Image {
            id: photo
            anchors.fill: parent
            source: ArtworkUrls.revision >= 0 ? ArtworkUrls.url(person.sourceId, person.modelData.imageRef, 168) : ""
            sourceSize.width: 168
            fillMode: Image.PreserveAspectCrop
        }
    }
    Text {
        width: parent.width
        horizontalAlignment: Text.AlignHCenter
        text: person.modelData.name
        color: person.theme.text
        font.pixelSize: 12
        elide: Text.ElideRight
    }
    Text {
        width: parent.width
        horizontalAlignment: Text.AlignHCenter
        text: person.modelData.role
        color: person.theme.textDim
        font.pixelSize: 11
        elide: Text.ElideRight
    }
}
