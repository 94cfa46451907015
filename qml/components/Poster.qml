pragma ComponentBehavior: Bound
import QtQuick
import Reel

// Artwork at the size shown: a neutral tile, the BlurHash preview while loading, then
// the image fading in; watched tick and progress bar over it.
Rectangle {
    id: poster

    required property Theme theme
    property int sourceId: 0
    property string ref: ""
    property string blurhash: ""
    // Re-read when artwork arrives (revision); asked at the size shown, in device pixels.
    readonly property int pixelWidth: Math.round(width * Screen.devicePixelRatio)
    readonly property string source: ArtworkUrls.revision >= 0 && pixelWidth > 0
                                     ? ArtworkUrls.url(sourceId, ref, pixelWidth) : ""
    readonly property string blurSource: ArtworkUrls.revision >= 0 && width > 0
                                         ? ArtworkUrls.blur(blurhash, height / width) : ""
    property string fallbackText: ""
    property bool watched: false
    property real progress: 0
    // Scrolled away before its image came: its queued download is dropped.
    Component.onDestruction: {
        if (poster.source === "" && poster.pixelWidth > 0)
            ArtworkUrls.release(poster.sourceId, poster.ref, poster.pixelWidth)
    }

    radius: 8
    color: theme.surface
    clip: true

    gradient: Gradient {
        GradientStop { position: 0; color: Qt.lighter(poster.theme.surface, 1.25) }
        GradientStop { position: 1; color: poster.theme.surface }
    }
    // No artwork (yet): the title, as a text poster.
    Text {
        anchors { fill: parent; margins: 10 }
        visible: image.status !== Image.Ready && blur.status !== Image.Ready
        text: poster.fallbackText
        color: poster.theme.textDim
        wrapMode: Text.WordWrap
        horizontalAlignment: Text.AlignHCenter
        verticalAlignment: Text.AlignVCenter
        elide: Text.ElideRight
        font.pixelSize: Math.max(11, Math.min(18, poster.width / 9))
        font.weight: Font.DemiBold
    }
    Image {
        id: blur
        anchors.fill: parent
        visible: image.status !== Image.Ready || image.opacity < 1
        source: poster.blurSource
        sourceSize: Qt.size(24, Math.round(24 * poster.height / Math.max(1, poster.width)))
        fillMode: Image.Stretch
        smooth: true
    }
    Image {
        id: image
        objectName: "posterImage"
        readonly property bool ready: status === Image.Ready  // for tests: enums do not cross
        anchors.fill: parent
        source: poster.source
        // Ask for the displayed size: the provider fetches and decodes no bigger.
        sourceSize.width: poster.pixelWidth
        fillMode: Image.PreserveAspectCrop
        opacity: status === Image.Ready ? 1 : 0
        Behavior on opacity { NumberAnimation { duration: 160 } }
    }
    Rectangle {
        visible: poster.watched
        anchors { top: parent.top; right: parent.right; margins: 6 }
        width: 22; height: 22; radius: 11
        color: poster.theme.accent
        Text {
            anchors.centerIn: parent
            text: "✓"
            color: poster.theme.window
            font.pixelSize: 13
            font.bold: true
        }
    }
    Rectangle {
        visible: poster.progress > 0
        anchors { left: parent.left; right: parent.right; bottom: parent.bottom }
        height: 4
        color: "#99000000"
        Rectangle {
            width: parent.width * poster.progress
            height: parent.height
            color: poster.theme.accent
        }
    }
}
