"""What the add-source and sign-in forms share: their context, step, busy flag and errors."""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Coroutine, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Property, QObject, QUrl, Signal, Slot
from PySide6.QtGui import QDesktopServices

from reel_qt.core.errors import ReelError
from reel_qt.core.tasks import TaskRegistry, describe_failure
from reel_qt.store.views import SourceView
from reel_qt.ui.load_state import LoadingViewModel

if TYPE_CHECKING:  # types only: the store loads after the window shows
    from reel_qt.sync.sources import SourceSetup


def open_in_browser(url: str) -> None:
    """Open a web page in the user's browser."""
    QDesktopServices.openUrl(QUrl(url))


@dataclass(frozen=True, slots=True)
class SignInContext:
    """What a form needs from the app: where sources are stored, how to sync and browse."""

    setup: SourceSetup
    request_sync: Callable[[Sequence[int]], None]
    #: Opens a web page in the user's browser (tests pass a recorder instead).
    open_url: Callable[[str], None]


class SignInForm(LoadingViewModel):
    """A step-by-step form: `step` names the part shown; work runs as one named task."""

    stepChanged = Signal()
    #: The form stored its source(s): a sentence for the user; the page leaves.
    finished = Signal(str)

    def __init__(self, tasks: TaskRegistry, name: str, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._tasks = tasks
        self._name = name
        self._step = ""
        self.context: SignInContext | None = None
        #: The source being signed in again (None: adding a new one).
        self.source: SourceView | None = None

    def _get_step(self) -> str:
        return self._step

    step = Property(str, _get_step, notify=stepChanged)

    def _get_signing_in_again(self) -> bool:
        return self.source is not None

    signingInAgain = Property(bool, _get_signing_in_again, notify=stepChanged)

    def _set_step(self, step: str) -> None:
        if step != self._step:
            self._step = step
            self.stepChanged.emit()

    def _run(self, what: str, work: Coroutine[Any, Any, None]) -> None:
        """Start work as this form's task: busy meanwhile, a known failure shown in words."""
        self._set_error("")
        self._tasks.start(f"{self._name}.form", self._guarded(what, work))

    async def _guarded(self, what: str, work: Coroutine[Any, Any, None]) -> None:
        self._set_loading(True)
        try:
            await work
        except asyncio.CancelledError:
            raise
        except ReelError as error:  # expected: the message says what to do
            self._set_error(str(error))
        except Exception as error:  # a bug: shown, and logged by the task registry
            self._set_error(describe_failure(what, error))
            raise
        finally:
            self._set_loading(False)

    def stop(self) -> None:
        """Cancel the running step, if any."""
        self._tasks.cancel(f"{self._name}.form")
        self._set_loading(False)

    def _context(self) -> SignInContext:
        if self.context is None:
            raise ReelError("Reel is still opening your library; try again in a moment.")
        return self.context

    def _done(self, sources: Sequence[SourceView], message: str) -> None:
        """Sources were stored: sync them first and tell the page."""
        if sources:
            self._context().request_sync([s.id for s in sources])
        self.finished.emit(message)

    @Slot()
    def dismissError(self) -> None:
        """Hide the error message."""
        self._set_error("")
