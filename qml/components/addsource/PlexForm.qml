pragma ComponentBehavior: Bound
import QtQuick
import Reel
import ".."

// Plex, step by step: plex.tv's PIN (or a server URL and token), then the servers and
// the Plex Home user to add them as.
Column {
    id: form

    required property Theme theme
    required property PlexSignInViewModel model
    readonly property string step: model.step
    property int chosenUser: 0
    readonly property var chosenUserRow: model.homeUsers.find(u => u.id === form.chosenUser)
    readonly property bool chosenIsProtected: chosenUserRow !== undefined && chosenUserRow.protected

    objectName: "plexForm"
    spacing: 20

    function minutes(seconds: int): string {
        const s = seconds % 60
        return Math.floor(seconds / 60) + ":" + (s < 10 ? "0" : "") + s
    }
    function checkedServers(): list<string> {
        const ids = []
        for (let i = 0; i < serverRows.count; ++i) {
            const row = serverRows.itemAt(i) as ChoiceRow
            if (row && row.checked)
                ids.push(form.model.servers[i].id)
        }
        return ids
    }
    function focusFirst() {
        if (form.step === "token")
            (form.model.signingInAgain ? token : serverUrl).focusInput()
        else if (form.step === "userPin")
            userPin.focusInput()
    }
    onStepChanged: Qt.callLater(form.focusFirst)

    Connections {
        target: form.model
        function onHomeChanged() {
            const owner = form.model.homeUsers.find(u => u.admin)
            form.chosenUser = owner ? owner.id : 0
        }
    }

    // -- two ways in --------------------------------------------------------------------
    Column {
        visible: form.step === "start"
        width: form.width
        spacing: 16

        FormTitle {
            width: parent.width
            theme: form.theme
            text: form.model.signingInAgain ? "Sign in to plex.tv again" : "Sign in to Plex"
            hint: "Reel opens plex.tv in your browser; approve Reel there and the servers of "
                  + "your account (and your Plex Home) are yours to add."
        }
        ActionButton {
            objectName: "plexSignInWithPlexTv"
            theme: form.theme
            primary: true
            text: form.model.isLoading ? "Asking plex.tv…" : "Sign in with plex.tv"
            enabled: !form.model.isLoading
            onClicked: form.model.startPin()
        }
        Rectangle { width: parent.width; height: 1; color: form.theme.surfaceHover; visible: !form.model.signingInAgain }
        Row {
            visible: !form.model.signingInAgain
            width: parent.width
            spacing: 14
            Text {
                width: parent.width - useToken.width - 14
                anchors.verticalCenter: parent.verticalCenter
                text: "A server that cannot reach plex.tv? Add it with its address and token."
                color: form.theme.textDim
                font.pixelSize: 13
                wrapMode: Text.Wrap
            }
            ActionButton {
                id: useToken
                objectName: "plexUseToken"
                theme: form.theme
                text: "Server URL + token"
                onClicked: form.model.showTokenForm()
            }
        }
    }

    // -- the PIN --------------------------------------------------------------------------
    Column {
        visible: form.step === "pin"
        width: form.width
        spacing: 16

        FormTitle {
            width: parent.width
            theme: form.theme
            text: "Approve Reel on plex.tv"
            hint: "Your browser opened this page. Sign in there and allow Reel; if no page "
                  + "opened, copy the link into a browser (on any device)."
        }
        Rectangle {
            width: parent.width
            height: link.implicitHeight + 28
            radius: 8
            color: form.theme.window
            border.color: form.theme.surfaceHover
            TextEdit {
                id: link
                objectName: "plexPinLink"
                anchors { fill: parent; margins: 14 }
                readOnly: true
                selectByMouse: true
                wrapMode: TextEdit.WrapAnywhere
                text: form.model.pinLink
                color: form.theme.accent
                selectionColor: form.theme.accent
                selectedTextColor: form.theme.window
                font.family: form.theme.mono
                font.pixelSize: 12
            }
        }
        Row {
            spacing: 24
            Column {
                spacing: 4
                Text { text: "SIGN-IN CODE"; color: form.theme.textDim; font.pixelSize: 11; font.letterSpacing: 1.2 }
                TextEdit {
                    objectName: "plexPinCode"
                    readOnly: true
                    selectByMouse: true
                    text: form.model.pinCode
                    color: form.theme.text
                    selectionColor: form.theme.accent
                    font.family: form.theme.mono
                    font.pixelSize: 18
                    font.weight: Font.DemiBold
                }
            }
            Column {
                spacing: 4
                Text { text: "EXPIRES IN"; color: form.theme.textDim; font.pixelSize: 11; font.letterSpacing: 1.2 }
                Text {
                    objectName: "plexPinCountdown"
                    text: form.minutes(form.model.secondsLeft)
                    color: form.model.secondsLeft < 60 ? form.theme.warning : form.theme.text
                    font.pixelSize: 18
                    font.weight: Font.DemiBold
                    font.family: form.theme.mono
                }
            }
        }
        Row {
            spacing: 12
            Spinner { theme: form.theme; anchors.verticalCenter: parent.verticalCenter }
            Text {
                anchors.verticalCenter: parent.verticalCenter
                text: "Waiting for you to approve Reel…"
                color: form.theme.textDim
                font.pixelSize: 14
            }
        }
        Row {
            spacing: 10
            ActionButton {
                objectName: "plexOpenLink"
                theme: form.theme
                text: "Open the page again"
                onClicked: form.model.openLink()
            }
            ActionButton {
                objectName: "plexPinCancel"
                theme: form.theme
                text: "Cancel"
                onClicked: form.model.cancel()
            }
        }
    }

    // -- servers and home user -----------------------------------------------------------
    Column {
        visible: form.step === "choose"
        width: form.width
        spacing: 14

        FormTitle {
            width: parent.width
            theme: form.theme
            text: "Signed in as " + form.model.accountName
            hint: "Choose the servers to add, and who in your Plex Home watches here."
        }
        Text { text: "SERVERS"; color: form.theme.textDim; font.pixelSize: 11; font.letterSpacing: 1.2; font.weight: Font.DemiBold }
        Text {
            visible: form.model.servers.length === 0
            width: parent.width
            text: "This account has no server Reel can use. Add one with its URL and token instead."
            color: form.theme.warning
            font.pixelSize: 13
            wrapMode: Text.Wrap
        }
        Repeater {
            id: serverRows
            model: form.model.servers
            delegate: ChoiceRow {
                required property var modelData
                required property int index
                objectName: "plexServer" + index
                width: form.width
                theme: form.theme
                text: modelData.name
                detail: modelData.detail
                checked: true
            }
        }
        Text { topPadding: 6; text: "WATCH AS"; color: form.theme.textDim; font.pixelSize: 11; font.letterSpacing: 1.2; font.weight: Font.DemiBold }
        Flow {
            width: parent.width
            spacing: 10
            Repeater {
                model: form.model.homeUsers
                delegate: ChoiceRow {
                    required property var modelData
                    required property int index
                    objectName: "plexUser" + index
                    width: (form.width - 20) / 3
                    theme: form.theme
                    exclusive: true
                    text: modelData.name
                    detail: modelData.admin ? "Account owner" : modelData.protected ? "PIN protected" : "Home user"
                    checked: form.chosenUser === modelData.id
                    onClicked: form.chosenUser = modelData.id
                }
            }
        }
        FormField {
            id: homePin
            objectName: "plexHomePin"
            visible: form.chosenIsProtected
            width: 220
            theme: form.theme
            label: "PIN OF " + (form.chosenUserRow ? form.chosenUserRow.name.toUpperCase() : "")
            echoMode: TextInput.Password
            onAccepted: addButton.clicked()
        }
        ActionButton {
            id: addButton
            objectName: "plexAddServers"
            theme: form.theme
            primary: true
            text: form.model.isLoading ? "Adding…" : "Add servers"
            enabled: !form.model.isLoading && form.model.servers.length > 0
            onClicked: form.model.addServers(form.checkedServers(), form.chosenUser,
                                             form.chosenIsProtected ? homePin.text : "")
        }
    }

    // -- signing in again as a protected home user ------------------------------------
    Column {
        visible: form.step === "userPin"
        width: form.width
        spacing: 16
        FormTitle {
            width: parent.width
            theme: form.theme
            text: "This Plex Home user has a PIN"
            hint: "Type the PIN to sign in again as them."
        }
        FormField {
            id: userPin
            objectName: "plexAgainPin"
            width: 220
            theme: form.theme
            label: "PIN"
            echoMode: TextInput.Password
            onAccepted: form.model.submitUserPin(userPin.text)
        }
        ActionButton {
            objectName: "plexSubmitPin"
            theme: form.theme
            primary: true
            text: "Sign in"
            enabled: !form.model.isLoading
            onClicked: form.model.submitUserPin(userPin.text)
        }
    }

    // -- URL and token --------------------------------------------------------------------
    Column {
        visible: form.step === "token"
        width: form.width
        spacing: 18
        FormTitle {
            width: parent.width
            theme: form.theme
            text: form.model.signingInAgain ? "A new token for this server" : "Server URL and token"
            hint: "A signed-in Plex app shows the token: open an item's Get Info → View XML; "
                  + "it is the X-Plex-Token in the address."
        }
        FormField {
            id: serverUrl
            objectName: "plexUrl"
            width: parent.width
            theme: form.theme
            label: "SERVER ADDRESS"
            placeholderText: "http://192.168.1.20:32400"
            text: form.model.fixedUrl
            readOnly: form.model.signingInAgain
            onAccepted: token.focusInput()
        }
        FormField {
            id: token
            objectName: "plexToken"
            width: parent.width
            theme: form.theme
            label: "TOKEN"
            echoMode: TextInput.Password
            onAccepted: form.model.addWithToken(serverUrl.text, token.text)
        }
        Row {
            spacing: 10
            ActionButton {
                objectName: "plexAddWithToken"
                theme: form.theme
                primary: true
                text: form.model.isLoading ? "Checking…" : form.model.signingInAgain ? "Sign in" : "Add server"
                enabled: !form.model.isLoading
                onClicked: form.model.addWithToken(serverUrl.text, token.text)
            }
            ActionButton {
                visible: !form.model.signingInAgain
                theme: form.theme
                text: "Back"
                onClicked: form.model.back()
            }
        }
    }

    ErrorNote {
        objectName: "plexError"
        width: form.width
        theme: form.theme
        message: form.model.errorMessage
    }
}
