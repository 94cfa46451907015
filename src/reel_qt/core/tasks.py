"""The task registry: every coroutine a view-model or service starts has an owner here.

Tasks are named; starting a task cancels a running one with the same name (what
search-as-you-type wants), the registry keeps a strong reference until the task ends,
failures are logged with their traceback and surfaced as a signal in words, and quitting
cancels everything.
"""

from __future__ import annotations

import asyncio
import contextvars
import functools
import logging
from collections.abc import Callable, Coroutine
from typing import Any, TypeVar

from PySide6.QtCore import QObject, Signal

from reel_qt.core.errors import ReelError

T = TypeVar("T")
log = logging.getLogger("reel.tasks")


async def in_thread(func: Callable[..., T], /, *args: Any) -> T:
    """Run func(*args) on a worker thread; cancelling waits for it to return first.

    `asyncio.to_thread` lets the thread run on after its task is cancelled, so work a
    cancelled task started could still touch what shutdown is closing (a cache, the
    store) or call back into a loop that has stopped. Here the cancellation reaches the
    caller only once the thread is done with it.
    """
    # qasync can step a task while its loop is not running (Qt delivering events before
    # or after run_until_complete: tests, shutdown). There is nothing to overlap with
    # then and no loop to wait on: the work runs here, at once.
    try:
        loop = asyncio.get_running_loop()
    except RuntimeError:
        return func(*args)
    context = contextvars.copy_context()
    future = loop.run_in_executor(None, functools.partial(context.run, func, *args))
    try:
        return await asyncio.shield(future)
    except asyncio.CancelledError:
        await asyncio.wait([future])
        if not future.cancelled():
            future.exception()  # retrieved: the caller asked to stop, not for the outcome
        raise


def describe_failure(name: str, error: BaseException) -> str:
    """A failure in words for the user: our own errors speak for themselves."""
    if isinstance(error, ReelError):
        return str(error)
    return f"Unexpected error in {name} ({type(error).__name__}). See the log for details."


class TaskRegistry(QObject):
    """Named asyncio tasks with strong references, cancel-previous and reported failures."""

    taskFailed = Signal(str, str)  # task name, message in words
    runningChanged = Signal()

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._tasks: dict[str, asyncio.Task[Any]] = {}

    def start(self, name: str, coro: Coroutine[Any, Any, T]) -> asyncio.Task[T]:
        """Run coro as the task called name, cancelling a running task of that name."""
        previous = self._tasks.pop(name, None)
        if previous is not None and not previous.done():
            previous.cancel()
        task = asyncio.get_running_loop().create_task(coro, name=name)
        self._tasks[name] = task
        task.add_done_callback(lambda done: self._finished(name, done))
        self.runningChanged.emit()
        return task

    def _finished(self, name: str, task: asyncio.Task[Any]) -> None:
        if self._tasks.get(name) is task:
            del self._tasks[name]
            self.runningChanged.emit()
        if task.cancelled():
            return
        error = task.exception()
        if error is not None:
            log.error("task %s failed", name, exc_info=error)
            self.taskFailed.emit(name, describe_failure(name, error))

    def is_running(self, name: str) -> bool:
        """Whether a task of that name is running."""
        task = self._tasks.get(name)
        return task is not None and not task.done()

    def running(self) -> list[str]:
        """Names of the running tasks."""
        return sorted(name for name, task in self._tasks.items() if not task.done())

    def cancel(self, name: str) -> bool:
        """Cancel the task of that name; return whether one was running."""
        task = self._tasks.get(name)
        if task is None or task.done():
            return False
        task.cancel()
        return True

    async def wait(self, name: str, timeout_s: float = 5.0) -> bool:
        """Wait (at most timeout_s) for the task of that name to end; whether it did."""
        task = self._tasks.get(name)
        if task is not None and not task.done():
            await asyncio.wait([task], timeout=timeout_s)
        return task is None or task.done()

    async def shutdown(self, grace_seconds: float = 5.0) -> None:
        """Cancel every task and wait (at most grace_seconds) for them to end."""
        tasks = [task for task in self._tasks.values() if not task.done()]
        for task in tasks:
            task.cancel()
        if tasks:
            await asyncio.wait(tasks, timeout=grace_seconds)
