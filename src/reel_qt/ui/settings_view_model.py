"""The Settings page's view-model: one property per preference, applied live, saved soon after.

Every change is checked against the rules of `core/settings.py`; a refused value leaves
the setting as it was and says why in `errorMessage`. An accepted one goes out at once
in `settingsApplied` (the app hands it to the player, the sync schedule and the image
cache) and is written to settings.json after a short pause, off the GUI thread, so a
burst of changes (holding an arrow key) makes one write.
"""

from __future__ import annotations

import asyncio
import logging
import threading
from dataclasses import replace
from typing import Any

from PySide6.QtCore import Property, QObject, Qt, Signal, Slot
from PySide6.QtGui import QGuiApplication
from PySide6.QtQml import QmlElement, QmlUncreatable

from reel_qt.core.paths import DataPaths
from reel_qt.core.settings import Settings, SettingsStore, is_valid
from reel_qt.core.tasks import TaskRegistry
from reel_qt.ui import QML_IMPORT_NAME as _IMPORT
from reel_qt.ui.about import AboutInfo
from reel_qt.ui.image_cache_view_model import ImageCacheViewModel
from reel_qt.ui.settings_choices import (
    NUMBERS,
    hwdec_choices,
    language_choices,
    number_range,
    refusal,
    skip_choices,
    theme_choices,
)

QML_IMPORT_NAME = _IMPORT
QML_IMPORT_MAJOR_VERSION = 1

log = logging.getLogger("reel.ui.settings")

#: Changes closer together than this are saved in one write.
SAVE_DELAY_S = 0.4


def _camel(field: str) -> str:
    head, *rest = field.split("_")
    return head + "".join(part.title() for part in rest)


def _setting(field: str, kind: type, notify: Signal) -> Property:
    """A read-write Qt property over one field of the settings."""

    def get(self: SettingsViewModel) -> Any:
        return getattr(self.settings, field)

    def put(self: SettingsViewModel, value: Any) -> None:
        self.change(field, value)

    return Property(kind, get, put, notify=notify)


@QmlElement
@QmlUncreatable("SettingsViewModel is created by the application.")
class SettingsViewModel(QObject):  # type: ignore[operator]
    """Every user-facing preference as a property; changes apply at once and are saved."""

    #: One notify for every setting: a change re-reads a page of bindings, nothing more.
    valuesChanged = Signal()
    lightThemeChanged = Signal()
    errorMessageChanged = Signal()
    errorOccurred = Signal(str)
    #: The new settings, after every accepted change.
    settingsApplied = Signal(object)

    def __init__(
        self,
        tasks: TaskRegistry,
        settings: Settings,
        paths: DataPaths,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._tasks = tasks
        self.settings = settings
        self._store = SettingsStore(paths.settings)
        self._error = ""
        self._write_lock = threading.Lock()
        self._queued = 0  # writes asked for, in order
        self._written = 0  # the newest write done; an older one arriving later is dropped
        self.images = ImageCacheViewModel(tasks, settings.image_cache_mb, self)
        self.about = AboutInfo(tasks, paths.root, self)
        hints = QGuiApplication.styleHints()
        self._scheme = hints.colorScheme()
        self._light = self._is_light()
        hints.colorSchemeChanged.connect(self._follow_scheme)

    hardwareDecoding = _setting("hardware_decoding", str, valuesChanged)
    skipIntro = _setting("skip_intro", str, valuesChanged)
    skipCredits = _setting("skip_credits", str, valuesChanged)
    skipRecap = _setting("skip_recap", str, valuesChanged)
    skipPreview = _setting("skip_preview", str, valuesChanged)
    upNextEnabled = _setting("up_next_enabled", bool, valuesChanged)
    upNextSeconds = _setting("up_next_seconds", int, valuesChanged)
    resumeThresholdPercent = _setting("resume_threshold_percent", int, valuesChanged)
    watchedThresholdPercent = _setting("watched_threshold_percent", int, valuesChanged)
    preferredAudioLanguage = _setting("preferred_audio_language", str, valuesChanged)
    preferredSubtitleLanguage = _setting("preferred_subtitle_language", str, valuesChanged)
    syncIntervalMinutes = _setting("sync_interval_minutes", int, valuesChanged)
    imageCacheMb = _setting("image_cache_mb", int, valuesChanged)
    theme = _setting("theme", str, valuesChanged)

    # choices and bounds, for the page's controls

    def _get_hwdec_choices(self) -> list[dict[str, str]]:
        return hwdec_choices()

    hardwareDecodingChoices = Property(list, _get_hwdec_choices, constant=True)

    def _get_skip_choices(self) -> list[dict[str, str]]:
        return skip_choices()

    skipChoices = Property(list, _get_skip_choices, constant=True)

    def _get_theme_choices(self) -> list[dict[str, str]]:
        return theme_choices()

    themeChoices = Property(list, _get_theme_choices, constant=True)

    def _get_language_choices(self) -> list[dict[str, str]]:
        current = self.settings.preferred_audio_language, self.settings.preferred_subtitle_language
        return language_choices(*current)

    languageChoices = Property(list, _get_language_choices, notify=valuesChanged)

    def _get_ranges(self) -> dict[str, list[int]]:
        return {_camel(field): list(number_range(field)) for field in NUMBERS}

    ranges = Property(dict, _get_ranges, constant=True)

    def _get_images(self) -> ImageCacheViewModel:
        return self.images

    imageCache = Property(QObject, _get_images, constant=True)

    def _get_about(self) -> AboutInfo:
        return self.about

    aboutInfo = Property(QObject, _get_about, constant=True)

    def _get_error(self) -> str:
        return self._error

    errorMessage = Property(str, _get_error, notify=errorMessageChanged)

    def _set_error(self, message: str) -> None:
        if message != self._error:
            self._error = message
            self.errorMessageChanged.emit()
        if message:
            self.errorOccurred.emit(message)

    @Slot()
    def dismissError(self) -> None:
        """Hide the message about a refused value."""
        self._set_error("")

    # theme

    def _is_light(self) -> bool:
        if self.settings.theme == "system":
            return self._scheme == Qt.ColorScheme.Light  # Unknown (no desktop theme): dark
        return self.settings.theme == "light"

    def _follow_scheme(self, scheme: Qt.ColorScheme) -> None:
        self._scheme = scheme
        self._update_light()

    def _update_light(self) -> None:
        light = self._is_light()
        if light != self._light:
            self._light = light
            self.lightThemeChanged.emit()

    def _get_light(self) -> bool:
        return self._light

    lightTheme = Property(bool, _get_light, notify=lightThemeChanged)

    # changes

    def change(self, field: str, value: Any) -> bool:
        """Use value for the setting field if the rules allow it, else say why; whether used."""
        current = getattr(self.settings, field)
        if not is_valid(field, value):
            self._set_error(refusal(field, value))
            self.valuesChanged.emit()  # controls showing the refused value show the kept one
            return False
        self._set_error("")
        if value == current:
            return True
        self.settings = replace(self.settings, **{field: value})
        self.valuesChanged.emit()
        if field == "theme":
            self._update_light()
        elif field == "image_cache_mb":
            self.images.set_limit_mb(value)
        self.settingsApplied.emit(self.settings)
        self._tasks.start("settings.save", self._save_soon(self.settings))
        return True

    async def _save_soon(self, settings: Settings) -> None:
        await asyncio.sleep(SAVE_DELAY_S)
        try:
            await self._write(settings)
        except OSError as error:
            log.warning("settings not saved: %s", error)
            self._set_error(
                f"Your settings could not be saved ({error.strerror or error}). They apply "
                f"until Reel closes; check that {self._store.path.parent} is writable."
            )

    async def save_now(self, settings: Settings) -> None:
        """Write settings at once (at shutdown), instead of any write still waiting."""
        self._tasks.cancel("settings.save")
        await self._write(settings)

    async def _write(self, settings: Settings) -> None:
        self._queued += 1
        await asyncio.to_thread(self._write_in_order, self._queued, settings)

    def _write_in_order(self, number: int, settings: Settings) -> None:
        # Worker threads: a write that started late must not undo a newer one.
        with self._write_lock:
            if number > self._written:
                self._store.save(settings)
                self._written = number
