"""Playing library items from a (fake) Jellyfin: resume, progress reports, watched, up next,
and the server's skip segments."""

from __future__ import annotations

import asyncio
import itertools
from collections.abc import Callable, Coroutine
from dataclasses import replace
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt

from reel_qt.app import AppShell
from reel_qt.core.settings import Settings
from reel_qt.sync.credentials import CredentialStore
from tests.clips import ClipMaker, ClipSpec
from tests.fakes.jellyfin import FakeJellyfin
from tests.fakes.jellyfin.library import Item
from tests.fakes.jellyfin.media import segment_plan
from tests.fakes.keyrings import InMemoryKeyring
from tests.player.conftest import ServerThread, focus_in, shown, until
from tests.player.server_library import jellyfin_library, local_id
from tests.player.test_controls import key
from tests.ui.conftest import save_screenshot

Runner = Callable[[Coroutine[Any, Any, Any]], Any]
TICKS_PER_S = 10_000_000
EPISODE = ClipSpec(duration_s=12.0, width=320, height=240, fps=10)


def _two_episodes(server: FakeJellyfin) -> tuple[Item, Item]:
    """Two consecutive episodes of one season."""
    episodes = sorted(
        server.library.episodes, key=lambda e: (e.season_id or "", e.index_number or 0)
    )
    for first, second in itertools.pairwise(episodes):
        if first.season_id == second.season_id and first.parent_index_number:
            return first, second
    raise AssertionError("no season with two episodes")


async def until_async(
    read: Callable[[], Coroutine[Any, Any, object]], wanted: object, what: str
) -> None:
    """Wait (at most 30 s: CI is loaded) until an awaited reading equals wanted."""
    deadline = asyncio.get_running_loop().time() + 30
    while await read() != wanted:
        if asyncio.get_running_loop().time() > deadline:
            raise AssertionError(f"not in time: {what}")
        await asyncio.sleep(0.02)


def _pushed_positions(server: FakeJellyfin, item: Item) -> list[int]:
    return [
        r.json["PlaybackPositionTicks"] // 10_000
        for r in server.requests_to(f"/UserItems/{item.id}/UserData", "POST")
    ]


def test_resume_progress_watched_and_up_next(
    tmp_path: Path,
    make_player_shell: Callable[..., AppShell],
    event_loop_runner: Runner,
    clips: ClipMaker,
) -> None:
    clip = clips.make(EPISODE)
    credentials = CredentialStore(InMemoryKeyring())
    server = FakeJellyfin(size="small", seed=1)
    first, second = _two_episodes(server)
    server.set_played(first.id, False, position_ticks=5 * TICKS_PER_S)
    server.set_media(first.id, clip)
    server.set_media(second.id, clip)
    settings = replace(
        Settings(),
        up_next_seconds=4,
        resume_threshold_percent=0,
        skip_intro="never",
        skip_credits="never",
        skip_recap="never",
        skip_preview="never",
    )

    async def scenario() -> None:
        await jellyfin_library(tmp_path, server, credentials)
        shell = make_player_shell(settings=settings, credentials=credentials)
        await _play_through(shell)
        await shell.stop()

    async def _play_through(shell: AppShell) -> None:
        player, state = shell.player, shell.player.state
        shell.start()
        await until(lambda: shell.runtime is not None)
        assert shell.runtime is not None
        shell.window.requestActivate()
        first_id = await local_id(shell, first.id, "episode")
        clock = asyncio.get_running_loop().time
        frames: list[float] = []  # when each first frame was shown
        player.firstFrame.connect(lambda: frames.append(clock()))
        shell.play(str(first_id))
        await until(lambda: player.resumePrompt, what="resume prompt")
        assert player.resumeText == "Resume from 0:05"
        assert shown(shell, "resumePrompt") and not frames
        await asyncio.sleep(0.2)
        save_screenshot(shell.window, "player_resume_prompt")
        await until(lambda: focus_in(shell, "playerPage"), what="focus on the player")
        key(shell, Qt.Key.Key_Return)  # the default: resume
        await until(lambda: bool(frames), seconds=60, what="first frame")
        # It plays on meanwhile: on a loaded machine this task may look a while later.
        late = clock() - frames[0]
        assert 4.75 < state.position < 5.25 + late, (state.position, late)
        assert player.hasNext and player.title == first.name
        # mpv fetched the stream with the token in a header, never in the URL.
        streams = [r for r in server.requests if r.path.startswith(f"/Videos/{first.id}/")]
        assert streams and all(r.token and r.token not in r.path for r in streams)
        assert all("api_key" not in r.query for r in streams)

        # Pausing reports the position, locally and to the server.
        await asyncio.sleep(0.6)
        key(shell, Qt.Key.Key_Space)
        await until(lambda: state.paused)
        paused_at = int(state.position * 1000)
        await until(lambda: first.position_ticks // 10_000 == paused_at, what="pushed")
        detail = await shell.runtime.service.get_item(first_id)
        assert detail.progress is not None and detail.progress.position_ms == paused_at
        service = shell.runtime.service
        await until_async(lambda: service.pending_progress(), [], "the queue drained")
        # And live: the server's "now playing" saw the session begin, then pause there.
        await until(
            lambda: any(
                r.json.get("IsPaused") and r.json["PositionTicks"] // 10_000 == paused_at
                for r in server.requests_to("/Sessions/Playing/Progress", "POST")
            ),
            what="paused reported live",
        )
        started = server.requests_to("/Sessions/Playing", "POST")
        assert [r.json["ItemId"] for r in started] == [first.id]

        # Past 90 % it counts as watched, on the server too; the up-next card shows.
        player.controls.seekTo(10.9)
        await until(lambda: first.played, what="watched on the server")
        await until(lambda: player.upNextVisible and shown(shell, "upNextCard"), what="up next")
        assert player.upNextCountdown == 2
        assert str(second.name) in player.nextTitle
        await asyncio.sleep(0.3)
        save_screenshot(shell.window, "player_up_next")
        frames.clear()
        key(shell, Qt.Key.Key_N)
        await until(lambda: bool(frames) and player.title == second.name, what="next episode")
        # The next one starts at its beginning (and plays on until this task looks).
        assert state.position < 1.0 + clock() - frames[0], state.position
        positions = _pushed_positions(server, first)
        assert paused_at in positions
        # Leaving the first episode ended its session on the server.
        await until(
            lambda: any(
                r.json["ItemId"] == first.id
                for r in server.requests_to("/Sessions/Playing/Stopped", "POST")
            ),
            what="stopped reported live",
        )

        # Let it run to the end: with no episode after it, or with its card counting
        # down, playback moves on by itself.
        player.controls.seekTo(11.0)
        await until(lambda: player.title != second.name or not player.active, 30, "moved on")

    with ServerThread(server):
        event_loop_runner(scenario())


def test_the_servers_intro_segment_offers_a_skip(
    tmp_path: Path,
    make_player_shell: Callable[..., AppShell],
    event_loop_runner: Runner,
    clips: ClipMaker,
) -> None:
    credentials = CredentialStore(InMemoryKeyring())
    server = FakeJellyfin(size="small", seed=1)
    episode, intro = next(
        (e, next(s for s in segment_plan(e) if s[0] == "Intro"))
        for e in server.library.episodes
        if any(s[0] == "Intro" and s[2] < 200 * TICKS_PER_S for s in segment_plan(e))
    )
    start_s, end_s = intro[1] / TICKS_PER_S, intro[2] / TICKS_PER_S
    clip = clips.make(ClipSpec(duration_s=end_s + 6, width=160, height=120, fps=5))
    server.set_media(episode.id, clip)

    async def scenario() -> None:
        await jellyfin_library(tmp_path, server, credentials)
        shell = make_player_shell(credentials=credentials)
        player = shell.player
        shell.start()
        await until(lambda: shell.runtime is not None)
        shell.window.requestActivate()
        clock = asyncio.get_running_loop().time
        frames: list[float] = []  # when each first frame was shown
        player.firstFrame.connect(lambda: frames.append(clock()))
        # Each offer with the position it came at: timing-free, unlike a look after a sleep.
        offers: list[tuple[str, float]] = []
        player.skipChanged.connect(lambda: offers.append((player.skipLabel, player.state.position)))
        # A page's Play button: straight from the given position, no resume prompt.
        start_at = max(0.0, start_s - 1.0)
        shell.browser.playRequested.emit(
            await local_id(shell, episode.id, "episode"), int(start_at * 1000)
        )
        await until(lambda: bool(frames), seconds=60, what="first frame")
        late = clock() - frames[0]  # it plays on until this task looks
        assert not player.resumePrompt
        assert start_at - 0.3 < player.state.position < start_at + 0.3 + late
        await until(lambda: player.skipLabel == "Skip intro", 15, "inside the intro")
        # Not offered before the intro starts.
        assert [p for label, p in offers if label and p < start_s - 0.1] == [], offers
        await until(lambda: focus_in(shell, "playerPage"), what="focus on the player")
        key(shell, Qt.Key.Key_Return)
        await until(lambda: player.state.position >= end_s - 0.1, what="skipped")
        await until(lambda: player.skipLabel == "")
        await shell.stop()

    with ServerThread(server):
        event_loop_runner(scenario())
