"""The task registry owns every background coroutine."""

from __future__ import annotations

import asyncio
import gc
import logging

import pytest

from reel_qt.core.errors import NotFoundError
from reel_qt.core.tasks import TaskRegistry


async def test_starting_a_task_again_cancels_the_previous_one() -> None:
    registry = TaskRegistry()
    started: list[str] = []

    async def search(text: str) -> str:
        started.append(text)
        await asyncio.sleep(0.05)
        return text

    first = registry.start("search", search("ma"))
    await asyncio.sleep(0)
    second = registry.start("search", search("mat"))
    assert await second == "mat"
    assert first.cancelled()
    assert started == ["ma", "mat"]
    assert registry.running() == []


async def test_running_tasks_survive_garbage_collection() -> None:
    registry = TaskRegistry()
    gate = asyncio.Event()

    async def wait_for_gate() -> int:
        await gate.wait()
        return 42

    registry.start("sync", wait_for_gate())
    gc.collect()
    await asyncio.sleep(0)
    assert registry.is_running("sync")
    gate.set()
    await asyncio.sleep(0.01)
    assert not registry.is_running("sync")


@pytest.mark.expect_log_warnings
async def test_failures_are_logged_and_surfaced_in_words(
    caplog: pytest.LogCaptureFixture,
) -> None:
    registry = TaskRegistry()
    failures: list[tuple[str, str]] = []
    registry.taskFailed.connect(lambda name, message: failures.append((name, message)))

    async def known() -> None:
        raise NotFoundError("No item with id 7.")

    async def unknown() -> None:
        raise KeyError("secret internals")

    with caplog.at_level(logging.ERROR, logger="reel.tasks"):
        for name, coro in (("details", known()), ("grid", unknown())):
            task = registry.start(name, coro)
            with pytest.raises((NotFoundError, KeyError)):
                await task
        await asyncio.sleep(0)
    assert failures == [
        ("details", "No item with id 7."),
        ("grid", "Unexpected error in grid (KeyError). See the log for details."),
    ]
    assert [r.exc_info is not None for r in caplog.records] == [True, True]


async def test_cancellation_is_not_a_failure() -> None:
    registry = TaskRegistry()
    failures: list[str] = []
    registry.taskFailed.connect(lambda name, _message: failures.append(name))
    task = registry.start("slow", asyncio.sleep(10))
    await asyncio.sleep(0)
    assert registry.cancel("slow")
    with pytest.raises(asyncio.CancelledError):
        await task
    assert failures == []
    assert not registry.cancel("slow")


async def test_shutdown_cancels_and_awaits_everything() -> None:
    registry = TaskRegistry()
    cleaned: list[str] = []

    async def worker(name: str) -> None:
        try:
            await asyncio.sleep(10)
        finally:
            cleaned.append(name)

    tasks = [registry.start(name, worker(name)) for name in ("a", "b", "c")]
    await asyncio.sleep(0)
    await registry.shutdown()
    assert all(t.cancelled() for t in tasks)
    assert sorted(cleaned) == ["a", "b", "c"]
    assert registry.running() == []
