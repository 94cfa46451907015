"""Server items that cannot be played directly: the automatic fallback to the server's
transcode (once), the error when that fails too, and choosing a lower quality."""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Coroutine
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, QPoint
from PySide6.QtTest import QTest

from reel_qt.app import AppShell
from reel_qt.sync.credentials import CredentialStore
from tests.clips import ClipMaker, ClipSpec
from tests.fakes.jellyfin import FakeJellyfin
from tests.fakes.keyrings import InMemoryKeyring
from tests.fakes.plex import FakePlex
from tests.player.conftest import ServerThread, item, popup_open, shown, until
from tests.player.server_library import jellyfin_library, local_id, open_shell, plex_library
from tests.ui.conftest import save_screenshot
from tests.ui.driving import click

Runner = Callable[[Coroutine[Any, Any, Any]], Any]
ORIGINAL = ClipSpec(duration_s=12.0, width=320, height=240, fps=10)
# What the servers' transcoders send: another picture, in MPEG-TS as HLS carries it.
CONVERTED = ClipSpec(container="ts", pattern="testsrc2", duration_s=12.0, width=320, height=240)
FELL_BACK = "Direct play failed; playing a converted stream from the server."


def _frames(shell: AppShell) -> list[float]:
    """When each first frame was shown (loop time): playback goes on until a test looks."""
    clock = asyncio.get_running_loop().time
    frames: list[float] = []
    shell.player.firstFrame.connect(lambda: frames.append(clock()))
    return frames


def _since(moment: float) -> float:
    """Seconds since moment (loop time)."""
    return asyncio.get_running_loop().time() - moment


def _jellyfin_film(clips: ClipMaker, *, converted: bool) -> tuple[FakeJellyfin, Any]:
    """A fake Jellyfin whose first film is the original clip, and converted (or not)."""
    server = FakeJellyfin(size="small", seed=1)
    film = server.library.movies[0]
    server.set_media(film.id, clips.make(ORIGINAL))
    if converted:
        server.set_transcode(film.id, clips.make(CONVERTED), CONVERTED.duration_s)
    return server, film


def _info_bodies(server: FakeJellyfin, item_id: str) -> list[Any]:
    return [r.json for r in server.requests_to(f"/Items/{item_id}/PlaybackInfo", "POST")]


def _hls_requests(server: FakeJellyfin, item_id: str, name: str) -> list[Any]:
    prefix = f"/videos/{item_id}/".lower()
    return [
        r
        for r in server.requests
        if r.path.lower().startswith(prefix) and r.path.lower().endswith(name)
    ]


def test_jellyfin_direct_play_refused_falls_back_to_the_transcode(
    tmp_path: Path,
    make_player_shell: Callable[..., AppShell],
    event_loop_runner: Runner,
    clips: ClipMaker,
) -> None:
    credentials = CredentialStore(InMemoryKeyring())
    server, film = _jellyfin_film(clips, converted=True)

    async def scenario() -> None:
        await jellyfin_library(tmp_path, server, credentials)
        shell = await open_shell(make_player_shell, credentials)
        player = shell.player
        frames = _frames(shell)
        # The original file is refused, every time it is asked for.
        server.faults.fail_next(100, status=403, path=f"^/Videos/{film.id}/stream")
        player.playItemAt(await local_id(shell, film.id, "movie"), 3000)
        await until(lambda: bool(frames), 60, "first frame of the converted stream")
        assert player.notice == FELL_BACK and player.errorMessage == ""
        position, late = player.state.position, _since(frames[0])
        assert 2.5 < position < 3.5 + late, ("it starts where the original would", position)
        # First direct play, then once more with a bitrate and direct play switched off.
        bodies = _info_bodies(server, film.id)
        assert [b["EnableDirectPlay"] for b in bodies] == [True, False]
        assert bodies[1]["MaxStreamingBitrate"] == 20_000_000
        assert any(f == "fail" for f, _m, _p in server.faults.fired)
        masters = _hls_requests(server, film.id, "master.m3u8")
        assert masters and {int(m.query["VideoBitrate"]) for m in masters} == {19_808_000}
        assert _hls_requests(server, film.id, "main.m3u8") and _hls_requests(server, film.id, ".ts")
        assert player.qualityIndex == 1 and player.qualities[1].startswith("20 Mbps")
        await until(lambda: shown(shell, "playerNotice"), what="the notice shows")
        await asyncio.sleep(0.4)
        save_screenshot(shell.window, "player_transcode_notice")
        await until(lambda: player.state.position > 4.0, what="the converted stream plays on")
        await shell.stop()

    with ServerThread(server):
        event_loop_runner(scenario())


def test_plex_unreadable_file_falls_back_to_the_transcode(
    tmp_path: Path,
    make_player_shell: Callable[..., AppShell],
    event_loop_runner: Runner,
    clips: ClipMaker,
) -> None:
    credentials = CredentialStore(InMemoryKeyring())
    plex = FakePlex(size="small", seed=1)
    film = plex.library.movies[0]
    # No file given: the fake serves bytes no demuxer reads (a codec mpv lacks, in effect).
    plex.set_transcode(film.rating_key, clips.make(CONVERTED), CONVERTED.duration_s)

    async def scenario() -> None:
        await plex_library(tmp_path, plex, credentials)
        shell = await open_shell(make_player_shell, credentials)
        player = shell.player
        frames = _frames(shell)
        player.playItemAt(await local_id(shell, str(film.rating_key), "movie"), 0)
        await until(lambda: bool(frames), 60, "first frame of the converted stream")
        assert player.notice == FELL_BACK and player.errorMessage == ""
        assert [r.status for r in plex.requests if r.path.startswith("/library/parts/")]
        start = plex.requests_to("/video/:/transcode/universal/start.m3u8")[0]
        assert start.query["maxVideoBitrate"] == str(20_000_000 // 1000)
        assert start.query["path"] == f"/library/metadata/{film.rating_key}"
        session = start.query["session"]
        base = f"/video/:/transcode/universal/session/{session}/base/"
        assert plex.requests_to(base + "index.m3u8") and plex.requests_to(base + "00000.ts")
        await until(lambda: player.state.position > 1.0, what="the converted stream plays on")
        await shell.stop()

    with ServerThread(plex):
        event_loop_runner(scenario())


def test_when_the_transcode_fails_too_retry_and_back_remain_and_nothing_loops(
    tmp_path: Path,
    make_player_shell: Callable[..., AppShell],
    event_loop_runner: Runner,
    clips: ClipMaker,
) -> None:
    credentials = CredentialStore(InMemoryKeyring())
    server, film = _jellyfin_film(clips, converted=False)

    async def scenario() -> None:
        await jellyfin_library(tmp_path, server, credentials)
        shell = await open_shell(make_player_shell, credentials)
        player = shell.player
        server.faults.fail_next(100, status=403, path=f"^/Videos/{film.id}/stream")
        server.faults.fail_next(100, status=500, path=f"^/Videos/{film.id}/master.m3u8")
        player.playItemAt(await local_id(shell, film.id, "movie"), 0)
        await until(lambda: player.errorMessage != "", 60, "the error")
        assert "Neither the original file nor a converted stream" in player.errorMessage
        assert player.notice == ""
        assert shown(shell, "playerError") and shown(shell, "playerRetryButton")
        assert shown(shell, "playerBackButton")
        await asyncio.sleep(1.0)  # nothing more is tried on its own
        assert len(_info_bodies(server, film.id)) == 2
        await asyncio.sleep(0.2)
        save_screenshot(shell.window, "player_transcode_failed")
        # Retry tries the converted stream again (the last request), still only once.
        await click(shell, item(shell, "playerRetryButton"))
        await until(lambda: len(_info_bodies(server, film.id)) == 3, what="retried")
        await until(lambda: player.errorMessage != "", 60, "the error again")
        await asyncio.sleep(1.0)
        assert len(_info_bodies(server, film.id)) == 3
        assert _info_bodies(server, film.id)[2]["EnableDirectPlay"] is False
        await click(shell, item(shell, "playerBackButton"))
        await until(lambda: not player.active, what="Back leaves the player")
        await shell.stop()

    with ServerThread(server):
        event_loop_runner(scenario())


def test_a_lower_quality_reloads_the_transcode_at_the_same_position(
    tmp_path: Path,
    make_player_shell: Callable[..., AppShell],
    event_loop_runner: Runner,
    clips: ClipMaker,
) -> None:
    credentials = CredentialStore(InMemoryKeyring())
    server, film = _jellyfin_film(clips, converted=True)

    async def scenario() -> None:
        await jellyfin_library(tmp_path, server, credentials)
        shell = await open_shell(make_player_shell, credentials)
        player = shell.player
        frames = _frames(shell)
        player.playItemAt(await local_id(shell, film.id, "movie"), 0)
        await until(lambda: bool(frames), 60, "first frame of the original")
        assert player.qualityIndex == 0 and len(player.qualities) == 5
        await until(lambda: player.state.position > 3.0, what="playing a while")
        window = shell.window
        QTest.mouseMove(window, QPoint(window.width() // 2, window.height() // 2))
        await until(lambda: shown(shell, "qualityButton"), what="controls shown")
        await click(shell, item(shell, "qualityButton"))
        await until(lambda: popup_open(shell, "qualityMenu"), what="quality menu")
        await asyncio.sleep(0.3)
        save_screenshot(shell.window, "player_quality_menu")
        rows = [r for r in _menu_rows(shell, "qualityMenu") if "4 Mbps" in r.property("label")]
        frames.clear()
        before, asked = player.state.position, asyncio.get_running_loop().time()
        await click(shell, rows[0])
        await until(lambda: bool(frames), 60, "first frame at the new quality")
        bodies = _info_bodies(server, film.id)
        assert bodies[-1]["MaxStreamingBitrate"] == 4_000_000
        assert bodies[-1]["EnableDirectPlay"] is False
        masters = _hls_requests(server, film.id, "master.m3u8")
        # The server's transcode URL asks for the bitrate less its 192 kb/s of audio.
        assert masters and {int(m.query["VideoBitrate"]) for m in masters} == {3_808_000}
        assert player.qualityIndex == 3 and player.notice == ""
        # From where it was (give or take a second), plus what played until the reload.
        position = player.state.position
        assert before - 1.0 < position < before + 1.0 + _since(asked), (before, position)
        await until(lambda: player.state.position > before + 1.0, what="it plays on")
        await shell.stop()

    with ServerThread(server):
        event_loop_runner(scenario())


def _menu_rows(shell: AppShell, menu_name: str) -> list[Any]:
    """The MenuRow items of an open menu."""
    menu = shell.window.findChild(QObject, menu_name)
    assert menu is not None
    content = menu.property("contentItem")
    found: list[Any] = []

    def walk(node: Any) -> None:
        for child in node.childItems():
            if child.property("label") is not None and child.property("selected") is not None:
                found.append(child)
            walk(child)

    walk(content)
    return found
