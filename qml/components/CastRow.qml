pragma ComponentBehavior: Bound
import QtQuick
import QtQuick.Layouts

// A titled, horizontally scrolling row of people (cast, guest stars); hidden when empty.
ColumnLayout {
    id: row

    required property Theme theme
    property string title: "Cast"
    property var people: []
    property int sourceId: 0

    visible: people.length > 0
    spacing: 12

    Text {
        text: row.title
        color: row.theme.text
        font.pixelSize: 20
        font.weight: Font.DemiBold
    }
    ListView {
        objectName: "castList"
        Layout.fillWidth: true
        Layout.preferredHeight: 150
        orientation: ListView.Horizontal
        spacing: 18
        clip: true
        model: row.people
        delegate: PersonCard {
            theme: row.theme
            sourceId: row.sourceId
        }
    }
}
