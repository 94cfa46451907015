pragma ComponentBehavior: Bound
import QtQuick
import QtQuick.Controls.Basic
import Reel

// The artwork cache's rows: how full it is with Clear (after a confirmation), and its cap.
Column {
    id: images

    required property Theme theme
    required property SettingsViewModel settings
    readonly property ImageCacheViewModel cache: settings.imageCache as ImageCacheViewModel
    readonly property list<int> range: settings.ranges.imageCacheMb
    readonly property alias clearButton: clearButton

    // Artwork arriving (or evicted) moves the size: read it again (from memory, cheap).
    Connections {
        target: ArtworkUrls
        function onRevisionChanged() { images.cache.refresh() }
    }

    SettingsRow {
        theme: images.theme
        divided: false
        label: "Downloaded artwork"
        hint: "Posters and backgrounds kept on disk, so pages show them at once and offline."
        Row {
            spacing: 14
            Text {
                objectName: "imageCacheSize"
                anchors.verticalCenter: parent.verticalCenter
                text: images.cache.busy ? "Clearing…" : images.cache.sizeText
                color: images.theme.textDim
                font.pixelSize: 13
            }
            SettingsButton {
                id: clearButton
                objectName: "clearImageCache"
                theme: images.theme
                text: "Clear…"
                enabled: !images.cache.busy
                onClicked: confirm.open()
            }
        }
    }
    SettingsRow {
        theme: images.theme
        label: "Cache size limit"
        hint: "The least recently shown images go first when the cache is full."
        SettingsNumber {
            objectName: "imageCacheMb"
            theme: images.theme
            value: images.settings.imageCacheMb
            minimum: images.range[0]
            maximum: images.range[1]
            step: 50
            unit: "MB"
            onCommitted: value => images.settings.imageCacheMb = value
        }
    }

    Popup {
        id: confirm
        objectName: "clearImageCacheDialog"
        parent: Overlay.overlay
        anchors.centerIn: parent
        width: 440
        modal: true
        focus: true
        padding: 24
        onOpened: keep.forceActiveFocus()
        onClosed: clearButton.forceActiveFocus()
        Overlay.modal: Rectangle { color: "#80000000" }
        background: Rectangle {
            radius: images.theme.radius + 4
            color: images.theme.surface
            border.color: images.theme.surfaceHover
        }
        contentItem: Column {
            spacing: 14
            Text {
                width: parent.width
                text: "Clear the image cache?"
                color: images.theme.text
                font.pixelSize: 18
                font.weight: Font.DemiBold
            }
            Text {
                width: parent.width
                text: "Every downloaded poster and background is deleted. They download again "
                      + "when a page shows them, which needs the source to be reachable."
                color: images.theme.textDim
                font.pixelSize: 13
                wrapMode: Text.WordWrap
            }
            Row {
                anchors.right: parent.right
                topPadding: 6
                spacing: 10
                SettingsButton {
                    id: keep
                    objectName: "clearImageCacheCancel"
                    theme: images.theme
                    text: "Cancel"
                    onClicked: confirm.close()
                }
                SettingsButton {
                    objectName: "clearImageCacheConfirm"
                    theme: images.theme
                    primary: true
                    text: "Clear cache"
                    onClicked: {
                        images.cache.clear()
                        confirm.close()
                    }
                }
            }
        }
    }
}
