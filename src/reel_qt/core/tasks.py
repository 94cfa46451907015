"""The task registry: every coroutine a view-model or service starts has an owner here.

Tasks are named; starting a task cancels a running one with the same name (what
search-as-you-type wants), the registry keeps a strong reference until the task ends,
failures are logged with their traceback and surfaced as a signal in words, and quitting
cancels everything.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Coroutine
from typing import Any, TypeVar

from PySide6.QtCore import QObject, Signal

from reel_qt.core.errors import ReelError

T = TypeVar("T")
log = logging.getLogger("reel.tasks")


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

    async def shutdown(self, grace_seconds: float = 5.0) -> None:
        """Cancel every task and wait (at most grace_seconds) for them to end."""
        tasks = [task for task in self._tasks.values() if not task.done()]
        for task in tasks:
            task.cancel()
        if tasks:
            await asyncio.wait(tasks, timeout=grace_seconds)
