pragma ComponentBehavior: Bound
import QtQuick
import QtQuick.Controls.Basic
import Reel

// Versions of Reel and what it runs on, and where it keeps its files.
Column {
    id: about

    required property Theme theme
    required property AboutInfo info
    readonly property alias openButton: openButton
    property string openError: ""

    Column {
        x: 20
        topPadding: 16
        bottomPadding: 12
        spacing: 10

        Repeater {
            model: [
                ["Reel", about.info.reelVersion, "aboutReel"],
                ["Python", about.info.pythonVersion, "aboutPython"],
                ["Qt", about.info.qtVersion, "aboutQt"],
                ["Player", about.info.mpvVersion, "aboutMpv"],
                ["Database", about.info.sqliteVersion, "aboutSqlite"],
            ]
            delegate: Row {
                id: fact
                required property var modelData
                spacing: 0
                Text {
                    width: 120
                    text: fact.modelData[0]
                    color: about.theme.textDim
                    font.pixelSize: 13
                }
                TextEdit {
                    objectName: fact.modelData[2]
                    readOnly: true
                    selectByMouse: true
                    text: fact.modelData[1]
                    color: about.theme.text
                    selectionColor: about.theme.accent
                    selectedTextColor: about.theme.window
                    font.pixelSize: 13
                }
            }
        }
    }
    SettingsRow {
        theme: about.theme
        label: "Data folder"
        hint: "Your library copy, settings, logs and image cache."
        Row {
            spacing: 12
            SettingsButton {
                id: openButton
                objectName: "openDataFolder"
                theme: about.theme
                text: "Open folder"
                onClicked: about.openError = about.info.openDataFolder()
                           ? "" : "No file manager could open it; copy the path above instead."
            }
        }
    }
    TextEdit {
        objectName: "dataFolderText"
        x: 20
        width: about.width - 40
        bottomPadding: 16
        readOnly: true
        selectByMouse: true
        persistentSelection: true
        text: about.info.dataFolder
        color: about.theme.text
        selectionColor: about.theme.accent
        selectedTextColor: about.theme.window
        font.family: about.theme.mono
        font.pixelSize: 13
        wrapMode: TextEdit.WrapAnywhere
    }
    Text {
        objectName: "openFolderError"
        visible: about.openError !== ""
        x: 20
        bottomPadding: 16
        text: about.openError
        color: about.theme.danger
        font.pixelSize: 12
    }
}
