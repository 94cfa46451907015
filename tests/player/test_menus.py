"""The player's menus open above the control bar, never over the seek bar, and stay
inside the window at any window size."""

from __future__ import annotations

from collections.abc import Callable, Coroutine
from typing import Any

from PySide6.QtCore import QObject, QPoint, QPointF, QRectF, Qt
from PySide6.QtTest import QTest

from reel_qt.app import AppShell
from tests.clips import ClipMaker, ClipSpec
from tests.player.conftest import focus_in, item, popup_open, shown, until
from tests.player.test_controls import key
from tests.ui.conftest import save_screenshot
from tests.ui.driving import click, next_frame

Runner = Callable[[Coroutine[Any, Any, Any]], Any]
# Many tracks: the longest track menu people meet (and then some).
MANY_TRACKS = ClipSpec(
    pattern="color=c=0x303848",
    duration_s=60.0,
    width=320,
    height=180,
    fps=5,
    audio_languages=("eng", "fra", "deu", "spa"),
    subtitle_languages=("eng", "fra", "deu", "spa", "ita", "nld", "por", "swe"),
)
SIZES = ((960, 540), (800, 500), (1600, 900))


def _popup_rect(shell: AppShell, name: str) -> QRectF:
    """Where an open pop-up sits, in window coordinates."""
    popup = shell.window.findChild(QObject, name)
    assert popup is not None
    background = popup.property("background")
    top_left = background.mapToScene(QPointF(0, 0))
    return QRectF(top_left.x(), top_left.y(), background.width(), background.height())


def _scene_rect(shell: AppShell, name: str) -> QRectF:
    found = item(shell, name)
    top_left = found.mapToScene(QPointF(0, 0))
    return QRectF(top_left.x(), top_left.y(), found.width(), found.height())


async def _show_controls(shell: AppShell) -> None:
    window = shell.window
    QTest.mouseMove(window, QPoint(window.width() // 2, window.height() // 3))
    await until(lambda: shown(shell, "controlBar"), what="controls shown")
    await until(lambda: item(shell, "controlBar").opacity() == 1.0, what="faded in")


async def _placed(shell: AppShell, name: str) -> QRectF:
    """Where an open pop-up sits once it stands still (its enter transition over)."""
    rect = _popup_rect(shell, name)
    for _ in range(20):
        await next_frame(shell)
        moved, rect = rect, _popup_rect(shell, name)
        if moved == rect:
            return rect
    raise AssertionError(f"{name} never stood still")


async def _check_menu(shell: AppShell, button: str, menu: str, shot: str | None) -> None:
    await _show_controls(shell)
    await click(shell, item(shell, button))
    await until(lambda: popup_open(shell, menu), what=f"{menu} open")
    rect = await _placed(shell, menu)
    seek = _scene_rect(shell, "seekBar")
    width, height = shell.window.width(), shell.window.height()
    where = f"{menu} at {rect} in {width}x{height}, seek bar at {seek}"
    assert rect.bottom() <= seek.top() - 4, "over the seek bar: " + where
    assert rect.left() >= 0 and rect.right() <= width, "outside the window: " + where
    assert rect.top() >= 0, "outside the window: " + where
    if shot is not None:
        save_screenshot(shell.window, shot)
    key(shell, Qt.Key.Key_Escape)
    await until(lambda: not popup_open(shell, menu), what=f"{menu} closed")


def test_menus_sit_above_the_control_bar_inside_the_window(
    make_player_shell: Callable[..., AppShell], event_loop_runner: Runner, clips: ClipMaker
) -> None:
    clip = clips.make(MANY_TRACKS)
    shell = make_player_shell()
    player = shell.player

    async def scenario() -> None:
        frames: list[bool] = []
        player.firstFrame.connect(lambda: frames.append(True))
        shell.start()
        await until(lambda: shell.runtime is not None)
        shell.window.requestActivate()
        shell.play(str(clip))
        await until(lambda: bool(frames), seconds=60, what="first frame")
        await until(lambda: len(player.state.subtitleTracks) >= 8, what="all tracks listed")
        await until(lambda: focus_in(shell, "playerPage"), what="focus on the player")
        player.controls.setPaused(True)
        for width, height in SIZES:
            shell.window.resize(width, height)
            await until(lambda w=width: shell.window.width() == w, what="resized")
            await next_frame(shell)  # laid out at the new size
            first = (width, height) == SIZES[0]
            small = (width, height) == SIZES[1]
            await _check_menu(
                shell, "tracksButton", "trackMenu", "player_track_menu_open" if first else None
            )
            await _check_menu(
                shell, "speedButton", "speedMenu", "player_speed_menu" if first else None
            )
            if small:
                # A short window: the track lists scroll inside the menu instead.
                await _show_controls(shell)
                await click(shell, item(shell, "tracksButton"))
                await until(lambda: popup_open(shell, "trackMenu"))
                await _placed(shell, "trackMenu")
                lists = item(shell, "trackLists")
                assert lists.property("contentHeight") > lists.height()
                save_screenshot(shell.window, "player_track_menu_small_window")
                key(shell, Qt.Key.Key_Escape)
                await until(lambda: not popup_open(shell, "trackMenu"))
        await shell.stop()

    event_loop_runner(scenario())
