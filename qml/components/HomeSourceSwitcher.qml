pragma ComponentBehavior: Bound
import QtQuick
import Reel

// Home's source switcher: "All sources" and a chip per source; the checked one filters
// the rows. Tab reaches the chips, Left/Right move between them, Space/Return choose.
Flow {
    id: switcher

    required property Theme theme
    required property SourcesListModel sources
    required property HomeViewModel rows

    spacing: 8
    Accessible.role: Accessible.PageTabList
    Accessible.name: "Show on Home"

    ActionButton {
        objectName: "homeSourceAll"
        theme: switcher.theme
        text: "All sources"
        implicitHeight: 34
        checked: switcher.rows.sourceId === 0
        Accessible.role: Accessible.PageTab
        onClicked: switcher.rows.chooseSource(0)
        Keys.onRightPressed: nextItemInFocusChain().forceActiveFocus(Qt.TabFocusReason)
    }
    Repeater {
        id: chips
        model: switcher.sources
        delegate: ActionButton {
            id: chip
            required property int sourceId
            required property string name
            required property int index
            objectName: "homeSource_" + chip.sourceId
            theme: switcher.theme
            text: chip.name
            implicitHeight: 34
            checked: switcher.rows.sourceId === chip.sourceId
            Accessible.role: Accessible.PageTab
            onClicked: switcher.rows.chooseSource(chip.sourceId)
            Keys.onLeftPressed: nextItemInFocusChain(false).forceActiveFocus(Qt.BacktabFocusReason)
            Keys.onRightPressed: {
                if (chip.index < chips.count - 1) // the last chip keeps focus, as in a tab bar
                    nextItemInFocusChain().forceActiveFocus(Qt.TabFocusReason)
            }
        }
    }
}
