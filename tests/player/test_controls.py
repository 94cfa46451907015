"""Keys, skip buttons from named chapters, and failures in words with Retry and Back."""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Coroutine
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QEvent, QPoint, QPointF, Qt
from PySide6.QtGui import QGuiApplication, QKeyEvent, QWheelEvent
from PySide6.QtTest import QTest

from reel_qt.app import AppShell
from reel_qt.core.settings import Settings
from tests.clips import Chapter, ClipMaker, ClipSpec
from tests.player.conftest import focus_in, item, shown, until
from tests.ui.conftest import save_screenshot

Runner = Callable[[Coroutine[Any, Any, Any]], Any]
LONG = ClipSpec(duration_s=30.0, width=160, height=120, fps=10)
WITH_INTRO = ClipSpec(
    duration_s=10.0,
    width=320,
    height=240,
    chapters=(Chapter("Intro", 0, 4000), Chapter("Episode", 4000, 10000)),
)


def key(
    shell: AppShell, code: Qt.Key, modifiers: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier
) -> None:
    """Press and release a key in the window."""
    for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
        QGuiApplication.sendEvent(shell.window, QKeyEvent(kind, code, modifiers))


async def _open(shell: AppShell, path: str) -> None:
    frames: list[bool] = []
    shell.player.firstFrame.connect(lambda: frames.append(True))
    shell.start()
    await until(lambda: shell.runtime is not None)
    shell.window.requestActivate()
    shell.play(path)
    await until(lambda: bool(frames), seconds=60, what="first frame")
    # Keys go to the player page only once it holds the focus (not just the window).
    await until(lambda: focus_in(shell, "playerPage"), what="focus on the player")


def test_keys_and_mouse_drive_the_player(
    make_player_shell: Callable[..., AppShell], event_loop_runner: Runner, clips: ClipMaker
) -> None:
    clip = clips.make(LONG)
    shell = make_player_shell()
    player, state = shell.player, shell.player.state

    async def scenario() -> None:
        await _open(shell, str(clip))
        key(shell, Qt.Key.Key_Space)
        await until(lambda: state.paused, what="Space pauses")
        key(shell, Qt.Key.Key_K)
        await until(lambda: not state.paused, what="K plays")
        key(shell, Qt.Key.Key_K)
        await until(lambda: state.paused)
        start = state.position
        key(shell, Qt.Key.Key_Right)
        await until(lambda: abs(state.position - (start + 10)) < 0.2, what="→ +10 s")
        key(shell, Qt.Key.Key_J)
        await until(lambda: abs(state.position - start) < 0.2, what="J −10 s")
        key(shell, Qt.Key.Key_L)
        key(shell, Qt.Key.Key_Right, Qt.KeyboardModifier.ShiftModifier)
        await until(lambda: state.position > 29, what="Shift+→ +60 s, held at the end")
        key(shell, Qt.Key.Key_Left, Qt.KeyboardModifier.ShiftModifier)
        await until(lambda: state.position == 0, what="Shift+← −60 s")
        key(shell, Qt.Key.Key_Down)
        await until(lambda: state.volume == 95, what="↓ volume")
        key(shell, Qt.Key.Key_Up)
        key(shell, Qt.Key.Key_Up)
        await until(lambda: state.volume == 100, what="↑ volume, at most 100")
        key(shell, Qt.Key.Key_M)
        await until(lambda: state.muted, what="M mutes")
        key(shell, Qt.Key.Key_M)
        await until(lambda: not state.muted)
        key(shell, Qt.Key.Key_BracketRight)
        await until(lambda: state.speed == 1.25, what="] faster")
        key(shell, Qt.Key.Key_BracketLeft)
        key(shell, Qt.Key.Key_BracketLeft)
        await until(lambda: state.speed == 0.75, what="[ slower")
        wheel = QWheelEvent(
            QPointF(400, 200),
            QPointF(400, 200),
            QPoint(0, 0),
            QPoint(0, -120),
            Qt.MouseButton.NoButton,
            Qt.KeyboardModifier.NoModifier,
            Qt.ScrollPhase.NoScrollPhase,
            False,
        )
        QGuiApplication.sendEvent(shell.window, wheel)
        await until(lambda: state.volume == 95, what="wheel down lowers the volume")
        key(shell, Qt.Key.Key_F)
        await until(lambda: player.fullscreen, what="F: full screen")
        await until(lambda: shell.window.visibility() == shell.window.Visibility.FullScreen)
        key(shell, Qt.Key.Key_Escape)
        await until(lambda: not player.fullscreen, what="Esc leaves full screen first")
        assert player.active
        QTest.mouseDClick(
            shell.window,
            Qt.MouseButton.LeftButton,
            Qt.KeyboardModifier.NoModifier,
            QPoint(400, 200),
        )
        await until(lambda: player.fullscreen, what="double-click: full screen")
        key(shell, Qt.Key.Key_F11)
        await until(lambda: not player.fullscreen, what="F11 toggles back")
        key(shell, Qt.Key.Key_Escape)
        await until(lambda: not player.active, what="Esc then leaves the player")
        await until(lambda: not shown(shell, "playerPage"))

    event_loop_runner(scenario())
    event_loop_runner(shell.stop())


@pytest.mark.parametrize("mode", ["ask", "auto", "never"])
def test_a_chapter_named_intro_offers_a_skip(
    mode: str,
    make_player_shell: Callable[..., AppShell],
    event_loop_runner: Runner,
    clips: ClipMaker,
) -> None:
    clip = clips.make(WITH_INTRO)
    shell = make_player_shell(settings=replace(Settings(), skip_intro=mode))
    player, state = shell.player, shell.player.state

    async def scenario() -> None:
        await _open(shell, str(clip))
        if mode == "auto":
            await until(lambda: state.position >= 4.0, what="auto-skipped the intro")
            assert player.skipLabel == ""
            return
        if mode == "never":
            # From the moment the chapters are known, and a while after: never offered.
            await until(lambda: len(player.chapterTicks) == 1, what="the chapters read")
            await asyncio.sleep(0.3)
            assert player.skipLabel == "" and not shown(shell, "skipButton")
            return
        await until(lambda: shown(shell, "skipButton"), what="skip button")
        assert player.skipLabel == "Skip intro"
        assert len(player.chapterTicks) == 1 and abs(player.chapterTicks[0] - 0.4) < 0.01
        save_screenshot(shell.window, "player_skip_intro")
        key(shell, Qt.Key.Key_Return)
        await until(lambda: state.position >= 4.0, what="Enter skipped the intro")
        await until(lambda: not shown(shell, "skipButton"), what="button gone after the intro")

    event_loop_runner(scenario())
    event_loop_runner(shell.stop())


@pytest.mark.expect_log_warnings
def test_an_unplayable_file_says_so_and_back_leaves(
    tmp_path: Path, make_player_shell: Callable[..., AppShell], event_loop_runner: Runner
) -> None:
    broken = tmp_path / "broken.mkv"
    broken.write_bytes(b"\x1a\x45\xdf\xa3 this is not a film" * 100)
    shell = make_player_shell()
    player = shell.player

    async def scenario() -> None:
        shell.start()
        await until(lambda: shell.runtime is not None)
        shell.window.requestActivate()
        shell.play(str(broken))
        await until(lambda: shown(shell, "playerError"), what="error shown")
        assert "cannot be played" in player.errorMessage
        assert item(shell, "playerErrorText").property("text") == player.errorMessage
        assert not player.isLoading and not shown(shell, "bufferingIndicator")
        await asyncio.sleep(0.2)
        save_screenshot(shell.window, "player_error")
        player.retry()
        await until(lambda: shown(shell, "playerError"), what="fails again on retry")
        item(shell, "playerBackButton").metaObject().invokeMethod(
            item(shell, "playerBackButton"), "clicked"
        )
        await until(lambda: not player.active and not shown(shell, "playerPage"), what="back")
        assert player.errorMessage == ""

    event_loop_runner(scenario())
    event_loop_runner(shell.stop())
