"""Stopping the app leaves nothing running: no task, no active timer, no thread it started.

A window test followed, in the same process, by one whose local source runs threads
(scan, folder watcher, still frames) crashed: a timer fired on a deleted object. The
earlier test's closed qasync loop still had Qt timers registered (qasync keeps one for
every cancelled `call_later`), was kept alive past the main-thread collection, and was
then freed by a collection on one of those threads, where Qt cannot unregister timers.
Work that outlived `AppShell.stop()` (the watcher's thread, cancelled tasks' threads)
kept loops alive the same way. The tests below run in that order on purpose, check
what `stop()` leaves behind, and reproduce the collection on a worker thread itself.
"""

from __future__ import annotations

import asyncio
import gc
import threading
import time
import weakref
from collections.abc import Callable, Coroutine
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, QEvent, QEventLoop, Qt, QTimer

from reel_qt.app import AppShell
from reel_qt.core.paths import DataPaths
from reel_qt.store.repositories.listing import ItemFilter
from reel_qt.sync.credentials import CredentialStore
from tests.clips import ClipMaker
from tests.fakes.keyrings import InMemoryKeyring
from tests.player.conftest import TEST_MPV, make_player_shell
from tests.ui.conftest import close_loop
from tests.ui.driving import click, has, item, key, settle, type_text, until
from tests.ui.pages import open_library, open_window, role_values
from tests.ui.test_flows import LOCAL_FILMS, local_films

__all__ = ["make_player_shell"]
Runner = Callable[[Coroutine[Any, Any, Any]], Any]


def left_running(shell: AppShell, threads_before: set[threading.Thread]) -> list[str]:
    """What still runs: other asyncio tasks, the shell's active timers, threads started since.

    Threads Python did not start (Qt's, libmpv's) show up as dummy threads that never
    end, so only threads started through `threading` can be told apart.
    """
    current = asyncio.current_task()
    tasks = [f"task {t.get_name()}" for t in asyncio.all_tasks() if t is not current]
    timers = [
        f"timer of {t.parent().metaObject().className()}"
        for t in shell.findChildren(QTimer)
        if t.isActive()
    ]
    threads = [
        f"thread {t.name}"
        for t in threading.enumerate()
        if t not in threads_before and t.is_alive() and not isinstance(t, threading._DummyThread)
    ]
    return tasks + timers + threads


async def nothing_left(shell: AppShell, threads_before: set[threading.Thread]) -> None:
    """Nothing runs after stop(), and nothing starts again while the loop goes on."""
    # A thread told to end at stop() may take a moment to return from its last call
    # (on a loaded machine, more than a moment).
    for _ in range(500):  # 10 s at least
        if not left_running(shell, threads_before):
            break
        await asyncio.sleep(0.02)
    assert left_running(shell, threads_before) == []
    await asyncio.sleep(0.5)  # timers or callbacks left behind would start work here
    assert left_running(shell, threads_before) == []
    assert shell.runtime is None and shell.tasks.running() == []


def test_1_a_window_on_a_local_source_stops_cleanly(
    tmp_path: Path,
    make_shell: Callable[..., AppShell],
    event_loop_runner: Runner,
    clips: ClipMaker,
) -> None:
    credentials = CredentialStore(InMemoryKeyring())
    before = set(threading.enumerate())

    async def scenario() -> None:
        await local_films(tmp_path, clips, credentials)
        shell = make_shell(credentials=credentials)
        try:
            await open_window(shell)
            await open_library(shell, "Films")
            assert sorted(role_values(shell.browser.library.items, "itemTitle")) == sorted(
                LOCAL_FILMS
            )
        finally:
            await shell.stop()
        await nothing_left(shell, before)

    event_loop_runner(scenario())


def test_2_then_playing_a_local_film_and_closing_while_it_plays(
    tmp_path: Path,
    make_player_shell: Callable[..., AppShell],
    event_loop_runner: Runner,
    clips: ClipMaker,
) -> None:
    credentials = CredentialStore(InMemoryKeyring())
    before = set(threading.enumerate())

    async def scenario() -> None:
        await local_films(tmp_path, clips, credentials)
        shell = make_player_shell(credentials=credentials)
        player = shell.player
        try:
            await open_window(shell)
            await open_library(shell, "Films")
            await click(shell, item(shell, "librarySearch"))
            await type_text(shell, "harbo")
            await until(lambda: shell.browser.library.items.count == 1, what="search")
            await key(shell, Qt.Key.Key_Down)
            await key(shell, Qt.Key.Key_Return)
            await until(lambda: has(shell, "moviePage"), what="movie page")
            await settle(shell)
            frames: list[bool] = []
            player.firstFrame.connect(lambda: frames.append(True))
            await click(shell, item(shell, "playButton"))
            await until(lambda: bool(frames), seconds=60, what="first frame")
            await until(lambda: player.state.position >= 1.0, what="a second played")
            assert player.active and player.title == "Harbor Lights"
        finally:
            await shell.stop()  # as closing the window does, while the film plays
        await nothing_left(shell, before)

    event_loop_runner(scenario())


def test_3_closing_during_start_up_while_a_local_film_opens(
    tmp_path: Path,
    make_player_shell: Callable[..., AppShell],
    event_loop_runner: Runner,
    clips: ClipMaker,
) -> None:
    credentials = CredentialStore(InMemoryKeyring())
    before = set(threading.enumerate())

    async def scenario() -> None:
        await local_films(tmp_path, clips, credentials)
        shell = make_player_shell(credentials=credentials)
        try:
            # `reel play <id>`: the player opens while the watcher, the still-frame
            # service and the first sync are all starting.
            shell.start()
            await until(lambda: shell.runtime is not None, what="store open")
            assert shell.runtime is not None
            films = await shell.runtime.service.list_items(ItemFilter(type="movie"))
            assert sorted(f.title for f in films) == sorted(LOCAL_FILMS)
            frames: list[bool] = []
            shell.player.firstFrame.connect(lambda: frames.append(True))
            shell.play(str(films[0].id))
            await until(lambda: bool(frames), seconds=60, what="first frame")
        finally:
            await shell.stop()
        await nothing_left(shell, before)

    event_loop_runner(scenario())


def run_once(tmp_path: Path, qapp: Any, clips: ClipMaker) -> weakref.ref[Any]:
    """On a loop of its own: browse a local source, play a film, stop; the loop, weakly."""
    import qasync

    credentials = CredentialStore(InMemoryKeyring())
    loop = qasync.QEventLoop(qapp, already_running=False)
    asyncio.set_event_loop(loop)
    shells: list[AppShell] = []

    async def scenario() -> None:
        await local_films(tmp_path, clips, credentials)
        paths = DataPaths(tmp_path / "data").ensure()
        shell = AppShell(paths, credentials=credentials, mpv_overrides=TEST_MPV)
        shells.append(shell)
        try:
            await open_window(shell)
            await open_library(shell, "Films")  # blurhash previews decode in threads
            assert shell.runtime is not None
            films = await shell.runtime.service.list_items(ItemFilter(type="movie"))
            frames: list[bool] = []
            shell.player.firstFrame.connect(lambda: frames.append(True))
            shell.play(str(films[0].id))
            await until(lambda: bool(frames), seconds=60, what="first frame")
        finally:
            await shell.stop()

    try:
        loop.run_until_complete(scenario())
    finally:
        close_loop(loop)
        asyncio.set_event_loop(None)
        for shell in shells:
            shell.window.close()
            shell.deleteLater()
        QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    return weakref.ref(loop)


def test_4_a_stopped_apps_loop_is_freed_at_once_on_the_main_thread(
    tmp_path: Path, qt_messages: list[str], qapp: Any, clips: ClipMaker
) -> None:
    """No thread outlives stop() holding a call back into the loop.

    Such a late call keeps a stopped loop alive; freed later by a collection on some
    worker thread, its Qt timers stay registered and fire on freed memory (the crash).
    """
    freed = run_once(tmp_path, qapp, clips)
    gc.collect()
    left = freed()
    holders = [type(r).__name__ for r in gc.get_referrers(left)] if left is not None else []
    del left
    assert freed() is None, holders


def test_5_a_closed_loop_freed_on_a_worker_thread_leaves_no_timer_behind(
    tmp_path: Path, qt_messages: list[str], qapp: Any, clips: ClipMaker
) -> None:
    """The crash itself: the loop of a finished run, freed by a collection on another thread.

    With timers still registered, Qt warns it cannot stop them from that thread (which
    fails this test) and the next event processing fires them on freed memory.
    """
    gc.disable()  # the collection below must be the one that frees the loop
    try:
        freed = run_once(tmp_path, qapp, clips)
        collector = threading.Thread(target=gc.collect, name="collector")
        collector.start()
        collector.join()
    finally:
        gc.enable()
    assert freed() is None
    deadline = time.monotonic() + 1.0
    while time.monotonic() < deadline:  # a timer left behind would fire here
        qapp.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 50)
