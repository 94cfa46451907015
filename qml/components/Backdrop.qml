pragma ComponentBehavior: Bound
import QtQuick
import Reel

// A page-wide backdrop image fading into the window colour at the bottom.
Item {
    id: backdrop

    required property Theme theme
    property int sourceId: 0
    property string ref: ""
    property string blurhash: ""
    readonly property int pixelWidth: Math.round(width * Screen.devicePixelRatio)

    clip: true

    Image {
        anchors.fill: parent
        source: ArtworkUrls.revision >= 0 && backdrop.width > 0
                ? ArtworkUrls.blur(backdrop.blurhash, backdrop.height / backdrop.width) : ""
        sourceSize: Qt.size(32, 18)
        fillMode: Image.Stretch
        visible: image.status !== Image.Ready
    }
    Image {
        id: image
        objectName: "backdropImage"
        readonly property bool ready: status === Image.Ready  // for tests: enums do not cross
        anchors.fill: parent
        source: ArtworkUrls.revision >= 0 && backdrop.pixelWidth > 0
                ? ArtworkUrls.url(backdrop.sourceId, backdrop.ref, backdrop.pixelWidth) : ""
        sourceSize.width: backdrop.pixelWidth
        fillMode: Image.PreserveAspectCrop
        opacity: status === Image.Ready ? 0.55 : 0
        Behavior on opacity { NumberAnimation { duration: 200 } }
    }
    Rectangle {
        anchors.fill: parent
        gradient: Gradient {
            GradientStop { position: 0.0; color: backdrop.theme.withAlpha(backdrop.theme.window, 0.2) }
            GradientStop { position: 0.6; color: backdrop.theme.withAlpha(backdrop.theme.window, 0.8) }
            GradientStop { position: 1.0; color: backdrop.theme.window }
        }
    }
}
