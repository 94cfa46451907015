"""Leaving the player tells the server where playback stopped, at once when it is online.

The position is saved locally first; the stop report and the queued resume point then
go to the source from the player itself, not from the background sync (which the tests'
window helper stops), so they reach the server within moments of Esc.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Coroutine
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt

from reel_qt.app import AppShell
from reel_qt.sync.credentials import CredentialStore
from tests.clips import ClipMaker
from tests.fakes.jellyfin import FakeJellyfin
from tests.fakes.jellyfin.library import Item
from tests.fakes.keyrings import InMemoryKeyring
from tests.player.conftest import ServerThread, make_player_shell
from tests.ui.driving import click, has, item, key, settle, type_text, until
from tests.ui.pages import open_library, open_window
from tests.ui.source_setups import LONG
from tests.ui.test_flows import synced_jellyfin

__all__ = ["make_player_shell"]
Runner = Callable[[Coroutine[Any, Any, Any]], Any]
TICKS_PER_MS = 10_000


def stopped_at(server: FakeJellyfin, remote_id: str) -> list[int]:
    """Positions (ms) of the stop reports the server received for one item."""
    return [
        r.json["PositionTicks"] // TICKS_PER_MS
        for r in server.requests_to("/Sessions/Playing/Stopped", "POST")
        if r.json.get("ItemId") == remote_id
    ]


def saved_at(server: FakeJellyfin, remote_id: str) -> list[int]:
    """Resume points (ms) pushed to the server's user data of one item."""
    return [
        r.json["PlaybackPositionTicks"] // TICKS_PER_MS
        for r in server.requests_to(f"/UserItems/{remote_id}/UserData", "POST")
    ]


def harbor_server(clips: ClipMaker) -> tuple[FakeJellyfin, Item]:
    """The fake server, its film "The Last Harbor" playing a twelve-second clip."""
    server = FakeJellyfin(size="small", seed=1)
    chosen = next(m for m in server.library.movies if m.name == "The Last Harbor")
    server.set_media(chosen.id, clips.make(LONG))
    return server, chosen


async def until_async(
    read: Callable[[], Coroutine[Any, Any, object]], wanted: object, what: str
) -> None:
    """Wait (at most 30 s: CI is loaded) until an awaited reading equals wanted."""
    deadline = asyncio.get_running_loop().time() + 30
    while await read() != wanted:
        if asyncio.get_running_loop().time() > deadline:
            raise AssertionError(f"not in time: {what}")
        await asyncio.sleep(0.02)


async def play_seek_and_leave(shell: AppShell, title: str) -> int:
    """Play title from its page, seek back by keyboard, play on, Esc; the saved position."""
    player, movie = shell.player, shell.browser.movie
    await open_window(shell)
    await open_library(shell, "Movies")
    await click(shell, item(shell, "librarySearch"))
    await type_text(shell, title.split()[-1].lower())
    await until(lambda: shell.browser.library.items.count == 1, what="search")
    await key(shell, Qt.Key.Key_Down)  # into the grid; Enter opens the movie
    await key(shell, Qt.Key.Key_Return)
    await until(lambda: has(shell, "moviePage") and movie.detail.get("title") == title)
    await settle(shell)
    frames: list[bool] = []
    player.firstFrame.connect(lambda: frames.append(True))
    await click(shell, item(shell, "playButton"))
    await until(lambda: bool(frames), seconds=60, what="first frame")
    await until(lambda: player.state.position >= 4.0, what="four seconds played")
    await key(shell, Qt.Key.Key_Left)  # ten seconds back: to the start
    await until(lambda: player.state.position < 1.0, what="seeked back")
    await until(lambda: player.state.position >= 1.5, what="played on")
    await key(shell, Qt.Key.Key_Escape)
    await until(lambda: not player.active, what="player closed")
    await until(lambda: movie.detail.get("positionMs", 0) > 0, what="progress saved")
    return int(movie.detail["positionMs"])


def test_esc_reports_the_stop_to_the_server_at_once(
    tmp_path: Path,
    make_player_shell: Callable[..., AppShell],
    event_loop_runner: Runner,
    clips: ClipMaker,
) -> None:
    server, chosen = harbor_server(clips)
    credentials = CredentialStore(InMemoryKeyring())

    async def scenario() -> None:
        await synced_jellyfin(tmp_path, server, credentials)
        shell = make_player_shell(credentials=credentials)
        try:
            position_ms = await play_seek_and_leave(shell, chosen.name)
            # Seeked back to the start, then played about two seconds.
            assert 1_000 <= position_ms < 4_000
            # The sync schedule is stopped (open_window does it): the player itself sends.
            assert not shell.tasks.is_running("sync.scheduler")
            await until(lambda: stopped_at(server, chosen.id) != [], what="stop reported")
            assert abs(stopped_at(server, chosen.id)[-1] - position_ms) <= 250
            await until(lambda: saved_at(server, chosen.id) != [], what="resume point pushed")
            assert saved_at(server, chosen.id)[-1] == position_ms
            # The server keeps the resume point the user sees in Reel (a stop this early
            # alone would make it drop the position: under 5 % of the film's runtime).
            # The request is recorded as it arrives, before the server (on its own thread)
            # stores it and before the player drops it from its queue on the answer.
            await until(
                lambda: chosen.position_ticks // TICKS_PER_MS == position_ms,
                what="the server keeps it",
            )
            assert shell.runtime is not None
            await until_async(shell.runtime.service.pending_progress, [], "queue drained")
        finally:
            await shell.stop()

    with ServerThread(server):
        event_loop_runner(scenario())


def test_a_stop_the_server_misses_stays_queued_until_the_next_sync(
    tmp_path: Path,
    make_player_shell: Callable[..., AppShell],
    event_loop_runner: Runner,
    clips: ClipMaker,
) -> None:
    server, chosen = harbor_server(clips)
    credentials = CredentialStore(InMemoryKeyring())

    async def scenario() -> None:
        await synced_jellyfin(tmp_path, server, credentials)
        shell = make_player_shell(credentials=credentials)
        try:
            # The connection drops for every report and push from Esc on.
            server.faults.disconnect_next(20, path="Sessions/Playing|UserData", method="POST")
            position_ms = await play_seek_and_leave(shell, chosen.name)
            assert shell.runtime is not None and shell.scheduler is not None
            service = shell.runtime.service
            item_id = shell.browser.movie.itemId
            await until_async(service.pending_progress, [item_id], "queued")
            assert saved_at(server, chosen.id) == [] and chosen.position_ticks == 0

            # Back online: the next sync pushes the queue first.
            server.faults.clear()
            shell.tasks.start("sync.scheduler", shell.scheduler.run(startup_delay_s=0))
            await until_async(service.pending_progress, [], "queue drained")
            assert saved_at(server, chosen.id)[-1] == position_ms
            assert chosen.position_ticks // TICKS_PER_MS == position_ms
        finally:
            await shell.stop()

    with ServerThread(server):
        event_loop_runner(scenario())
