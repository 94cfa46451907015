pragma ComponentBehavior: Bound
import QtQuick
import "../components"

// Shown when no source exists yet: what Reel does and how to add a source.
Item {
    id: page

    required property Theme theme

    // The user asked to add a source (the add-source page opens).
    signal addSourceRequested()

    objectName: "emptyState"

    Column {
        anchors.centerIn: parent
        width: Math.min(parent.width - 80, 620)
        spacing: 18

        Rectangle {
            anchors.horizontalCenter: parent.horizontalCenter
            width: 88
            height: 88
            radius: 44
            color: page.theme.surface
            border.color: page.theme.accent
            border.width: 2
            Text {
                anchors.centerIn: parent
                anchors.horizontalCenterOffset: 4
                text: "▶"
                color: page.theme.accent
                font.pixelSize: 36
            }
        }
        Text {
            objectName: "emptyTitle"
            width: parent.width
            horizontalAlignment: Text.AlignHCenter
            text: "No media yet"
            color: page.theme.text
            font.pixelSize: 28
            font.weight: Font.DemiBold
        }
        Text {
            objectName: "emptyHint"
            width: parent.width
            horizontalAlignment: Text.AlignHCenter
            wrapMode: Text.WordWrap
            text: "Add a Jellyfin server, a Plex account or a folder of films and series. "
                + "Reel keeps a copy of the library on this computer, so it opens instantly "
                + "and works offline."
            color: page.theme.textDim
            font.pixelSize: 15
            lineHeight: 1.3
        }
        ActionButton {
            objectName: "emptyAddSource"
            anchors.horizontalCenter: parent.horizontalCenter
            implicitHeight: 46
            theme: page.theme
            primary: true
            text: "Add a source"
            onClicked: page.addSourceRequested()
        }
        Rectangle {
            width: parent.width
            height: commands.implicitHeight + 32
            radius: page.theme.radius
            color: page.theme.surface

            Column {
                id: commands
                anchors { fill: parent; margins: 16 }
                spacing: 8

                Text {
                    text: "Or from a terminal:"
                    color: page.theme.text
                    font.pixelSize: 14
                }
                Repeater {
                    model: [
                        "reel source add jellyfin https://jellyfin.example:8096 --username you",
                        "reel source add plex",
                        "reel source add local ~/Videos --kind movies"
                    ]
                    delegate: Text {
                        required property string modelData
                        width: commands.width
                        elide: Text.ElideRight
                        text: modelData
                        color: page.theme.accent
                        font.family: page.theme.mono
                        font.pixelSize: 13
                    }
                }
                Text {
                    topPadding: 4
                    width: commands.width
                    wrapMode: Text.WordWrap
                    text: "then run “reel sync”."
                    color: page.theme.textDim
                    font.pixelSize: 13
                }
            }
        }
    }
}
