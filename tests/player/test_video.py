"""The video item under Xvfb with real libmpv: right pixels, exact seeks, and no crash or
leak across many plays, resizes and full-screen changes."""

from __future__ import annotations

import asyncio
import gc
from collections.abc import Callable, Coroutine
from typing import Any

from PySide6.QtGui import QImage

from reel_qt.app import AppShell
from tests.clips import BAR_COLOURS, ClipMaker, ClipSpec
from tests.player.conftest import close_to, colour_at, shown, until
from tests.ui.conftest import save_screenshot

Runner = Callable[[Coroutine[Any, Any, Any]], Any]
BARS = ClipSpec(duration_s=6.0, width=320, height=240)
LONG_BARS = ClipSpec(duration_s=30.0, width=320, height=240)


def _rss_mb() -> float:
    with open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    raise AssertionError("no VmRSS")


def _video_box(shell: AppShell) -> tuple[float, float, float, float]:
    """Where a 4:3 picture sits in the window (fractions: left, top, width, height)."""
    width, height = shell.window.width(), shell.window.height()
    shown_width = min(width, height * 4 / 3)
    shown_height = shown_width * 3 / 4
    left = (width - shown_width) / 2 / width
    top = (height - shown_height) / 2 / height
    return left, top, shown_width / width, shown_height / height


def _assert_bars(shell: AppShell, image: QImage) -> None:
    left, top, box_w, box_h = _video_box(shell)
    for n, expected in enumerate(BAR_COLOURS):
        x = left + box_w * (n + 0.5) / 7
        y = top + box_h * 0.3  # the seven bars fill the top two thirds
        seen = colour_at(image, x, y)
        assert close_to(seen, expected), f"bar {n}: {seen} is not {expected}"


async def _play(shell: AppShell, path: str) -> None:
    frames: list[bool] = []
    shell.player.firstFrame.connect(lambda: frames.append(True))
    shell.play(path)
    await until(lambda: bool(frames), seconds=60, what="first frame")


async def _start(shell: AppShell) -> None:
    shell.start()
    await until(lambda: shell.runtime is not None, what="store open")


def test_smpte_bars_show_the_right_colours_in_the_right_places(
    make_player_shell: Callable[..., AppShell], event_loop_runner: Runner, clips: ClipMaker
) -> None:
    clip = clips.make(BARS)
    shell = make_player_shell()

    async def scenario() -> None:
        await _start(shell)
        await _play(shell, str(clip))
        await until(lambda: not shown(shell, "controlBar"), 15, "controls hidden while playing")
        _assert_bars(shell, shell.window.grabWindow())

    event_loop_runner(scenario())
    event_loop_runner(shell.stop())


def test_a_seek_lands_within_a_frame_or_two(
    make_player_shell: Callable[..., AppShell], event_loop_runner: Runner, clips: ClipMaker
) -> None:
    clip = clips.make(ClipSpec(pattern="testsrc2", duration_s=8.0, fps=25))
    shell = make_player_shell()

    async def scenario() -> None:
        await _start(shell)
        await _play(shell, str(clip))
        shell.player.controls.togglePause()
        await until(lambda: shell.player.state.paused)
        player = shell.player._player
        assert player is not None
        for target in (5.52, 1.24, 3.0, 7.2):
            restarts: list[bool] = []
            player.frameShown.connect(lambda restarts=restarts: restarts.append(True))
            shell.player.controls.seekTo(target)
            await until(lambda restarts=restarts: bool(restarts), what=f"seek to {target}")
            landed = float(player.get("time-pos"))
            assert abs(landed - target) <= 2 / 25 + 1e-3, (target, landed)
            assert abs(shell.player.state.position - target) <= 2 / 25 + 1e-3
        # Keys: → is +10 s (clamped to the end), ← −10 s, Shift+← −60 s.
        shell.player.controls.seekTo(4.0)
        shell.player.controls.seekBy(-10)
        assert shell.player.state.position == 0.0

    event_loop_runner(scenario())
    event_loop_runner(shell.stop())


def test_resizing_and_full_screen_do_not_break_the_picture(
    make_player_shell: Callable[..., AppShell], event_loop_runner: Runner, clips: ClipMaker
) -> None:
    # Long enough that a slow, loaded machine does not reach the end (and leave the
    # player) during the storm below.
    clip = clips.make(LONG_BARS)
    shell = make_player_shell()

    async def scenario() -> None:
        await _start(shell)
        await _play(shell, str(clip))
        for n in range(60):  # a resize storm: every frame a new framebuffer size
            shell.window.resize(640 + (n * 37) % 500, 400 + (n * 53) % 300)
            await asyncio.sleep(0.005 if n % 3 else 0.03)
        for _ in range(3):
            shell.player.toggleFullscreen()
            await asyncio.sleep(0.15)
        shell.player.setFullscreen(False)
        shell.window.resize(900, 600)
        shell.player.controls.togglePause()
        await until(lambda: shell.player.state.paused)
        # Leaving full screen and the resize reach the X server a moment later.
        await until(lambda: (shell.window.width(), shell.window.height()) == (900, 600))

        def middle_bar() -> tuple[int, int, int]:
            """A bar in the middle, clear of the controls and the top bar."""
            left, _top, box_w, _height = _video_box(shell)
            return colour_at(shell.window.grabWindow(), left + box_w * 3.5 / 7, 0.5)

        # mpv draws the paused picture at the new size with a later frame.
        await until(lambda: close_to(middle_bar(), BAR_COLOURS[3]), what="the picture redrawn")
        image = shell.window.grabWindow()
        assert (image.width(), image.height()) == (900, 600)
        assert close_to(middle_bar(), BAR_COLOURS[3])

    event_loop_runner(scenario())
    event_loop_runner(shell.stop())


def test_fifty_plays_neither_crash_nor_leak(
    make_player_shell: Callable[..., AppShell], event_loop_runner: Runner, clips: ClipMaker
) -> None:
    clip = clips.make(BARS)
    shell = make_player_shell()
    readings: list[float] = []

    async def scenario() -> None:
        await _start(shell)
        for cycle in range(50):
            await _play(shell, str(clip))
            shell.player.leave()
            await until(lambda: not shown(shell, "playerPage"), what="player closed")
            if cycle in (9, 49):
                gc.collect()
                await asyncio.sleep(0.2)
                readings.append(_rss_mb())

    event_loop_runner(scenario())
    event_loop_runner(shell.stop())
    grown = readings[1] - readings[0]
    assert grown < 25, f"RSS grew {grown:.1f} MB over 40 plays ({readings})"


def test_the_player_shows_its_controls(
    make_player_shell: Callable[..., AppShell], event_loop_runner: Runner, clips: ClipMaker
) -> None:
    clip = clips.make(BARS)
    shell = make_player_shell()

    async def scenario() -> None:
        await _start(shell)
        await _play(shell, str(clip))
        shell.player.controls.seekTo(2.4)
        shell.player.controls.togglePause()
        await until(lambda: shell.player.state.paused)
        await until(
            lambda: shown(shell, "controlBar") and shown(shell, "playerTopBar"),
            what="controls shown while paused",
        )
        await asyncio.sleep(0.3)  # faded in, for the screenshot
        save_screenshot(shell.window, "player_controls")

    event_loop_runner(scenario())
    event_loop_runner(shell.stop())


def test_closing_the_window_while_playing_shuts_down_in_order(
    make_player_shell: Callable[..., AppShell], event_loop_runner: Runner, clips: ClipMaker
) -> None:
    clip = clips.make(BARS)
    shell = make_player_shell()

    async def scenario() -> None:
        serving = asyncio.ensure_future(shell.serve())
        await until(lambda: shell.runtime is not None)
        await _play(shell, str(clip))
        shell.window.close()
        await asyncio.wait_for(serving, 30)

    event_loop_runner(scenario())
    assert shell.runtime is None and shell.tasks.running() == []
    player = shell.player._player
    assert player is not None and player.closed
