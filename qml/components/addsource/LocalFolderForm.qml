pragma ComponentBehavior: Bound
import QtQuick
import QtQuick.Dialogs
import Reel
import ".."

// Local folders: a name, the folders (chosen or typed) and what they hold.
Column {
    id: form

    required property Theme theme
    required property LocalFolderViewModel model

    objectName: "localForm"
    spacing: 18

    function focusFirst() {
        path.focusInput()
    }

    FormTitle {
        width: form.width
        theme: form.theme
        text: "Folders of films or series"
        hint: "Reel reads the files where they are: names, .nfo files and artwork beside "
              + "them. Nothing is copied or moved."
    }
    FormField {
        id: name
        objectName: "localName"
        width: form.width
        theme: form.theme
        label: "NAME"
        placeholderText: "Named after the first folder"
    }
    Column {
        width: form.width
        spacing: 8
        Text { text: "FOLDERS"; color: form.theme.textDim; font.pixelSize: 11; font.letterSpacing: 1.2; font.weight: Font.DemiBold }
        Text {
            visible: form.model.folders.length === 0
            text: "No folder yet: choose one, or type its path below."
            color: form.theme.textDim
            font.pixelSize: 13
        }
        Repeater {
            model: form.model.folders
            delegate: Rectangle {
                id: folderRow
                required property string modelData
                required property int index
                objectName: "localFolder" + index
                width: form.width
                height: 44
                radius: 8
                color: form.theme.window
                Text {
                    x: 14
                    anchors.verticalCenter: parent.verticalCenter
                    text: "▤"
                    color: "#3c8d6d"
                    font.pixelSize: 16
                }
                Text {
                    objectName: "localFolderPath"
                    x: 40
                    anchors.verticalCenter: parent.verticalCenter
                    width: parent.width - x - remove.width - 24
                    text: folderRow.modelData
                    color: form.theme.text
                    font.pixelSize: 14
                    elide: Text.ElideMiddle
                }
                Text {
                    id: remove
                    anchors { right: parent.right; rightMargin: 14; verticalCenter: parent.verticalCenter }
                    text: "Remove"
                    color: form.theme.textDim
                    font.pixelSize: 13
                    TapHandler { onTapped: form.model.removeFolder(folderRow.index) }
                    HoverHandler { cursorShape: Qt.PointingHandCursor }
                }
            }
        }
        Row {
            width: form.width
            spacing: 10
            FormField {
                id: path
                objectName: "localPath"
                width: parent.width - addPath.width - browse.width - 20
                theme: form.theme
                placeholderText: "/home/you/Videos/Films"
                onAccepted: {
                    form.model.addFolder(path.text)
                    path.text = ""
                }
            }
            ActionButton {
                id: addPath
                objectName: "localAddPath"
                implicitHeight: 44
                theme: form.theme
                text: "Add"
                enabled: path.text.trim() !== ""
                onClicked: {
                    form.model.addFolder(path.text)
                    path.text = ""
                }
            }
            ActionButton {
                id: browse
                objectName: "localBrowse"
                implicitHeight: 44
                theme: form.theme
                text: "Choose folder…"
                onClicked: picker.open()
            }
        }
    }
    Column {
        width: form.width
        spacing: 8
        Text { text: "THEY HOLD"; color: form.theme.textDim; font.pixelSize: 11; font.letterSpacing: 1.2; font.weight: Font.DemiBold }
        Row {
            spacing: 8
            Repeater {
                model: [{ key: "auto", label: "Films and series" }, { key: "movies", label: "Films" },
                        { key: "shows", label: "Series" }]
                delegate: ActionButton {
                    required property var modelData
                    objectName: "localKind_" + modelData.key
                    theme: form.theme
                    checkable: true
                    checked: form.model.kind === modelData.key
                    text: modelData.label
                    onClicked: form.model.setKind(modelData.key)
                }
            }
        }
    }
    ActionButton {
        objectName: "localAdd"
        theme: form.theme
        primary: true
        text: form.model.isLoading ? "Adding…" : "Add folders"
        enabled: !form.model.isLoading && form.model.folders.length > 0
        onClicked: form.model.add(name.text)
    }
    ErrorNote {
        objectName: "localError"
        width: form.width
        theme: form.theme
        message: form.model.errorMessage
    }

    FolderDialog {
        id: picker
        title: "Choose a folder of films or series"
        onAccepted: form.model.addFolder(picker.selectedFolder.toString())
    }
}
