"""The main window's view-model: sources for the sidebar, the current page, load state."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from PySide6.QtCore import Property, QObject, Signal, Slot
from PySide6.QtQml import QmlElement, QmlUncreatable

from reel_qt.core.events import EventBus
from reel_qt.core.tasks import TaskRegistry
from reel_qt.ui import QML_IMPORT_NAME as _IMPORT
from reel_qt.ui.load_state import LoadingViewModel
from reel_qt.ui.sources_model import SourceRow, SourcesListModel
from reel_qt.ui.sources_page_view_model import SourcesPageViewModel
from reel_qt.ui.sync_activity import SyncActivity

QML_IMPORT_NAME = _IMPORT
QML_IMPORT_MAJOR_VERSION = 1

SourceLoader = Callable[[], Awaitable[list[SourceRow]]]


@QmlElement
@QmlUncreatable("ShellViewModel is created by the application.")
class ShellViewModel(LoadingViewModel):  # type: ignore[operator]
    """What the window frame shows: sidebar sources, page, loading and error state."""

    summaryChanged = Signal()
    noticeChanged = Signal()

    def __init__(self, tasks: TaskRegistry, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._tasks = tasks
        self._sources = SourcesListModel(self)
        self._loader: SourceLoader | None = None
        self._retry: Callable[[], None] | None = None
        self._is_loading = True  # until the store has been read once
        self._notice = ""
        self._sources.countChanged.connect(self.summaryChanged)
        self.sources_page = SourcesPageViewModel(tasks, self._sources, self)
        self._activity = SyncActivity(self._sources, self.refresh, self)

    # properties

    def _get_sources(self) -> SourcesListModel:
        return self._sources

    sources = Property(QObject, _get_sources, constant=True)

    def _get_sources_page(self) -> SourcesPageViewModel:
        return self.sources_page

    sourcesPage = Property(QObject, _get_sources_page, constant=True)

    def _get_notice(self) -> str:
        return self._notice

    notice = Property(str, _get_notice, notify=noticeChanged)

    def _get_has_sources(self) -> bool:
        return self._sources.rowCount() > 0

    hasSources = Property(bool, _get_has_sources, notify=summaryChanged)

    def _get_total_items(self) -> int:
        return sum(row.item_count for row in self._sources.rows())

    totalItems = Property(int, _get_total_items, notify=summaryChanged)

    # state changes

    def set_error(self, message: str, retry: Callable[[], None] | None = None) -> None:
        """Show message (empty to clear); Retry in the page calls retry."""
        self._retry = retry
        if message:
            self._set_loading(False)
        self._set_error(message)

    def set_notice(self, message: str) -> None:
        """Show a lasting, non-blocking notice above every page (empty to hide it)."""
        if message != self._notice:
            self._notice = message
            self.noticeChanged.emit()

    @Slot()
    def dismissNotice(self) -> None:
        """Hide the notice once the user has read it."""
        self.set_notice("")

    def attach(self, loader: SourceLoader) -> None:
        """Start reading sources through loader (once the store is open)."""
        self._loader = loader
        self.refresh()

    def follow_sync(self, bus: EventBus) -> None:
        """Show syncs live in the sources (progress without re-reading the store)."""
        self._activity.follow(bus)

    # slots

    @Slot()
    def refresh(self) -> None:
        """Reload the sources in the background."""
        if self._loader is not None:
            self._tasks.start("shell.refresh", self._refresh(self._loader))

    async def _refresh(self, loader: SourceLoader) -> None:
        self._set_loading(True)
        try:
            rows = await loader()
        except Exception as error:
            self.set_error(f"Could not read your library: {error}", self.refresh)
            raise
        finally:
            self._set_loading(False)
        self.set_error("")
        self._sources.set_rows(rows)
        self.summaryChanged.emit()

    @Slot()
    def retry(self) -> None:
        """Run again whatever failed."""
        if self._retry is not None:
            self._retry()
