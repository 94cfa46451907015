pragma ComponentBehavior: Bound
import QtQuick
import Reel
import ".."

// Jellyfin, step by step: address (or a server found on the network), certificate,
// user name and password or a Quick Connect code.
Column {
    id: form

    required property Theme theme
    required property JellyfinSignInViewModel model
    readonly property string step: model.step

    objectName: "jellyfinForm"
    spacing: 20

    function focusFirst() {
        if (form.step === "address")
            url.focusInput()
        else if (form.step === "credentials")
            username.focusInput()
    }
    onStepChanged: Qt.callLater(form.focusFirst)

    // -- the address --------------------------------------------------------------------
    Column {
        visible: form.step === "address"
        width: form.width
        spacing: 20

        FormTitle {
            width: parent.width
            theme: form.theme
            text: form.model.signingInAgain ? "Checking " + form.model.serverName + "…"
                                            : "Where is your Jellyfin server?"
            hint: form.model.signingInAgain ? form.model.url
                : "The address you open Jellyfin at in a browser, such as "
                  + "http://192.168.1.20:8096 or https://jellyfin.example.com."
        }
        Row {
            visible: !form.model.signingInAgain
            width: parent.width
            spacing: 10
            FormField {
                id: url
                objectName: "jellyfinUrl"
                width: parent.width - check.width - 10
                theme: form.theme
                placeholderText: "http://192.168.1.20:8096"
                onAccepted: form.model.check(url.text)
            }
            ActionButton {
                id: check
                objectName: "jellyfinCheck"
                anchors.bottom: parent.bottom
                implicitHeight: 44
                theme: form.theme
                primary: true
                text: form.model.isLoading ? "Checking…" : "Check"
                enabled: !form.model.isLoading && url.text.trim() !== ""
                onClicked: form.model.check(url.text)
            }
        }
        Column {
            visible: !form.model.signingInAgain
            width: parent.width
            spacing: 8
            Row {
                spacing: 10
                Text {
                    text: "ON THIS NETWORK"
                    color: form.theme.textDim
                    font.pixelSize: 11
                    font.letterSpacing: 1.2
                    font.weight: Font.DemiBold
                }
                Spinner { theme: form.theme; running: form.model.isDiscovering; width: 12; height: 12 }
            }
            Text {
                objectName: "jellyfinNoneFound"
                visible: !form.model.isDiscovering && form.model.discovered.length === 0
                text: "No Jellyfin server answered here; type its address above."
                color: form.theme.textDim
                font.pixelSize: 13
            }
            Repeater {
                model: form.model.discovered
                delegate: ChoiceRow {
                    required property var modelData
                    required property int index
                    objectName: "discovered" + index
                    width: form.width
                    theme: form.theme
                    checkable: false
                    text: modelData.name
                    detail: modelData.address
                    badge: "Use →"
                    badgeColor: form.theme.accent
                    onClicked: {
                        url.text = modelData.address
                        form.model.check(modelData.address)
                    }
                }
            }
        }
    }

    // -- the certificate ---------------------------------------------------------------
    Column {
        visible: form.step === "trust"
        width: form.width
        spacing: 16

        FormTitle {
            width: parent.width
            theme: form.theme
            text: "Trust this certificate?"
            hint: form.model.url + " presents a certificate this computer does not trust "
                  + "(most likely one the server made itself). Compare its fingerprint with "
                  + "the one your server shows, and trust it only if they match. Reel "
                  + "remembers your decision for this server."
        }
        Rectangle {
            width: parent.width
            height: fingerprint.implicitHeight + 28
            radius: 8
            color: form.theme.window
            border.color: form.theme.withAlpha(form.theme.warning, 0.5)
            TextEdit {
                id: fingerprint
                objectName: "certificateFingerprint"
                anchors { fill: parent; margins: 14 }
                readOnly: true
                selectByMouse: true
                wrapMode: TextEdit.WrapAnywhere
                text: "SHA-256  " + form.model.fingerprint
                color: form.theme.warning
                selectionColor: form.theme.accent
                font.family: form.theme.mono
                font.pixelSize: 13
            }
        }
        Row {
            spacing: 10
            ActionButton {
                objectName: "trustCertificate"
                theme: form.theme
                primary: true
                text: "Trust this certificate"
                enabled: !form.model.isLoading
                onClicked: form.model.trustCertificate()
            }
            ActionButton {
                objectName: "distrustCertificate"
                theme: form.theme
                text: "Don't trust it"
                onClicked: form.model.back()
            }
        }
    }

    // -- user name and password --------------------------------------------------------
    Column {
        visible: form.step === "credentials"
        width: form.width
        spacing: 18

        Rectangle {
            width: parent.width
            height: 64
            radius: 10
            color: form.theme.window
            SourceCardIcon {
                x: 14
                anchors.verticalCenter: parent.verticalCenter
                sourceType: "jellyfin"
                size: 36
            }
            Column {
                x: 64
                anchors.verticalCenter: parent.verticalCenter
                width: parent.width - x - changeServer.width - 24
                Text {
                    objectName: "jellyfinServerName"
                    width: parent.width
                    text: form.model.serverName
                    color: form.theme.text
                    font.pixelSize: 16
                    font.weight: Font.DemiBold
                    elide: Text.ElideRight
                }
                Text {
                    objectName: "jellyfinServerInfo"
                    width: parent.width
                    text: "Jellyfin " + form.model.serverVersion + "  ·  " + form.model.url
                    color: form.theme.textDim
                    font.pixelSize: 12
                    elide: Text.ElideRight
                }
            }
            Text {
                id: changeServer
                objectName: "jellyfinChangeServer"
                visible: !form.model.signingInAgain
                anchors { right: parent.right; rightMargin: 16; verticalCenter: parent.verticalCenter }
                text: "Change"
                color: form.theme.accent
                font.pixelSize: 13
                font.weight: Font.DemiBold
                TapHandler { onTapped: form.model.back() }
                HoverHandler { cursorShape: Qt.PointingHandCursor }
            }
        }
        FormField {
            id: username
            objectName: "jellyfinUser"
            width: parent.width
            theme: form.theme
            label: "USER NAME"
            onAccepted: password.focusInput()
        }
        FormField {
            id: password
            objectName: "jellyfinPassword"
            width: parent.width
            theme: form.theme
            label: "PASSWORD"
            echoMode: TextInput.Password
            onAccepted: form.model.signIn(username.text, password.text)
        }
        Row {
            spacing: 10
            ActionButton {
                objectName: "jellyfinSignIn"
                theme: form.theme
                primary: true
                text: form.model.isLoading ? "Signing in…" : "Sign in"
                enabled: !form.model.isLoading && username.text.trim() !== ""
                onClicked: form.model.signIn(username.text, password.text)
            }
            ActionButton {
                objectName: "jellyfinQuickConnect"
                theme: form.theme
                text: "Use Quick Connect"
                enabled: !form.model.isLoading
                onClicked: form.model.startQuickConnect()
            }
        }
    }

    // -- Quick Connect -------------------------------------------------------------------
    Column {
        visible: form.step === "quickConnect"
        width: form.width
        spacing: 18

        FormTitle {
            width: parent.width
            theme: form.theme
            text: "Enter this code in Jellyfin"
            hint: "In a Jellyfin app where you are signed in, open your profile → Quick "
                  + "Connect and type the code. Reel signs in as soon as it is approved."
        }
        Rectangle {
            width: parent.width
            height: 110
            radius: 12
            color: form.theme.window
            border.color: form.theme.withAlpha(form.theme.accent, 0.4)
            TextEdit {
                objectName: "quickConnectCode"
                anchors.centerIn: parent
                readOnly: true
                selectByMouse: true
                text: form.model.quickConnectCode
                color: form.theme.text
                selectionColor: form.theme.accent
                font.family: form.theme.mono
                font.pixelSize: 48
                font.weight: Font.Bold
                font.letterSpacing: 10
            }
        }
        Row {
            spacing: 12
            Spinner { theme: form.theme; anchors.verticalCenter: parent.verticalCenter }
            Text {
                anchors.verticalCenter: parent.verticalCenter
                text: "Waiting for approval…"
                color: form.theme.textDim
                font.pixelSize: 14
            }
        }
        ActionButton {
            objectName: "quickConnectCancel"
            theme: form.theme
            text: "Cancel"
            onClicked: form.model.cancel()
        }
    }

    Row {
        visible: form.model.isLoading && form.step !== "quickConnect"
        spacing: 10
        Spinner { theme: form.theme; anchors.verticalCenter: parent.verticalCenter }
        Text {
            text: form.step === "credentials" ? "Signing in…" : "Asking the server…"
            color: form.theme.textDim
            font.pixelSize: 13
        }
    }
    ErrorNote {
        objectName: "jellyfinError"
        width: form.width
        theme: form.theme
        message: form.model.errorMessage
    }
}
