pragma ComponentBehavior: Bound
import QtQuick
import QtQuick.Controls.Basic
import Reel
import "../components"

// Every preference, grouped; a change applies at once (the view-model saves it soon after).
Item {
    id: page

    required property Theme theme
    required property Navigator nav
    required property SettingsViewModel model
    readonly property var ranges: model.ranges

    objectName: "settingsPage"

    // Keep the control with the keyboard focus in view while Tab walks the page.
    function reveal(target: Item) {
        let parent = target
        while (parent !== null && parent !== content)
            parent = parent.parent
        if (parent === null)
            return
        const top = target.mapToItem(content, 0, 0).y + content.y
        const margin = 24
        if (top - margin < scroll.contentY)
            scroll.contentY = Math.max(0, top - margin)
        else if (top + target.height + margin > scroll.contentY + scroll.height)
            scroll.contentY = Math.min(scroll.contentHeight - scroll.height,
                                       top + target.height + margin - scroll.height)
    }

    Component.onCompleted: {
        page.model.imageCache.refresh()
        page.model.aboutInfo.load()
    }
    // Later: the stack focuses the page itself once it is activated.
    StackView.onActivated: Qt.callLater(() => hwdecBox.forceActiveFocus())

    Connections {
        target: page.Window.window
        function onActiveFocusItemChanged() {
            const focused = page.Window.activeFocusItem
            if (focused !== null && page.visible)
                page.reveal(focused)
        }
    }

    Flickable {
        id: scroll
        objectName: "settingsScroll"
        anchors.fill: parent
        contentHeight: content.y + content.implicitHeight + 48
        clip: true
        boundsBehavior: Flickable.StopAtBounds
        ScrollBar.vertical: ScrollBar { policy: ScrollBar.AsNeeded }

        Column {
            id: content
            x: 40
            y: 32
            width: Math.min(scroll.width - 80, 860)
            spacing: 30

            Column {
                spacing: 6
                Text {
                    objectName: "settingsTitle"
                    text: "Settings"
                    color: page.theme.text
                    font.pixelSize: 28
                    font.weight: Font.DemiBold
                }
                Text {
                    text: "Changes apply at once and are kept for the next start."
                    color: page.theme.textDim
                    font.pixelSize: 15
                }
            }

            SettingsSection {
                width: content.width
                theme: page.theme
                title: "Playback"
                SettingsRow {
                    theme: page.theme
                    divided: false
                    label: "Hardware decoding"
                    hint: "Decode video on the graphics card. Turn it off if video shows artefacts."
                    SettingsChoice {
                        id: hwdecBox
                        objectName: "hardwareDecoding"
                        theme: page.theme
                        model: page.model.hardwareDecodingChoices
                        value: page.model.hardwareDecoding
                        onChosen: key => page.model.hardwareDecoding = key
                    }
                }
                SettingsRow {
                    theme: page.theme
                    label: "Offer to resume after"
                    hint: "Below this much of a film watched, it starts from the beginning."
                    SettingsNumber {
                        objectName: "resumeThreshold"
                        theme: page.theme
                        value: page.model.resumeThresholdPercent
                        minimum: page.ranges.resumeThresholdPercent[0]
                        maximum: page.ranges.resumeThresholdPercent[1]
                        unit: "%"
                        onCommitted: value => page.model.resumeThresholdPercent = value
                    }
                }
                SettingsRow {
                    theme: page.theme
                    label: "Mark as watched after"
                    hint: "Stopping past this point counts as having seen it."
                    SettingsNumber {
                        objectName: "watchedThreshold"
                        theme: page.theme
                        value: page.model.watchedThresholdPercent
                        minimum: page.ranges.watchedThresholdPercent[0]
                        maximum: page.ranges.watchedThresholdPercent[1]
                        unit: "%"
                        onCommitted: value => page.model.watchedThresholdPercent = value
                    }
                }
            }

            SettingsSection {
                width: content.width
                theme: page.theme
                title: "Skipping"
                note: "What happens when playback reaches a marked part of an episode."
                Repeater {
                    model: [
                        ["skipIntro", "Intro", "The opening titles."],
                        ["skipRecap", "Recap", "“Previously on…”."],
                        ["skipCredits", "Credits", "The end credits (up next follows)."],
                        ["skipPreview", "Preview", "A look at the next episode."],
                    ]
                    delegate: SettingsRow {
                        id: skipRow
                        required property var modelData
                        required property int index
                        theme: page.theme
                        divided: index > 0
                        label: modelData[1]
                        hint: modelData[2]
                        SettingsChoice {
                            objectName: skipRow.modelData[0]
                            theme: page.theme
                            model: page.model.skipChoices
                            value: page.model[skipRow.modelData[0]]
                            onChosen: key => page.model[skipRow.modelData[0]] = key
                        }
                    }
                }
            }

            SettingsSection {
                width: content.width
                theme: page.theme
                title: "Up next"
                SettingsRow {
                    theme: page.theme
                    divided: false
                    label: "Offer the next episode"
                    hint: "A card near the end of an episode counts down to the next one."
                    SettingsSwitch {
                        objectName: "upNextEnabled"
                        theme: page.theme
                        checked: page.model.upNextEnabled
                        onToggled: page.model.upNextEnabled = checked
                    }
                }
                SettingsRow {
                    theme: page.theme
                    enabled: page.model.upNextEnabled
                    label: "Countdown"
                    hint: "How long before the end the card appears and counts down."
                    SettingsNumber {
                        objectName: "upNextSeconds"
                        theme: page.theme
                        value: page.model.upNextSeconds
                        minimum: page.ranges.upNextSeconds[0]
                        maximum: page.ranges.upNextSeconds[1]
                        step: 5
                        unit: "seconds"
                        onCommitted: value => page.model.upNextSeconds = value
                    }
                }
            }

            SettingsSection {
                width: content.width
                theme: page.theme
                title: "Languages"
                note: "Tracks picked when a file starts; you can still switch in the player."
                SettingsRow {
                    theme: page.theme
                    divided: false
                    label: "Audio"
                    SettingsChoice {
                        objectName: "audioLanguage"
                        theme: page.theme
                        model: page.model.languageChoices
                        value: page.model.preferredAudioLanguage
                        onChosen: key => page.model.preferredAudioLanguage = key
                    }
                }
                SettingsRow {
                    theme: page.theme
                    label: "Subtitles"
                    SettingsChoice {
                        objectName: "subtitleLanguage"
                        theme: page.theme
                        model: page.model.languageChoices
                        value: page.model.preferredSubtitleLanguage
                        onChosen: key => page.model.preferredSubtitleLanguage = key
                    }
                }
            }

            SettingsSection {
                width: content.width
                theme: page.theme
                title: "Sync"
                SettingsRow {
                    theme: page.theme
                    divided: false
                    label: "Sync every"
                    hint: "Sources also sync at start-up, and local folders when their files change."
                    SettingsNumber {
                        objectName: "syncInterval"
                        theme: page.theme
                        value: page.model.syncIntervalMinutes
                        minimum: page.ranges.syncIntervalMinutes[0]
                        maximum: page.ranges.syncIntervalMinutes[1]
                        step: 5
                        unit: "minutes"
                        onCommitted: value => page.model.syncIntervalMinutes = value
                    }
                }
            }

            SettingsSection {
                width: content.width
                theme: page.theme
                title: "Images"
                SettingsImages {
                    width: parent.width
                    theme: page.theme
                    settings: page.model
                }
            }

            SettingsSection {
                width: content.width
                theme: page.theme
                title: "Appearance"
                SettingsRow {
                    theme: page.theme
                    divided: false
                    label: "Theme"
                    hint: "“System” follows the light or dark choice of your desktop."
                    Row {
                        spacing: 8
                        Repeater {
                            model: page.model.themeChoices
                            delegate: SettingsButton {
                                required property var modelData
                                objectName: "theme_" + modelData.key
                                theme: page.theme
                                text: modelData.label
                                checked: page.model.theme === modelData.key
                                onClicked: page.model.theme = modelData.key
                            }
                        }
                    }
                }
            }

            SettingsSection {
                width: content.width
                theme: page.theme
                title: "About"
                SettingsAbout {
                    width: parent.width
                    theme: page.theme
                    info: page.model.aboutInfo as AboutInfo
                }
            }
        }
    }

    // A refused value, in words, over the bottom of the page until dismissed or fixed.
    Rectangle {
        objectName: "settingsError"
        visible: page.model.errorMessage !== ""
        anchors { left: parent.left; right: parent.right; bottom: parent.bottom; margins: 24 }
        height: errorText.implicitHeight + 28
        radius: page.theme.radius
        color: page.theme.surface
        border.color: page.theme.danger
        border.width: 1

        Text {
            id: errorText
            objectName: "settingsErrorText"
            anchors { left: parent.left; right: dismiss.left; verticalCenter: parent.verticalCenter
                      leftMargin: 18; rightMargin: 12 }
            text: page.model.errorMessage
            color: page.theme.danger
            font.pixelSize: 13
            wrapMode: Text.WordWrap
        }
        SettingsButton {
            id: dismiss
            anchors { right: parent.right; rightMargin: 12; verticalCenter: parent.verticalCenter }
            theme: page.theme
            text: "Dismiss"
            focusPolicy: Qt.NoFocus
            onClicked: page.model.dismissError()
        }
    }
}
