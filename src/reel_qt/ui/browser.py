"""Browsing as one object for QML: the page stack and the view-model of every page.

The browser opens the page's view-model on each route change, so QML only pushes and
pops; it relays the store's events to the pages that show what changed, and gathers
every page's play requests into one signal for the player.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Property, QObject, QTimer, Signal
from PySide6.QtQml import QmlElement, QmlUncreatable

from reel_qt.core.tasks import TaskRegistry
from reel_qt.ui import QML_IMPORT_NAME as _IMPORT
from reel_qt.ui.add_source_view_model import AddSourceViewModel
from reel_qt.ui.episode_view_model import EpisodeViewModel
from reel_qt.ui.home_view_model import HomeViewModel
from reel_qt.ui.library_view_model import LibraryViewModel
from reel_qt.ui.movie_view_model import MovieViewModel
from reel_qt.ui.navigator import Navigator
from reel_qt.ui.search_view_model import SearchViewModel
from reel_qt.ui.show_view_model import ShowViewModel

if TYPE_CHECKING:  # types only: the store loads after the window shows
    from reel_qt.store.service import DataService

QML_IMPORT_NAME = _IMPORT
QML_IMPORT_MAJOR_VERSION = 1

#: A sync announces a batch every few hundred ms: the lists re-read at most this often.
LISTS_REFRESH_MS = 1500


@QmlElement
@QmlUncreatable("BrowserViewModel is created by the application.")
class BrowserViewModel(QObject):  # type: ignore[operator]
    """The navigator and the Home, Library, Movie, Show, Episode and Search view-models."""

    #: Play an item from a position in ms (0 = start); the player connects to it.
    playRequested = Signal(int, int)
    #: The same for one of an item's versions (its id as the source names it).
    playVersionRequested = Signal(int, int, str)

    def __init__(self, tasks: TaskRegistry, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.navigator = Navigator(self)
        self.home = HomeViewModel(tasks, self)
        self.library = LibraryViewModel(tasks, self)
        self.movie = MovieViewModel(tasks, self)
        self.show = ShowViewModel(tasks, self)
        self.episode = EpisodeViewModel(tasks, self)
        self.search = SearchViewModel(tasks, self)
        self.add_source = AddSourceViewModel(tasks, self)
        self._attached = False
        # Items came or went: the lists re-read at once, then at most once an interval
        # while changes keep coming (a sync's batches), so a long sync still shows its
        # items as it goes without a re-read per batch.
        self._lists_pending = False
        self._lists_timer = QTimer(self)
        self._lists_timer.setSingleShot(True)
        self._lists_timer.setInterval(LISTS_REFRESH_MS)
        self._lists_timer.timeout.connect(self._lists_cooled)
        self.movie.playRequested.connect(self.playRequested)
        self.show.playRequested.connect(self.playRequested)
        self.episode.playRequested.connect(self.playRequested)
        for details in (self.movie, self.show, self.episode):
            details.playVersionRequested.connect(self.playVersionRequested)
        self.navigator.routeChanged.connect(self._open_route)

    def _get_navigator(self) -> Navigator:
        return self.navigator

    nav = Property(QObject, _get_navigator, constant=True)

    def _get_home(self) -> HomeViewModel:
        return self.home

    homePage = Property(QObject, _get_home, constant=True)

    def _get_library(self) -> LibraryViewModel:
        return self.library

    libraryPage = Property(QObject, _get_library, constant=True)

    def _get_movie(self) -> MovieViewModel:
        return self.movie

    moviePage = Property(QObject, _get_movie, constant=True)

    def _get_show(self) -> ShowViewModel:
        return self.show

    showPage = Property(QObject, _get_show, constant=True)

    def _get_episode(self) -> EpisodeViewModel:
        return self.episode

    episodePage = Property(QObject, _get_episode, constant=True)

    def _get_search(self) -> SearchViewModel:
        return self.search

    searchPage = Property(QObject, _get_search, constant=True)

    def _get_add_source(self) -> AddSourceViewModel:
        return self.add_source

    addSourcePage = Property(QObject, _get_add_source, constant=True)

    def attach(self, service: DataService) -> None:
        """Read through service and follow its events (once the store is open)."""
        for page in (self.library, self.movie, self.show, self.episode, self.search):
            page.attach(service)
        self._attached = True
        bus = service.bus
        bus.mediaUpdated.connect(lambda item_id: self._items_changed([item_id]))
        bus.mediaBatchUpdated.connect(self._items_changed)
        for signal in (bus.mediaBatchCreated, bus.mediaBatchDeleted, bus.libraryItemCountChanged):
            signal.connect(self._library_changed)
        bus.mediaDeleted.connect(self._library_changed)
        for signal in (bus.playbackStopped, bus.playbackCompleted):
            signal.connect(self.home.changed)
        self.home.attach(service)
        self._open_route()

    def detach(self) -> None:
        """Stop reading (the store is closing): pending refreshes are dropped."""
        self._attached = False
        self._lists_timer.stop()
        self.home.detach()
        self.add_source.detach()
        for page in (self.library, self.movie, self.show, self.episode, self.search):
            page.detach()

    def _open_route(self) -> None:
        if not self._attached:
            return
        route = self.navigator.route
        if route.page == "library":
            self.library.open(route.item_id)
        elif route.page == "movie":
            self.movie.open(route.item_id)
        elif route.page == "show":
            self.show.open(route.item_id)
        elif route.page == "episode":
            self.episode.open(route.item_id)
        elif route.page == "add-source":
            self.add_source.open_add()
        elif route.page == "sign-in":
            self.add_source.open_sign_in(route.item_id)

    def _items_changed(self, item_ids: list[int]) -> None:
        self.library.items_changed(item_ids)
        self.movie.items_changed(item_ids)
        self.show.items_changed(item_ids)
        self.episode.items_changed(item_ids)
        self.home.changed()

    def _library_changed(self, *_args: object) -> None:
        if self._lists_timer.isActive():
            self._lists_pending = True
        else:
            self._refresh_lists()

    def _lists_cooled(self) -> None:
        if self._lists_pending:
            self._refresh_lists()

    def _refresh_lists(self) -> None:
        # The lists that hold items re-read (the details pages hold one).
        self._lists_pending = False
        if not self._attached:
            return
        self._lists_timer.start()
        self.home.changed()
        self.search.refresh()
        if self.navigator.route.page == "library":
            self.library.reload()
