"""Settings changed while the player is open: mpv's options at once, the rest at the next check."""

from __future__ import annotations

from collections.abc import Callable, Coroutine
from dataclasses import replace
from typing import Any

from reel_qt.app import AppShell
from reel_qt.core.records import MarkerKind, MarkerRecord
from reel_qt.core.settings import Settings
from reel_qt.playback.moments import MomentTracker
from tests.clips import ClipMaker, ClipSpec
from tests.player.conftest import until

Runner = Callable[[Coroutine[Any, Any, Any]], Any]
TWO_LANGUAGES = ClipSpec(
    pattern="color=c=0x404040",
    duration_s=6.0,
    audio_languages=("eng", "fra"),
    subtitle_languages=("eng", "deu"),
)
INTRO = MarkerRecord(kind=MarkerKind.INTRO, start_ms=10_000, end_ms=40_000)


def test_new_settings_reach_the_playing_mpv_and_the_next_file(
    make_player_shell: Callable[..., AppShell], event_loop_runner: Runner, clips: ClipMaker
) -> None:
    clip = clips.make(TWO_LANGUAGES)
    before = Settings(hardware_decoding="no", up_next_seconds=10)
    # No hwdec override, so the setting itself decides it.
    shell = make_player_shell(settings=before, mpv={"ao": "null", "gpu-hwdec-interop": "no"})
    frames: list[bool] = []
    shell.player.firstFrame.connect(lambda: frames.append(True))

    async def scenario() -> None:
        shell.start()
        await until(lambda: shell.runtime is not None, what="store open")
        shell.play(str(clip))
        await until(lambda: bool(frames), seconds=60, what="first frame")
        player = shell.player._player
        assert player is not None
        await until(lambda: player.get("current-tracks/audio/lang") == "eng", what="eng first")
        assert player.get("hwdec") == "no"
        after = replace(
            before,
            hardware_decoding="auto-safe",
            preferred_audio_language="fra",
            preferred_subtitle_language="deu",
            up_next_seconds=30,
        )
        shell.player.apply_settings(after)
        # mpv takes them as commands in turn (hwdec, alang, slang): wait for the last.
        await until(
            lambda: player.get("alang") == ["fra"] and player.get("slang") == ["deu"],
            what="languages set live",
        )
        assert player.get("hwdec") == "auto-safe"
        assert shell.player.settings is after
        assert shell.player.property("upNextSeconds") == 30
        # The next file opens with the new languages.
        frames.clear()
        shell.play(str(clip))
        await until(lambda: bool(frames), seconds=60, what="first frame again")
        await until(lambda: player.get("current-tracks/audio/lang") == "fra", what="fra next")
        await until(lambda: player.get("current-tracks/sub/lang") == "deu", what="deu subs")
        # Clearing a language clears mpv's list too.
        shell.player.apply_settings(replace(after, preferred_subtitle_language=""))
        await until(lambda: player.get("slang") == [], what="slang cleared")

    event_loop_runner(scenario())
    event_loop_runner(shell.stop())


def test_overrides_still_win_over_new_settings(
    make_player_shell: Callable[..., AppShell], event_loop_runner: Runner, clips: ClipMaker
) -> None:
    clip = clips.make(TWO_LANGUAGES)
    shell = make_player_shell()  # the test options force hwdec=no
    frames: list[bool] = []
    shell.player.firstFrame.connect(lambda: frames.append(True))

    async def scenario() -> None:
        shell.start()
        await until(lambda: shell.runtime is not None, what="store open")
        shell.play(str(clip))
        await until(lambda: bool(frames), seconds=60, what="first frame")
        player = shell.player._player
        assert player is not None
        shell.player.apply_settings(
            Settings(hardware_decoding="auto", preferred_audio_language="fra")
        )
        await until(lambda: player.get("alang") == ["fra"], what="alang set live")
        assert player.get("hwdec") == "no"

    event_loop_runner(scenario())
    event_loop_runner(shell.stop())


def test_the_moment_tracker_follows_new_settings() -> None:
    tracker = MomentTracker(Settings(skip_intro="ask", up_next_seconds=5), [INTRO])
    assert tracker.at(20.0, 100.0, [], has_next=True).offer is not None
    assert not tracker.at(85.0, 100.0, [], has_next=True).up_next
    tracker.use_settings(Settings(skip_intro="never", up_next_seconds=20))
    assert tracker.at(20.0, 100.0, [], has_next=True).offer is None
    moment = tracker.at(85.0, 100.0, [], has_next=True)
    assert moment.up_next and moment.countdown == 15
