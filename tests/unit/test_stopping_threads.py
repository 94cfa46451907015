"""Work handed to threads ends with its task: nothing reports to a loop that has stopped.

A thread left running after its task was cancelled calls back into the loop later; if
the loop has stopped by then, that late call keeps it alive until some other thread's
garbage collection frees it, and Qt timers freed off their thread fire on freed memory.
"""

from __future__ import annotations

import asyncio
import threading
import time
from pathlib import Path

import pytest

from reel_qt.core.records import SourceType
from reel_qt.core.tasks import TaskRegistry, in_thread
from reel_qt.store.service import DataService
from reel_qt.sync.local_watch import LocalWatchService


async def test_a_cancelled_task_ends_only_after_its_thread_returned() -> None:
    registry = TaskRegistry()
    entered = threading.Event()
    returned = threading.Event()

    def slow() -> str:
        entered.set()
        time.sleep(0.3)
        returned.set()
        return "done"

    task = registry.start("slow", in_thread(slow))
    await asyncio.to_thread(entered.wait, 5)
    await registry.shutdown()
    assert task.cancelled()
    assert returned.is_set()  # the thread was done before the task was


async def test_in_thread_returns_what_the_function_returns() -> None:
    assert await in_thread(sum, [1, 2, 3]) == 6


def _watch_threads() -> set[threading.Thread]:
    return {t for t in threading.enumerate() if t.name == "AnyIO worker thread" and t.is_alive()}


async def test_closing_the_folder_watcher_ends_its_thread(
    service: DataService, tmp_path: Path
) -> None:
    folder = tmp_path / "Films"
    folder.mkdir()
    await service.add_source(
        type=SourceType.LOCAL.value,
        name="Films",
        config={"paths": [str(folder)], "kind": "movies"},
    )
    before = _watch_threads()
    requested: list[list[int]] = []
    watcher = LocalWatchService(
        service, lambda ids: requested.append(list(ids)), debounce_ms=100, poll_ms=500
    )
    task = asyncio.ensure_future(watcher.run())
    # The watch is in place once it reports every root (see watch_folders).
    for _ in range(250):
        if requested:
            break
        await asyncio.sleep(0.02)
    assert requested and _watch_threads() - before

    watcher.close()
    # run() returns by itself, not cancelled: the watch call it waited on in the thread
    # returned first (the window tests check the thread itself then ends, under qasync).
    await asyncio.wait_for(task, 3)
    assert task.done() and not task.cancelled() and task.exception() is None


def test_in_thread_stepped_without_a_running_loop_runs_the_work_at_once() -> None:
    # What qasync does when Qt delivers a task's step while its loop is not running.
    calls: list[int] = []

    def work(value: int) -> int:
        calls.append(value)
        return value * 2

    step = in_thread(work, 21)
    with pytest.raises(StopIteration) as ended:
        step.send(None)
    assert ended.value.value == 42
    assert calls == [21]
