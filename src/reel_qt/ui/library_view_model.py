"""The Library page: one library's items with sort, filters, search and view mode.

Each library keeps its own state for the session, so coming back to a library shows it
as it was left. Every change re-runs the query as the task "library.query", which
cancels the previous one: typing in the search field never queues stale queries.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Property, QObject, Signal, Slot
from PySide6.QtQml import QmlElement, QmlUncreatable

from reel_qt.core.errors import NotFoundError
from reel_qt.core.tasks import TaskRegistry, describe_failure
from reel_qt.store.repositories.browse import SORTS, STATES, LibraryQuery
from reel_qt.store.views import PosterRow
from reel_qt.ui import QML_IMPORT_NAME as _IMPORT
from reel_qt.ui.library_items_model import LibraryItemsModel
from reel_qt.ui.load_state import LoadingViewModel

if TYPE_CHECKING:  # types only: the store loads after the window shows
    from reel_qt.store.service import DataService

QML_IMPORT_NAME = _IMPORT
QML_IMPORT_MAJOR_VERSION = 1

SORT_LABELS = {
    "title": "Title",
    "year": "Year",
    "added": "Date added",
    "rating": "Rating",
    "watched": "Last watched",
    "duration": "Duration",
}
STATE_LABELS = {
    "all": "All",
    "unwatched": "Unwatched",
    "in-progress": "In progress",
    "watched": "Watched",
}
#: Rows read before the grid first draws, so the first screen opens complete.
FIRST_SCREEN = 96
MISSING = (
    "This library is no longer in Reel: its source was removed, or the server dropped it. "
    "Choose another library on the left."
)


@dataclass(frozen=True, slots=True)
class LibraryState:
    """What the user chose for one library."""

    query: LibraryQuery
    view_mode: str = "grid"
    #: The first row in view when the user left; a new query starts at the top again.
    scroll_row: int = 0


@QmlElement
@QmlUncreatable("LibraryViewModel is provided by the browser.")
class LibraryViewModel(LoadingViewModel):  # type: ignore[operator]
    """One library at a time; sort, filters and search kept per library."""

    stateChanged = Signal()
    libraryChanged = Signal()
    genresChanged = Signal()
    #: The first screen of the current query is ready to draw (benches wait on it).
    loaded = Signal()

    def __init__(self, tasks: TaskRegistry, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._tasks = tasks
        self._service: DataService | None = None
        self._items = LibraryItemsModel(tasks, self._rows, self)
        self._states: dict[int, LibraryState] = {}
        self._state = LibraryState(LibraryQuery(library_id=0))
        self._name = ""
        self._genres: list[str] = []
        self._missing = 0  # the library shown that the store does not know (removed)

    def attach(self, service: DataService) -> None:
        """Read through service from now on."""
        self._service = service

    def detach(self) -> None:
        """Stop reading: the store is closing."""
        self._service = None

    async def _rows(self, ids: Sequence[int]) -> list[PosterRow]:
        if self._service is None:
            return []  # closing: the rows stay blank
        return await self._service.poster_rows(ids)

    # properties

    def _get_items(self) -> LibraryItemsModel:
        return self._items

    items = Property(QObject, _get_items, constant=True)

    def _get_library_id(self) -> int:
        return self._state.query.library_id

    libraryId = Property(int, _get_library_id, notify=libraryChanged)

    def _get_name(self) -> str:
        return self._name

    name = Property(str, _get_name, notify=libraryChanged)

    def _get_missing(self) -> bool:
        return bool(self._missing) and self._missing == self._state.query.library_id

    #: The library asked for is not in the store (a removed source, a stale last page).
    libraryMissing = Property(bool, _get_missing, notify=libraryChanged)

    def _get_genres(self) -> list[str]:
        return self._genres

    genres = Property(list, _get_genres, notify=genresChanged)

    def _get_sort_options(self) -> list[dict[str, str]]:
        return [{"key": k, "label": v} for k, v in SORT_LABELS.items()]

    sortOptions = Property(list, _get_sort_options, constant=True)

    def _get_state_options(self) -> list[dict[str, str]]:
        return [{"key": k, "label": v} for k, v in STATE_LABELS.items()]

    stateOptions = Property(list, _get_state_options, constant=True)

    def _get_sort(self) -> str:
        return self._state.query.sort

    sortKey = Property(str, _get_sort, notify=stateChanged)

    def _get_descending(self) -> bool:
        return self._state.query.descending

    descending = Property(bool, _get_descending, notify=stateChanged)

    def _get_genre(self) -> str:
        return self._state.query.genre

    genre = Property(str, _get_genre, notify=stateChanged)

    def _get_year_from(self) -> int:
        return self._state.query.year_from or 0

    yearFrom = Property(int, _get_year_from, notify=stateChanged)

    def _get_year_to(self) -> int:
        return self._state.query.year_to or 0

    yearTo = Property(int, _get_year_to, notify=stateChanged)

    def _get_watch_state(self) -> str:
        return self._state.query.state

    watchState = Property(str, _get_watch_state, notify=stateChanged)

    def _get_min_rating(self) -> float:
        return self._state.query.min_rating or 0.0

    minRating = Property(float, _get_min_rating, notify=stateChanged)

    def _get_search_text(self) -> str:
        return self._state.query.text

    searchText = Property(str, _get_search_text, notify=stateChanged)

    def _get_view_mode(self) -> str:
        return self._state.view_mode

    viewMode = Property(str, _get_view_mode, notify=stateChanged)

    def _get_has_filters(self) -> bool:
        q = self._state.query
        return bool(
            q.genre or q.year_from or q.year_to or q.min_rating or q.state != "all" or q.text
        )

    hasFilters = Property(bool, _get_has_filters, notify=stateChanged)

    def _get_scroll_row(self) -> int:
        return self._state.scroll_row

    # Read by the page when it (re)opens; not notified as the user scrolls, on purpose:
    # the view owns its position while it is shown.
    scrollRow = Property(int, _get_scroll_row, notify=libraryChanged)

    # state changes

    def _apply(self, state: LibraryState, *, requery: bool = True) -> None:
        if state == self._state:
            return
        self._state = state
        self._states[state.query.library_id] = state
        self.stateChanged.emit()
        if requery:
            self._requery()

    def _change(self, **changes: Any) -> None:
        query = replace(self._state.query, **changes)
        if query == self._state.query:
            return
        self._apply(replace(self._state, query=query, scroll_row=0))

    def _requery(self) -> None:
        if self._service is not None and self._state.query.library_id:
            self._tasks.start("library.query", self._run_query(self._service, self._state.query))

    async def _run_query(self, service: DataService, query: LibraryQuery) -> None:
        self._set_loading(True)
        try:
            # The first screen first (a sub-millisecond read), the whole order after it.
            head = await service.library_ids(query, limit=FIRST_SCREEN)
            total = await service.library_count(query) if len(head) == FIRST_SCREEN else None
            replaced = self._items.set_ids(head, total)
            await self._items.prefetch(FIRST_SCREEN)
            self._set_loading(False)
            if self._missing != query.library_id:
                self._set_error("")
            if replaced:  # the same list re-read (a sync elsewhere): the view keeps its place
                self.loaded.emit()
            if total is not None and total > len(head):
                self._items.complete(await service.library_ids(query))
        except Exception as error:
            self._set_error(describe_failure("reading the library", error))
            raise
        finally:
            self._set_loading(False)

    # slots

    @Slot(int)
    def open(self, library_id: int) -> None:
        """Show a library as the user left it (or sorted by title)."""
        same = library_id == self._state.query.library_id
        if same and self._service is not None and not self._error:
            return
        state = self._states.get(library_id) or LibraryState(LibraryQuery(library_id=library_id))
        self._state = state
        self._states[library_id] = state
        self._name = ""
        self._genres = []
        self._missing = 0
        self.libraryChanged.emit()
        self.stateChanged.emit()
        self.genresChanged.emit()
        if self._service is not None:
            self._tasks.start("library.describe", self._describe(self._service, library_id))
        self._requery()

    async def _describe(self, service: DataService, library_id: int) -> None:
        try:
            library = await service.get_library(library_id)
        except NotFoundError:
            # Expected after a source is removed: said on the page, nothing to report.
            self._missing = library_id
            self.libraryChanged.emit()
            self._set_error(MISSING)
            return
        self._name = library.name
        self.libraryChanged.emit()
        self._genres = await service.library_genres(library_id)
        self.genresChanged.emit()

    @Slot(str)
    def setSortKey(self, key: str) -> None:
        """Sort by key; titles A→Z, everything else biggest or newest first."""
        if key in SORTS and key != self._state.query.sort:
            self._change(sort=key, descending=key != "title")

    @Slot(bool)
    def setDescending(self, descending: bool) -> None:
        """Reverse the order."""
        self._change(descending=descending)

    @Slot(str)
    def setGenre(self, genre: str) -> None:
        """Show one genre ("" for all)."""
        self._change(genre=genre)

    @Slot(int, int)
    def setYearRange(self, year_from: int, year_to: int) -> None:
        """Show items from these years (0 leaves an end open)."""
        self._change(year_from=year_from or None, year_to=year_to or None)

    @Slot(str)
    def setWatchState(self, state: str) -> None:
        """Show all, watched, unwatched or in-progress items."""
        if state in STATES:
            self._change(state=state)

    @Slot(float)
    def setMinRating(self, rating: float) -> None:
        """Show items rated at least this (0 for all)."""
        self._change(min_rating=rating or None)

    @Slot(str)
    def setSearchText(self, text: str) -> None:
        """Search the library as the user types."""
        self._change(text=text)

    @Slot()
    def clearFilters(self) -> None:
        """Drop every filter and the search, keeping the sort."""
        self._change(genre="", year_from=None, year_to=None, state="all", min_rating=None, text="")

    @Slot(str)
    def setViewMode(self, mode: str) -> None:
        """Show posters ("grid") or rows ("list")."""
        if mode in ("grid", "list"):
            self._apply(replace(self._state, view_mode=mode), requery=False)

    @Slot(int)
    def rememberScroll(self, row: int) -> None:
        """Keep the first row in view, to show it again when the user comes back."""
        if row >= 0 and row != self._state.scroll_row and self._state.query.library_id:
            self._state = replace(self._state, scroll_row=row)
            self._states[self._state.query.library_id] = self._state

    @Slot()
    def reload(self) -> None:
        """Run the query again (after an error, or when the library changed)."""
        self._requery()

    def items_changed(self, item_ids: list[int]) -> None:
        """Items were updated: redraw those shown."""
        self._items.refresh_items(item_ids)
