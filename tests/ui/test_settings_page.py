"""The Settings page in the real window: each change applies at once and survives a restart."""

from __future__ import annotations

import asyncio
import importlib.metadata
import platform
import re
import sqlite3
from collections.abc import Callable, Coroutine
from dataclasses import replace
from pathlib import Path
from typing import Any

import PySide6
from PySide6.QtCore import QPointF, Qt, QUrl
from PySide6.QtGui import QColor, QGuiApplication
from PySide6.QtQuick import QQuickItem

from reel_qt.app import AppShell
from reel_qt.core.paths import DataPaths
from reel_qt.core.settings import HWDEC_CHOICES, Settings, SettingsStore
from tests.clips import ClipMaker
from tests.player.conftest import make_player_shell
from tests.player.test_controls import WITH_INTRO
from tests.ui.conftest import save_screenshot
from tests.ui.driving import (
    activate,
    click,
    find,
    focus_in,
    has,
    item,
    key,
    open_popup,
    settle,
    type_text,
    until,
    wind_down,
)
from tests.ui.library_data import Filled, fill

__all__ = ["make_player_shell"]  # the player's fixture, for the real playback below

Runner = Callable[[Coroutine[Any, Any, Any]], Any]
CTRL = Qt.KeyboardModifier.ControlModifier
MB = 1024 * 1024


def _in_popup(shell: AppShell, name: str) -> QQuickItem | None:
    """The item called name in the window's open pop-ups (the overlay), if any."""
    root = shell.window.contentItem().parentItem() or shell.window.contentItem()
    return find(root, name)


def _popup_shows(shell: AppShell, name: str) -> bool:
    found = _in_popup(shell, name)
    return found is not None and found.isVisible()


def _focused(shell: AppShell) -> str:
    focused = shell.window.activeFocusItem()
    return "" if focused is None else focused.objectName()


def _scroll_to(shell: AppShell, target: QQuickItem) -> None:
    """Scroll the page so target is in view (as a wheel would) before clicking it."""
    scroll = item(shell, "settingsScroll")
    content = scroll.property("contentItem")
    top = target.mapToItem(content, QPointF(0, 0)).y()
    bottom = max(0.0, scroll.property("contentHeight") - scroll.height())
    scroll.setProperty("contentY", max(0.0, min(top - 160, bottom)))


async def _click(shell: AppShell, name: str) -> None:
    target = item(shell, name)
    _scroll_to(shell, target)
    await click(shell, target)  # it waits for the scrolled target to stand still


async def _open_choice(shell: AppShell, name: str) -> None:
    """Scroll to a drop-down, open it with the mouse, and wait until its list is open."""
    target = item(shell, name)
    _scroll_to(shell, target)
    await open_popup(shell, target)


def _brightness(shell: AppShell) -> int:
    """The window colour right of the page's column (nothing drawn there but the window)."""
    image = shell.window.grabWindow()
    pixel = QColor(image.pixel(int(image.width() * 0.97), int(image.height() * 0.45)))
    return pixel.red() + pixel.green() + pixel.blue()


async def _open_settings(shell: AppShell) -> None:
    shell.start()
    await until(lambda: has(shell, "homePage"), what="home")
    await activate(shell)
    await click(shell, item(shell, "navSettings"))
    await until(lambda: has(shell, "settingsPage"), what="the settings page")
    await settle(shell)
    await until(lambda: _focused(shell) == "hardwareDecoding", what="first control focused")


def _images_ready(root: QQuickItem) -> int:
    count = 1 if root.objectName() == "posterImage" and root.property("ready") else 0
    return count + sum(_images_ready(child) for child in root.childItems())


def test_changes_apply_at_once_and_survive_a_restart(
    tmp_path: Path, make_shell: Callable[..., AppShell], event_loop_runner: Runner
) -> None:
    paths = DataPaths(tmp_path / "data").ensure()
    filled: Filled = event_loop_runner(fill(paths))
    shell = make_shell()
    player = shell.player

    async def scenario() -> None:
        await _open_settings(shell)
        assert shell.scheduler is not None
        assert _brightness(shell) < 150, "dark by default"
        save_screenshot(shell.window, "settings_dark")
        _scroll_to(shell, item(shell, "upNextEnabled"))
        await asyncio.sleep(0.2)
        save_screenshot(shell.window, "settings_dark_middle")

        # Keyboard: Down in the focused drop-down picks the next decoding mode.
        await key(shell, Qt.Key.Key_Down)
        await until(lambda: player.settings.hardware_decoding == HWDEC_CHOICES[1])
        # Tab to the resume threshold; Up raises it by one.
        await key(shell, Qt.Key.Key_Tab)
        assert _focused(shell) == "resumeThresholdField"
        await key(shell, Qt.Key.Key_Up)
        await until(lambda: player.settings.resume_threshold_percent == 6)

        # Mouse then keys: the intro is skipped automatically from now on.
        await _open_choice(shell, "skipIntro")
        await key(shell, Qt.Key.Key_Down)
        await key(shell, Qt.Key.Key_Return)
        await until(lambda: player.settings.skip_intro == "auto", what="skip intro: auto")
        assert item(shell, "skipIntro").property("displayText") == "Skip automatically"

        # A click turns up next off; its countdown is then disabled.
        await _click(shell, "upNextEnabled")
        await until(lambda: not player.settings.up_next_enabled, what="up next off")
        assert not item(shell, "upNextSeconds").isEnabled()

        # Audio in English: mpv is given the language codes files carry for it.
        await _open_choice(shell, "audioLanguage")
        await key(shell, Qt.Key.Key_Down)
        await key(shell, Qt.Key.Key_Return)
        await until(lambda: player.settings.preferred_audio_language != "", what="audio")
        assert item(shell, "audioLanguage").property("displayText") == "English"
        assert {"eng", "en"} <= set(player.settings.preferred_audio_language.split(","))

        # Type a sync interval: the scheduler's next wait uses it.
        await _click(shell, "syncIntervalField")
        await key(shell, Qt.Key.Key_A, CTRL)
        await type_text(shell, "45")
        await key(shell, Qt.Key.Key_Return)
        await until(lambda: shell.scheduler is not None and shell.scheduler.interval_s == 45 * 60)

        # Out of range: refused in words, the field shows the value kept.
        await key(shell, Qt.Key.Key_A, CTRL)
        await type_text(shell, "2")
        await key(shell, Qt.Key.Key_Return)
        await until(lambda: has(shell, "settingsError"), what="the refusal")
        refusal = item(shell, "settingsErrorText").property("text")
        assert "5 minutes and 1,440 minutes" in refusal and "2 was not saved" in refusal
        assert item(shell, "syncIntervalField").property("text") == "45"
        assert shell.scheduler.interval_s == 45 * 60

        # Light theme: the window turns light, and the refusal goes with a valid change.
        await _click(shell, "theme_light")
        await until(lambda: _brightness(shell) > 600, what="a light window")
        assert shell.preferences.errorMessage == ""
        item(shell, "settingsScroll").setProperty("contentY", 0)
        await asyncio.sleep(0.3)
        save_screenshot(shell.window, "settings_light")
        _scroll_to(shell, item(shell, "clearImageCache"))
        await asyncio.sleep(0.3)
        save_screenshot(shell.window, "settings_light_lower")

        # The other pages stay readable in light (looked at in the screenshots).
        await click(shell, item(shell, "navHome"))
        await until(lambda: has(shell, "homePage") and _images_ready(item(shell, "homePage")) >= 3)
        await settle(shell)
        await asyncio.sleep(0.3)
        save_screenshot(shell.window, "settings_light_home")
        await click(shell, item(shell, f"library{filled.movies_library}"))
        await until(lambda: has(shell, "libraryGrid") and shell.browser.library.items.count == 18)
        await settle(shell)
        await until(lambda: _images_ready(item(shell, "libraryGrid")) >= 12, what="grid posters")
        await asyncio.sleep(0.3)
        save_screenshot(shell.window, "settings_light_library")
        # The page hands the focus to its grid a moment after it is shown.
        await until(lambda: focus_in(shell, "libraryGrid"), what="the grid focused")
        await key(shell, Qt.Key.Key_Down)
        await key(shell, Qt.Key.Key_Return)
        await until(lambda: has(shell, "moviePage") and bool(shell.browser.movie.detail))
        await settle(shell)
        await until(lambda: has(shell, "backdropImage"))
        await asyncio.sleep(0.5)
        save_screenshot(shell.window, "settings_light_movie")
        await wind_down(shell)

    event_loop_runner(scenario())
    event_loop_runner(shell.stop())

    # A restart reads what was changed (the save at stop kept the page's values).
    saved = SettingsStore(paths.settings).load()
    expected = replace(
        Settings(),
        hardware_decoding=HWDEC_CHOICES[1],
        resume_threshold_percent=6,
        skip_intro="auto",
        up_next_enabled=False,
        preferred_audio_language=saved.preferred_audio_language,
        sync_interval_minutes=45,
        theme="light",
    )
    assert "eng" in saved.preferred_audio_language.split(",")
    window = ("window_width", "window_height", "window_maximized", "last_page")
    assert replace(expected, **{f: getattr(saved, f) for f in window}) == saved
    again = make_shell(settings=saved)

    async def reopened() -> None:
        again.start()
        # It reopens on the library the movie was opened from (the last restorable page).
        await until(lambda: has(again, "libraryGrid"), what="the library again")
        await activate(again)
        assert again.preferences.property("syncIntervalMinutes") == 45
        assert again.player.settings.skip_intro == "auto"
        await until(lambda: _brightness(again) > 600, what="still light after the restart")
        await wind_down(again)

    event_loop_runner(reopened())
    event_loop_runner(again.stop())


def test_the_system_theme_follows_the_desktop(
    tmp_path: Path, make_shell: Callable[..., AppShell], event_loop_runner: Runner
) -> None:
    event_loop_runner(fill(DataPaths(tmp_path / "data").ensure()))
    shell = make_shell(settings=replace(Settings(), theme="system"))
    hints = QGuiApplication.styleHints()

    async def scenario() -> None:
        await _open_settings(shell)
        assert _brightness(shell) < 150  # no desktop scheme under Xvfb: dark
        hints.colorSchemeChanged.emit(Qt.ColorScheme.Light)  # as the desktop would
        await until(lambda: _brightness(shell) > 600, what="light with the desktop")
        hints.colorSchemeChanged.emit(Qt.ColorScheme.Dark)
        await until(lambda: _brightness(shell) < 150, what="dark again")
        await wind_down(shell)

    try:
        event_loop_runner(scenario())
    finally:
        hints.colorSchemeChanged.emit(hints.colorScheme())
    event_loop_runner(shell.stop())


def _cached_files(paths: DataPaths) -> list[Path]:
    return [p for p in (paths.image_cache / "artwork").iterdir() if p.is_file()]


def test_clear_empties_the_image_cache(
    tmp_path: Path, make_shell: Callable[..., AppShell], event_loop_runner: Runner
) -> None:
    paths = DataPaths(tmp_path / "data").ensure()
    event_loop_runner(fill(paths))
    shell = make_shell()
    at_clear: list[tuple[list[Path], str]] = []

    async def scenario() -> None:
        await _open_settings(shell)
        await until(lambda: "MB of 500 MB" in item(shell, "imageCacheSize").property("text"))
        size_text = item(shell, "imageCacheSize").property("text")
        on_disk = sum(p.stat().st_size for p in _cached_files(paths)) / MB
        shown = float(re.match(r"([\d.]+) MB of 500 MB", size_text).group(1))  # type: ignore[union-attr]
        assert abs(shown - on_disk) <= 0.1 + on_disk * 0.01, (size_text, on_disk)
        assert shell.runtime is not None
        assert shell.artwork_loader is not None
        cache = shell.artwork_loader.cache

        # A lower cap, typed: the cache takes it at once (the images fit under it).
        await _click(shell, "imageCacheMbField")
        await key(shell, Qt.Key.Key_A, CTRL)
        await type_text(shell, "50")
        await key(shell, Qt.Key.Key_Return)
        await until(lambda: cache.cap_bytes == 50 * MB, what="the new cap")
        await until(lambda: item(shell, "imageCacheSize").property("text").endswith(" of 50 MB"))

        # What the folder holds the moment the bus says so (before pages fetch again).
        shell.runtime.bus.cacheCleared.connect(
            lambda _name: at_clear.append(
                (_cached_files(paths), item(shell, "imageCacheSize").property("text"))
            )
        )

        # Clear… asks first; Escape keeps everything.
        await _click(shell, "clearImageCache")
        await until(lambda: _popup_shows(shell, "clearImageCacheCancel"), what="the question")
        await until(lambda: _focused(shell) == "clearImageCacheCancel", what="Cancel focused")
        await key(shell, Qt.Key.Key_Escape)
        await until(lambda: not _popup_shows(shell, "clearImageCacheCancel"), what="closed")
        assert _cached_files(paths) and at_clear == []

        # Clear… then the confirmation's button: gone, off the GUI thread.
        await _click(shell, "clearImageCache")
        await until(lambda: _popup_shows(shell, "clearImageCacheConfirm"))
        await asyncio.sleep(0.3)
        save_screenshot(shell.window, "settings_clear_confirm")
        confirm = _in_popup(shell, "clearImageCacheConfirm")
        assert confirm is not None
        await click(shell, confirm)
        await until(lambda: bool(at_clear), what="cache cleared")
        files, text = at_clear[0]
        assert files == []
        assert text == "Empty · up to 50 MB"

        # Posters on Home come back as placeholders (the source is offline): no warnings.
        await click(shell, item(shell, "navHome"))
        await until(lambda: has(shell, "homePage"))
        await settle(shell)
        await asyncio.sleep(0.5)
        assert _images_ready(item(shell, "homePage")) == 0
        save_screenshot(shell.window, "settings_cache_cleared_home")
        await wind_down(shell)

    event_loop_runner(scenario())
    event_loop_runner(shell.stop())


def test_about_shows_the_real_versions_and_opens_the_data_folder(
    tmp_path: Path, make_shell: Callable[..., AppShell], event_loop_runner: Runner
) -> None:
    paths = DataPaths(tmp_path / "data").ensure()
    event_loop_runner(fill(paths))
    shell = make_shell()
    opened: list[QUrl] = []
    shell.preferences.about.open_url = lambda url: opened.append(url) or True

    def text(name: str) -> str:
        return str(item(shell, name).property("text"))

    async def scenario() -> None:
        await _open_settings(shell)
        assert text("aboutReel") == importlib.metadata.version("reel-qt")
        assert platform.python_version() in text("aboutPython")
        assert f"PySide6 {PySide6.__version__}" in text("aboutQt")
        assert text("aboutSqlite") == f"SQLite {sqlite3.sqlite_version}"
        mpv_version = re.compile(r"libmpv \d+\.\d+\.\d+ \(client API \d+\.\d+\)")
        await until(lambda: mpv_version.fullmatch(text("aboutMpv")) is not None, what="libmpv")
        assert text("dataFolderText") == str(paths.root)

        await _click(shell, "openDataFolder")
        await until(lambda: bool(opened))
        assert opened == [QUrl.fromLocalFile(str(paths.root))]
        assert not has(shell, "openFolderError")
        shell.preferences.about.open_url = lambda _url: False  # no file manager
        await key(shell, Qt.Key.Key_Return)  # the button kept the focus
        await until(lambda: has(shell, "openFolderError"), what="the failure in words")
        await asyncio.sleep(0.2)
        save_screenshot(shell.window, "settings_about")
        await wind_down(shell)

    event_loop_runner(scenario())
    event_loop_runner(shell.stop())


def test_skip_intro_auto_set_on_the_page_skips_a_real_intro(
    make_player_shell: Callable[..., AppShell],
    event_loop_runner: Runner,
    clips: ClipMaker,
    tmp_path: Path,
) -> None:
    clip = clips.make(WITH_INTRO)
    paths = DataPaths(tmp_path / "data").ensure()
    settings_file = paths.settings
    event_loop_runner(fill(paths))
    shell = make_player_shell()
    shell.window.resize(1280, 800)
    player, state = shell.player, shell.player.state
    offered: list[str] = []
    player.skipChanged.connect(lambda: offered.append(player.skipLabel))

    async def scenario() -> None:
        await _open_settings(shell)
        await _open_choice(shell, "skipIntro")
        await key(shell, Qt.Key.Key_Down)
        await key(shell, Qt.Key.Key_Return)
        await until(lambda: player.settings.skip_intro == "auto")
        # Saved soon after, without waiting for the window to close.
        await until(lambda: SettingsStore(settings_file).load().skip_intro == "auto", what="saved")
        frames: list[bool] = []
        player.firstFrame.connect(lambda: frames.append(True))
        shell.play(str(clip))
        await until(lambda: bool(frames), seconds=60, what="first frame")
        await until(lambda: state.position >= 4.0, what="the intro skipped by itself")
        assert [label for label in offered if label] == [], "no Skip button was offered"
        await wind_down(shell)

    event_loop_runner(scenario())
    event_loop_runner(shell.stop())
