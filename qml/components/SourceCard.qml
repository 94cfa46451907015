pragma ComponentBehavior: Bound
import QtQuick
import QtQuick.Layouts
import Reel

// One source on the Sources page: what it is, its state in words, and what to do about it.
Rectangle {
    id: card

    required property Theme theme
    required property int sourceId
    required property string sourceType
    required property string name
    required property int itemCount
    required property string status
    required property string statusText
    required property string statusLabel
    required property string address
    required property string lastSyncText
    required property string lastError
    required property string hint
    required property bool canSignIn
    required property bool isSyncing
    required property real syncFraction
    required property var libraries
    property bool removing: false

    signal syncRequested()
    signal signInRequested()
    signal removeRequested()

    readonly property bool neverSynced: status === "ok" && lastSyncText === "never"
    readonly property color stateColor: status === "syncing" ? theme.accent
                                      : status === "offline" ? theme.warning
                                      : neverSynced ? theme.textDim
                                      : status === "ok" ? theme.success : theme.danger
    readonly property bool troubled: status === "offline" || status === "error"
                                     || status === "needs-sign-in"
    readonly property var typeNames: ({ jellyfin: "Jellyfin server", plex: "Plex server",
                                        local: "Local folders" })
    readonly property int libraryCount: libraries.filter(lib => lib.supported).length

    objectName: "sourceCard" + sourceId
    implicitHeight: body.implicitHeight + 44
    radius: theme.radius + 4
    // A shade darker than the buttons' surface, so quiet buttons still read as buttons.
    color: Qt.darker(theme.surface, 1.12)
    border.width: 1
    border.color: troubled ? Qt.rgba(stateColor.r, stateColor.g, stateColor.b, 0.35)
                           : Qt.rgba(1, 1, 1, 0.04)

    ColumnLayout {
        id: body
        anchors { left: parent.left; right: parent.right; top: parent.top; margins: 22 }
        spacing: 14

        RowLayout {
            Layout.fillWidth: true
            spacing: 16

            SourceCardIcon {
                sourceType: card.sourceType
                size: 48
                Layout.alignment: Qt.AlignTop
            }
            ColumnLayout {
                Layout.fillWidth: true
                spacing: 3
                Text {
                    objectName: "cardName"
                    Layout.fillWidth: true
                    text: card.name
                    color: card.theme.text
                    font.pixelSize: 19
                    font.weight: Font.DemiBold
                    elide: Text.ElideRight
                }
                Text {
                    objectName: "cardAddress"
                    Layout.fillWidth: true
                    text: (card.typeNames[card.sourceType] || card.sourceType)
                          + (card.address !== "" ? "  ·  " + card.address : "")
                    color: card.theme.textDim
                    font.pixelSize: 13
                    elide: Text.ElideMiddle
                }
            }
            // The state in a word, as a coloured pill.
            Rectangle {
                Layout.alignment: Qt.AlignTop
                implicitWidth: pill.implicitWidth + 26
                implicitHeight: 28
                radius: 14
                color: Qt.rgba(card.stateColor.r, card.stateColor.g, card.stateColor.b, 0.14)
                Row {
                    id: pill
                    anchors.centerIn: parent
                    spacing: 7
                    Rectangle {
                        anchors.verticalCenter: parent.verticalCenter
                        width: 7
                        height: 7
                        radius: 3.5
                        color: card.stateColor
                    }
                    Text {
                        objectName: "cardStatus"
                        text: card.statusLabel
                        color: card.stateColor
                        font.pixelSize: 13
                        font.weight: Font.DemiBold
                    }
                }
            }
        }

        // Facts: when it last synced, how much it holds.
        Row {
            Layout.fillWidth: true
            Layout.leftMargin: 64
            spacing: 28
            Repeater {
                model: [
                    { label: "Last sync", value: card.lastSyncText, name: "cardLastSync" },
                    { label: "Items", value: Number(card.itemCount).toLocaleString(Qt.locale(), "f", 0),
                      name: "cardItems" },
                    { label: "Libraries", value: String(card.libraryCount), name: "cardLibraries" }
                ]
                delegate: Column {
                    id: fact
                    required property var modelData
                    spacing: 2
                    Text {
                        text: fact.modelData.label.toUpperCase()
                        color: card.theme.textDim
                        font.pixelSize: 10
                        font.letterSpacing: 1.1
                    }
                    Text {
                        objectName: fact.modelData.name
                        text: fact.modelData.value
                        color: card.theme.text
                        font.pixelSize: 15
                    }
                }
            }
        }

        // Live progress while syncing.
        ColumnLayout {
            objectName: "cardProgress"
            visible: card.isSyncing
            Layout.fillWidth: true
            Layout.leftMargin: 64
            spacing: 6
            Text {
                objectName: "cardProgressText"
                text: card.statusText
                color: card.theme.accent
                font.pixelSize: 13
            }
            Rectangle {
                id: track
                Layout.fillWidth: true
                implicitHeight: 4
                radius: 2
                color: card.theme.surfaceHover
                clip: true
                Rectangle {
                    visible: card.syncFraction >= 0
                    width: track.width * Math.max(0, card.syncFraction)
                    height: parent.height
                    radius: 2
                    color: card.theme.accent
                }
                Rectangle {
                    id: slider
                    visible: card.syncFraction < 0
                    width: track.width / 4
                    height: parent.height
                    radius: 2
                    color: card.theme.accent
                    NumberAnimation on x {
                        running: slider.visible && card.isSyncing
                        loops: Animation.Infinite
                        from: -slider.width
                        to: track.width
                        duration: 1200
                    }
                }
            }
        }

        // What went wrong, in words, and what to do about it.
        Rectangle {
            objectName: "cardProblem"
            visible: !card.isSyncing && (card.troubled || card.hint !== "")
            Layout.fillWidth: true
            Layout.leftMargin: 64
            implicitHeight: problem.implicitHeight + 24
            radius: card.theme.radius
            color: card.troubled ? Qt.rgba(card.stateColor.r, card.stateColor.g, card.stateColor.b, 0.08)
                                 : card.theme.surfaceHover
            ColumnLayout {
                id: problem
                anchors { left: parent.left; right: parent.right; verticalCenter: parent.verticalCenter
                          leftMargin: 14; rightMargin: 14 }
                spacing: 4
                Text {
                    objectName: "cardError"
                    visible: card.troubled && card.lastError !== ""
                    Layout.fillWidth: true
                    text: card.lastError
                    color: card.stateColor
                    font.pixelSize: 13
                    font.weight: Font.DemiBold
                    wrapMode: Text.Wrap
                }
                Text {
                    objectName: "cardHint"
                    Layout.fillWidth: true
                    text: card.hint
                    color: card.theme.textDim
                    font.pixelSize: 13
                    wrapMode: Text.Wrap
                    lineHeight: 1.2
                }
            }
        }

        RowLayout {
            Layout.fillWidth: true
            Layout.leftMargin: 64
            spacing: 10
            ActionButton {
                objectName: "syncNow" + card.sourceId
                theme: card.theme
                text: card.isSyncing ? "Syncing…" : "Sync now"
                primary: card.status !== "needs-sign-in"
                enabled: !card.isSyncing && !card.removing
                opacity: enabled ? 1 : 0.5
                onClicked: card.syncRequested()
            }
            ActionButton {
                objectName: "signIn" + card.sourceId
                visible: card.canSignIn
                theme: card.theme
                text: "Sign in again"
                primary: card.status === "needs-sign-in"
                enabled: !card.removing
                onClicked: card.signInRequested()
            }
            Item { Layout.fillWidth: true }
            ActionButton {
                objectName: "remove" + card.sourceId
                theme: card.theme
                text: card.removing ? "Removing…" : "Remove"
                // A sync writes into the source until it ends; removing waits for that.
                enabled: !card.isSyncing && !card.removing
                opacity: enabled ? 1 : 0.5
                onClicked: card.removeRequested()
            }
        }
    }
}
