pragma ComponentBehavior: Bound
import QtQuick

// Label–value lines under a details page's overview: audio, subtitles, crew, studio.
Column {
    id: table

    required property Theme theme
    // [[label, value], ...]; empty values are left out by the page.
    property var facts: []

    spacing: 6

    Repeater {
        model: table.facts
        delegate: Row {
            id: fact
            required property var modelData
            spacing: 16
            Text {
                width: 110
                text: fact.modelData[0]
                color: table.theme.textDim
                font.pixelSize: 13
            }
            Text {
                text: fact.modelData[1]
                color: table.theme.text
                font.pixelSize: 13
            }
        }
    }
}
