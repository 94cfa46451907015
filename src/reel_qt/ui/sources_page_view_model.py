"""The Sources page: every source's state, and Sync now and Remove for each."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence

from PySide6.QtCore import Property, QObject, QTimer, Signal, Slot
from PySide6.QtQml import QmlElement, QmlUncreatable

from reel_qt.core.tasks import TaskRegistry, describe_failure
from reel_qt.store.views import SourceView
from reel_qt.ui import QML_IMPORT_NAME as _IMPORT
from reel_qt.ui.load_state import LoadingViewModel
from reel_qt.ui.sources_model import SourcesListModel

QML_IMPORT_NAME = _IMPORT
QML_IMPORT_MAJOR_VERSION = 1

SyncRequest = Callable[[Sequence[int]], None]
Remover = Callable[[int], Awaitable[SourceView]]

#: How often "2 minutes ago" is re-read.
CLOCK_INTERVAL_MS = 30_000


@QmlElement
@QmlUncreatable("SourcesPageViewModel is provided by the shell.")
class SourcesPageViewModel(LoadingViewModel):  # type: ignore[operator]
    """Actions on sources; their rows are the sidebar's model, so both always agree."""

    #: A source is gone (its name), for the page to say so.
    removed = Signal(str)
    removingChanged = Signal()

    def __init__(
        self, tasks: TaskRegistry, sources: SourcesListModel, parent: QObject | None = None
    ) -> None:
        super().__init__(parent)
        self._tasks = tasks
        self._sources = sources
        self._request: SyncRequest | None = None
        self._remover: Remover | None = None
        self._removing = 0
        self._clock = QTimer(self)
        self._clock.setInterval(CLOCK_INTERVAL_MS)
        self._clock.timeout.connect(sources.times_passed)

    def attach(self, request: SyncRequest, remover: Remover) -> None:
        """Ask for syncs through request and remove through remover (once the store is open)."""
        self._request = request
        self._remover = remover
        self._clock.start()

    def detach(self) -> None:
        """Stop acting: the store is closing."""
        self._request = None
        self._remover = None
        self._clock.stop()

    def _get_sources(self) -> SourcesListModel:
        return self._sources

    sources = Property(QObject, _get_sources, constant=True)

    def _get_removing(self) -> int:
        return self._removing

    #: The id of the source being removed (0: none).
    removingId = Property(int, _get_removing, notify=removingChanged)

    def _set_removing(self, source_id: int) -> None:
        if source_id != self._removing:
            self._removing = source_id
            self.removingChanged.emit()

    @Slot(int)
    def syncNow(self, source_id: int) -> None:
        """Ask the scheduler to sync one source as soon as the running sync ends."""
        if self._request is None:
            return
        self._set_error("")
        self._request([source_id])
        # Shown as waiting until the scheduler starts it (the bus then takes over).
        self._sources.sync_queued(source_id)

    @Slot(int)
    def remove(self, source_id: int) -> None:
        """Remove a source with its libraries, items and keyring secrets (already confirmed)."""
        if self._remover is not None and not self._removing:
            self._tasks.start("sources.remove", self._remove(self._remover, source_id))

    async def _remove(self, remover: Remover, source_id: int) -> None:
        self._set_removing(source_id)
        self._set_error("")
        try:
            source = await remover(source_id)
        except Exception as error:
            self._set_error(describe_failure("removing the source", error))
            raise
        finally:
            self._set_removing(0)
        self.removed.emit(source.name)
