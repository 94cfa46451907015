"""Media keys: MPRIS on the test session bus, driven by a real client (gdbus), and the
media keys in the player page."""

from __future__ import annotations

import asyncio
import os
import re
import select
import shutil
import subprocess
import time
from collections.abc import Callable, Coroutine
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt

from reel_qt.app import AppShell
from reel_qt.platform.mpris import PATH, PLAYER_INTERFACE, ROOT_INTERFACE
from reel_qt.sync.credentials import CredentialStore
from tests.clips import ClipMaker, ClipSpec
from tests.fakes.jellyfin import FakeJellyfin
from tests.fakes.keyrings import InMemoryKeyring
from tests.player.conftest import ServerThread, focus_in, until
from tests.player.server_library import jellyfin_library, local_id
from tests.player.test_controls import key
from tests.player.test_library_play import EPISODE, _two_episodes

Runner = Callable[[Coroutine[Any, Any, Any]], Any]
LONG = ClipSpec(duration_s=30.0, width=160, height=120, fps=10)


def _gdbus() -> str:
    found = shutil.which("gdbus")
    assert found, "gdbus (libglib2.0-bin) is needed: the MPRIS tests use it as the client"
    return found


async def _call(service: str, method: str, *args: str) -> str:
    """Call a method over the session bus as an outside client would; its printed reply."""
    done = await asyncio.to_thread(
        subprocess.run,
        [_gdbus(), "call", "--session", "--dest", service, "--object-path", PATH,
         "--method", method, "--", *args],
        capture_output=True, text=True, timeout=20, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    return done.stdout.strip()


async def _get(service: str, name: str, interface: str = PLAYER_INTERFACE) -> str:
    return await _call(service, "org.freedesktop.DBus.Properties.Get", interface, name)


async def until_true(check: Callable[[], Coroutine[Any, Any, bool]], what: str) -> None:
    """Ask again until an awaited check holds (the status follows the player a moment later)."""
    deadline = asyncio.get_running_loop().time() + 20
    while not await check():
        assert asyncio.get_running_loop().time() < deadline, f"not in time: {what}"
        await asyncio.sleep(0.05)


class Monitor:
    """`gdbus monitor` on the player's name: every signal it sends, as text."""

    def __init__(self, service: str) -> None:
        # Line-buffered, so nothing is lost in a pipe buffer when it is stopped.
        command = ["stdbuf", "-oL", _gdbus(), "monitor", "--session", "--dest", service]
        self._process = subprocess.Popen(command, stdout=subprocess.PIPE, text=True)
        self._head = ""

    def wait_ready(self, seconds: float = 30.0) -> None:
        """Block until gdbus watches the name: its match rule is in place by then.

        It asks the bus who owns the name after adding the rule, on one connection, so
        the answer ("is owned by") comes once signals reach it; started and not waited
        for, it could miss the first ones on a loaded machine.
        """
        assert self._process.stdout is not None
        fd = self._process.stdout.fileno()
        deadline = time.monotonic() + seconds
        while "is owned by" not in self._head:
            ready, _, _ = select.select([fd], [], [], max(0.0, deadline - time.monotonic()))
            chunk = os.read(fd, 4096) if ready else b""
            assert chunk, f"gdbus monitor did not start: {self._head!r}"
            self._head += chunk.decode()

    def stop(self) -> str:
        """Stop watching; what was seen."""
        self._process.terminate()
        out, _err = self._process.communicate(timeout=10)
        return self._head + out


def test_mpris_methods_drive_the_real_player_and_properties_follow(
    make_player_shell: Callable[..., AppShell], event_loop_runner: Runner, clips: ClipMaker
) -> None:
    clip = clips.make(LONG)
    shell = make_player_shell()
    player, state = shell.player, shell.player.state
    service = shell.mpris.service_name
    assert service is not None and service.startswith("org.mpris.MediaPlayer2.reel")
    monitor = Monitor(service)
    monitor.wait_ready()
    seen = ""

    async def status(wanted: str) -> bool:
        return f"'{wanted}'" in await _get(service, "PlaybackStatus")

    async def scenario() -> None:
        assert "'Reel'" in await _get(service, "Identity", ROOT_INTERFACE)
        assert "'Stopped'" in await _get(service, "PlaybackStatus")
        frames: list[bool] = []
        player.firstFrame.connect(lambda: frames.append(True))
        shell.start()
        await until(lambda: shell.runtime is not None)
        shell.play(str(clip))
        await until(lambda: bool(frames), seconds=60, what="first frame")
        await until_true(lambda: status("Playing"), "Playing over MPRIS")
        metadata = await _get(service, "Metadata")
        assert f"'xesam:title': <'{clip.name}'>" in metadata  # a hash: no quotes to escape
        length = re.search(r"'mpris:length': <(?:int64 )?(\d+)>", metadata)
        assert length and abs(int(length.group(1)) - LONG.duration_s * 1_000_000) < 200_000
        track = re.search(r"'mpris:trackid': <objectpath '([^']+)'>", metadata)
        assert track is not None

        await _call(service, f"{PLAYER_INTERFACE}.Pause")
        await until(lambda: state.paused, what="Pause")
        await _call(service, f"{PLAYER_INTERFACE}.PlayPause")
        await until(lambda: not state.paused, what="PlayPause plays")
        await _call(service, f"{PLAYER_INTERFACE}.Play")
        await asyncio.sleep(0.3)
        assert not state.paused, "Play keeps playing"
        await _call(service, f"{PLAYER_INTERFACE}.PlayPause")
        await until(lambda: state.paused, what="PlayPause pauses")
        await until_true(lambda: status("Paused"), "Paused over MPRIS")
        await _call(service, f"{PLAYER_INTERFACE}.Play")
        await until(lambda: not state.paused, what="Play")

        await _call(service, f"{PLAYER_INTERFACE}.Pause")
        await until(lambda: state.paused)
        await _call(service, f"{PLAYER_INTERFACE}.SetPosition", track.group(1), "10000000")
        await until(lambda: abs(state.position - 10.0) < 0.2, what="SetPosition")
        await _call(service, f"{PLAYER_INTERFACE}.Seek", "5000000")
        await until(lambda: abs(state.position - 15.0) < 0.2, what="Seek +5 s")
        await _call(service, f"{PLAYER_INTERFACE}.Seek", "-2000000")
        await until(lambda: abs(state.position - 13.0) < 0.2, what="Seek -2 s")
        position = await _get(service, "Position")
        assert re.fullmatch(r"\(<int64 (\d+)>,\)", position), position
        assert abs(int(re.findall(r"\d+", position)[-1]) - 13_000_000) < 200_000
        # A stale track id is ignored, as the specification asks.
        await _call(service, f"{PLAYER_INTERFACE}.SetPosition", "/org/reel/track/999", "0")
        await asyncio.sleep(0.3)
        assert abs(state.position - 13.0) < 0.2
        assert "false" in await _get(service, "CanGoNext")  # a file: nothing after it
        await _call(service, f"{PLAYER_INTERFACE}.Next")
        assert player.active

        await _call(service, f"{PLAYER_INTERFACE}.Stop")
        await until(lambda: not player.active, what="Stop leaves the player")
        await until_true(lambda: status("Stopped"), "Stopped over MPRIS")
        await asyncio.sleep(0.3)
        await shell.stop()

    try:
        event_loop_runner(scenario())
    finally:
        seen = monitor.stop()
    changes = [line for line in seen.splitlines() if "PropertiesChanged" in line]
    assert any("'PlaybackStatus': <'Paused'>" in line for line in changes), seen
    assert any("'PlaybackStatus': <'Playing'>" in line for line in changes), seen
    assert any("'xesam:title'" in line for line in changes), seen
    assert all(line.rstrip().endswith("@as [])") for line in changes), changes
    seeked = re.findall(r"org\.mpris\.MediaPlayer2\.Player\.Seeked \(int64 (\d+),\)", seen)
    assert any(abs(int(us) - 10_000_000) < 200_000 for us in seeked), seen
    assert shell.mpris.service_name is None  # stop() left the bus


def test_media_keys_and_mpris_next_and_previous_move_between_episodes(
    tmp_path: Path,
    make_player_shell: Callable[..., AppShell],
    event_loop_runner: Runner,
    clips: ClipMaker,
) -> None:
    clip = clips.make(EPISODE)
    credentials = CredentialStore(InMemoryKeyring())
    server = FakeJellyfin(size="small", seed=1)
    first, second = _two_episodes(server)
    server.set_media(first.id, clip)
    server.set_media(second.id, clip)

    async def scenario() -> None:
        await jellyfin_library(tmp_path, server, credentials)
        shell = make_player_shell(credentials=credentials)
        player, state = shell.player, shell.player.state
        service = shell.mpris.service_name
        assert service is not None
        shell.start()
        await until(lambda: shell.runtime is not None)
        shell.tasks.cancel("sync.scheduler")
        shell.window.requestActivate()
        frames: list[bool] = []
        player.firstFrame.connect(lambda: frames.append(True))
        player.playItemAt(await local_id(shell, first.id, "episode"), 0)
        await until(lambda: bool(frames), seconds=60, what="first frame")
        await until(lambda: focus_in(shell, "playerPage"), what="focus on the player")

        key(shell, Qt.Key.Key_MediaTogglePlayPause)
        await until(lambda: state.paused, what="toggle pauses")
        key(shell, Qt.Key.Key_MediaPlay)
        await until(lambda: not state.paused, what="Play plays")
        key(shell, Qt.Key.Key_MediaPlay)
        await asyncio.sleep(0.3)
        assert not state.paused, "Play does not toggle"
        key(shell, Qt.Key.Key_MediaPause)
        await until(lambda: state.paused, what="Pause pauses")
        key(shell, Qt.Key.Key_MediaTogglePlayPause)
        await until(lambda: not state.paused, what="toggle plays")

        assert "true" in await _get(service, "CanGoNext")
        frames.clear()
        key(shell, Qt.Key.Key_MediaNext)
        await until(lambda: bool(frames) and player.title == second.name, what="key: next")
        assert "true" in await _get(service, "CanGoPrevious")
        frames.clear()
        key(shell, Qt.Key.Key_MediaPrevious)
        await until(lambda: bool(frames) and player.title == first.name, what="key: previous")
        frames.clear()
        await _call(service, f"{PLAYER_INTERFACE}.Next")
        await until(lambda: bool(frames) and player.title == second.name, what="MPRIS Next")
        assert str(second.name) in await _get(service, "Metadata")
        frames.clear()
        await _call(service, f"{PLAYER_INTERFACE}.Previous")
        await until(lambda: bool(frames) and player.title == first.name, what="MPRIS Previous")
        await shell.stop()

    with ServerThread(server):
        event_loop_runner(scenario())
