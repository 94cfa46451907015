"""Audio and subtitle tracks: switching changes what mpv plays and what the picture shows."""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Coroutine
from pathlib import Path
from typing import Any

from PySide6.QtGui import QImage

from reel_qt.app import AppShell
from tests.clips import ClipMaker, ClipSpec, write_srt
from tests.player.conftest import item, popup_open, until
from tests.ui.conftest import save_screenshot

Runner = Callable[[Coroutine[Any, Any, Any]], Any]
# A flat grey picture, so anything drawn over it (subtitles) is easy to find.
TWO_LANGUAGES = ClipSpec(
    pattern="color=c=0x404040",
    duration_s=9.0,
    audio_languages=("eng", "fra"),
    subtitle_languages=("eng",),
)


async def _play(shell: AppShell, path: str) -> None:
    frames: list[bool] = []
    shell.player.firstFrame.connect(lambda: frames.append(True))
    shell.start()
    await until(lambda: shell.runtime is not None)
    shell.play(path)
    await until(lambda: bool(frames), seconds=60, what="first frame")


def _changed_pixels(before: QImage, after: QImage, top: float, bottom: float) -> int:
    """Pixels that differ between two grabs within a band of rows (fractions of height)."""
    changed = 0
    for y in range(int(before.height() * top), int(before.height() * bottom), 2):
        for x in range(0, before.width(), 2):
            if before.pixel(x, y) != after.pixel(x, y):
                changed += 1
    return changed


async def _steady_grab(shell: AppShell) -> QImage:
    """The window's pixels once two grabs a moment apart are the same (nothing changing)."""
    previous = shell.window.grabWindow()
    for _ in range(100):
        await asyncio.sleep(0.1)
        current = shell.window.grabWindow()
        if current == previous:
            return current
        previous = current
    raise AssertionError("the picture never settled")


def test_switching_audio_changes_the_active_language(
    make_player_shell: Callable[..., AppShell], event_loop_runner: Runner, clips: ClipMaker
) -> None:
    clip = clips.make(TWO_LANGUAGES)
    shell = make_player_shell()
    state = shell.player.state

    async def scenario() -> None:
        await _play(shell, str(clip))
        await until(lambda: len(state.audioTracks) == 2, what="two audio tracks")
        assert [t["language"] for t in state.audioTracks] == ["eng", "fra"]
        assert [t["label"].split(" ")[0] for t in state.audioTracks] == ["English", "French"]
        english, french = (t["trackId"] for t in state.audioTracks)
        assert state.audioId == english
        shell.player.controls.setAudioTrack(french)
        await until(lambda: state.audioId == french, what="French selected")
        player = shell.player._player
        assert player is not None
        await until(lambda: player.get("current-tracks/audio/lang") == "fra", what="mpv plays fra")
        shell.player.controls.cycleAudio()  # A
        await until(lambda: player.get("current-tracks/audio/lang") == "eng", what="back to eng")

    event_loop_runner(scenario())
    event_loop_runner(shell.stop())


def test_turning_subtitles_on_draws_them_on_the_picture(
    tmp_path: Path,
    make_player_shell: Callable[..., AppShell],
    event_loop_runner: Runner,
    clips: ClipMaker,
) -> None:
    clip = clips.place(TWO_LANGUAGES, tmp_path / "film" / "Film.mkv")
    # An external subtitle file beside the film is found and offered too.
    write_srt(tmp_path / "film" / "Film.de.srt", "Untertitel", duration_s=9.0)
    shell = make_player_shell()
    state = shell.player.state

    async def scenario() -> None:
        await _play(shell, str(clip))
        await until(lambda: len(state.subtitleTracks) == 2, what="embedded and external subs")
        labels = [t["label"] for t in state.subtitleTracks]
        assert labels[0].startswith("English") and "external" in labels[1]
        shell.player.controls.setSubtitleTrack(0)
        await until(lambda: state.subtitleId == 0)
        # While it plays, the controls hide; the flat picture then stays the same.
        await until(lambda: not item(shell, "controlBar").isVisible(), 15, "controls hidden")
        before = await _steady_grab(shell)
        shell.player.controls.setSubtitleTrack(state.subtitleTracks[0]["trackId"])
        await until(lambda: state.subtitleId == state.subtitleTracks[0]["trackId"])
        # mpv draws them with a later frame: wait for that frame, not for a fixed time.
        await until(
            lambda: _changed_pixels(before, shell.window.grabWindow(), 0.7, 1.0) > 200,
            what="subtitles drawn",
        )
        after = shell.window.grabWindow()
        # Subtitles draw in the lower part of the picture, and nowhere near the top.
        assert _changed_pixels(before, after, 0.7, 1.0) > 200
        assert _changed_pixels(before, after, 0.0, 0.4) == 0
        shell.player.controls.setSubtitleScale(1.5)
        shell.player.controls.setSubtitleDelay(0.5)
        await until(lambda: state.subScale == 1.5 and state.subDelay == 0.5)

        # The menu of tracks, as people see it.
        shell.player.controls.togglePause()
        controls = item(shell, "tracksButton")
        item(shell, "playerPage").setProperty("controlsShown", True)
        await asyncio.sleep(0.3)
        item(shell, "controlBar").openTracks.emit(controls)
        await until(lambda: popup_open(shell, "trackMenu"), what="track menu")
        await asyncio.sleep(0.3)
        save_screenshot(shell.window, "player_track_menu")

    event_loop_runner(scenario())
    event_loop_runner(shell.stop())
