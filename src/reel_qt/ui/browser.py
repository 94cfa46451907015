"""Browsing as one object for QML: the page stack and the view-model of every page.

The browser opens the page's view-model on each route change, so QML only pushes and
pops; it relays the store's events to the pages that show what changed, and gathers
every page's play requests into one signal for the player.
"""

from __future__ import annotations

from PySide6.QtCore import Property, QObject, Signal
from PySide6.QtQml import QmlElement, QmlUncreatable

from reel_qt.core.tasks import TaskRegistry
from reel_qt.store.service import DataService
from reel_qt.ui import QML_IMPORT_NAME as _IMPORT
from reel_qt.ui.home_view_model import HomeViewModel
from reel_qt.ui.library_view_model import LibraryViewModel
from reel_qt.ui.movie_view_model import MovieViewModel
from reel_qt.ui.navigator import Navigator
from reel_qt.ui.search_view_model import SearchViewModel
from reel_qt.ui.show_view_model import ShowViewModel

QML_IMPORT_NAME = _IMPORT
QML_IMPORT_MAJOR_VERSION = 1


@QmlElement
@QmlUncreatable("BrowserViewModel is created by the application.")
class BrowserViewModel(QObject):  # type: ignore[operator]
    """The navigator and the Home, Library, Movie, Show and Search view-models."""

    #: Play an item from a position in ms (0 = start); the player connects to it.
    playRequested = Signal(int, int)

    def __init__(self, tasks: TaskRegistry, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.navigator = Navigator(self)
        self.home = HomeViewModel(tasks, self)
        self.library = LibraryViewModel(tasks, self)
        self.movie = MovieViewModel(tasks, self)
        self.show = ShowViewModel(tasks, self)
        self.search = SearchViewModel(tasks, self)
        self._attached = False
        self.movie.playRequested.connect(self.playRequested)
        self.show.playRequested.connect(self.playRequested)
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

    def _get_search(self) -> SearchViewModel:
        return self.search

    searchPage = Property(QObject, _get_search, constant=True)

    def attach(self, service: DataService) -> None:
        """Read through service and follow its events (once the store is open)."""
        for page in (self.library, self.movie, self.show, self.search):
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
        self.home.detach()
        for page in (self.library, self.movie, self.show, self.search):
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

    def _items_changed(self, item_ids: list[int]) -> None:
        self.library.items_changed(item_ids)
        self.movie.items_changed(item_ids)
        self.show.items_changed(item_ids)
        self.home.changed()

    def _library_changed(self, *_args: object) -> None:
        # Items came or went: the lists that hold them re-read (the details pages hold one).
        self.home.changed()
        self.search.refresh()
        if self.navigator.route.page == "library":
            self.library.reload()
