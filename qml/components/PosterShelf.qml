pragma ComponentBehavior: Bound
import QtQuick
import QtQuick.Controls.Basic
import Reel

// A titled, horizontally scrolling row of posters (a Home row); hidden when empty.
Column {
    id: shelf

    required property Theme theme
    required property string title
    required property PosterListModel model
    property real cardWidth: 150
    property bool landscape: false

    signal activated(int itemId, string itemType)

    visible: model.count > 0
    spacing: 12

    Text {
        text: shelf.title
        color: shelf.theme.text
        font.pixelSize: 20
        font.weight: Font.DemiBold
    }
    ListView {
        id: row
        objectName: shelf.objectName + "List"
        width: shelf.width
        height: (shelf.landscape ? shelf.cardWidth * 9 / 16 : shelf.cardWidth * 1.5) + 56
        orientation: ListView.Horizontal
        spacing: 16
        clip: true
        model: shelf.model
        boundsBehavior: Flickable.StopAtBounds
        ScrollBar.horizontal: ScrollBar { policy: ScrollBar.AsNeeded; height: 6 }
        delegate: PosterCard {
            width: shelf.cardWidth
            landscape: shelf.landscape
            theme: shelf.theme
            onActivated: shelf.activated(itemId, itemType)
        }
    }
}
