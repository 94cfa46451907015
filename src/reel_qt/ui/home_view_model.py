"""The Home page's rows: continue watching, next up, recently added, across sources or per one."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Property, QObject, QTimer, Signal, Slot
from PySide6.QtQml import QmlElement, QmlUncreatable

from reel_qt.core.tasks import TaskRegistry, describe_failure
from reel_qt.ui import QML_IMPORT_NAME as _IMPORT
from reel_qt.ui.load_state import LoadingViewModel
from reel_qt.ui.poster_list_model import PosterListModel

if TYPE_CHECKING:  # types only: the store loads after the window shows
    from reel_qt.store.service import DataService
    from reel_qt.store.startup_reads import StartupReader
    from reel_qt.ui.sources_model import SourcesListModel

QML_IMPORT_NAME = _IMPORT
QML_IMPORT_MAJOR_VERSION = 1

#: Changes come in bursts (a sync writes batch after batch): read once they settle.
REFRESH_DELAY_MS = 250
#: `sourceId` when Home shows every source (source ids start at 1).
ALL_SOURCES = 0


@QmlElement
@QmlUncreatable("HomeViewModel is provided by the browser.")
class HomeViewModel(LoadingViewModel):  # type: ignore[operator]
    """Three rows read from the database, re-read shortly after anything changes."""

    refreshed = Signal()
    sourceIdChanged = Signal()

    def __init__(self, tasks: TaskRegistry, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._tasks = tasks
        self._service: DataService | StartupReader | None = None
        self._continue = PosterListModel(self)
        self._next = PosterListModel(self)
        self._recent = PosterListModel(self)
        self._has_loaded = False
        self._source_id = ALL_SOURCES
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(REFRESH_DELAY_MS)
        self._timer.timeout.connect(self.refresh)

    def attach(self, service: DataService | StartupReader) -> None:
        """Read through service (a StartupReader until the store opens), now and on changes."""
        self._service = service
        self.refresh()

    def detach(self) -> None:
        """Stop reading: the store is closing."""
        self._timer.stop()
        self._tasks.cancel("home.refresh")  # a read started just before must not outlive it
        self._service = None

    def follow_sources(self, sources: SourcesListModel) -> None:
        """Fall back to every source when the chosen one is no longer in sources."""
        sources.countChanged.connect(lambda: self._keep_known({row.id for row in sources.rows()}))

    def _keep_known(self, known: set[int]) -> None:
        if self._source_id != ALL_SOURCES and self._source_id not in known:
            self.chooseSource(ALL_SOURCES)

    def _get_source_id(self) -> int:
        return self._source_id

    #: The source whose items the rows show, or ALL_SOURCES (0) for every source's.
    sourceId = Property(int, _get_source_id, notify=sourceIdChanged)

    @Slot(int)
    def chooseSource(self, source_id: int) -> None:
        """Show one source's items (by id), or every source's with 0; reads the rows now."""
        if source_id == self._source_id:
            return
        self._source_id = source_id
        self.sourceIdChanged.emit()
        self._timer.stop()
        self.refresh()

    def _get_continue(self) -> PosterListModel:
        return self._continue

    continueWatching = Property(QObject, _get_continue, constant=True)

    def _get_next(self) -> PosterListModel:
        return self._next

    nextUp = Property(QObject, _get_next, constant=True)

    def _get_recent(self) -> PosterListModel:
        return self._recent

    recentlyAdded = Property(QObject, _get_recent, constant=True)

    def _get_has_loaded(self) -> bool:
        return self._has_loaded

    #: The rows were read once: empty rows now mean empty, not "not read yet".
    hasLoaded = Property(bool, _get_has_loaded, notify=refreshed)

    def changed(self) -> None:
        """Something the rows may show changed: refresh once changes settle."""
        self._timer.start()

    @Slot()
    def refresh(self) -> None:
        """Read the rows again now."""
        if self._service is not None:
            source = None if self._source_id == ALL_SOURCES else self._source_id
            # The same key: a read for the previous choice is cancelled, never shown.
            self._tasks.start("home.refresh", self._refresh(self._service, source))

    async def _refresh(self, service: DataService | StartupReader, source_id: int | None) -> None:
        self._set_loading(not self._has_loaded)  # later refreshes keep the rows shown
        try:
            rows = await service.home_rows(source_id=source_id)
        except Exception as error:
            self._set_error(describe_failure("reading the Home rows", error))
            raise
        finally:
            self._set_loading(False)
        self._set_error("")
        self._has_loaded = True
        self._continue.set_rows(rows["continue"])
        self._next.set_rows(rows["next"])
        self._recent.set_rows(rows["recent"])
        self.refreshed.emit()
