"""The main window's page stack: where the user is, where Back leads, and the last page."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import Property, QObject, Signal, Slot
from PySide6.QtQml import QmlElement, QmlUncreatable

from reel_qt.ui import QML_IMPORT_NAME as _IMPORT

QML_IMPORT_NAME = _IMPORT
QML_IMPORT_MAJOR_VERSION = 1

#: Pages the stack can show; others register theirs with `Navigator.add_page`.
#: ("sign-in" and "add-source" are opened from the Sources page.)
DEFAULT_PAGES = (
    "home",
    "library",
    "movie",
    "show",
    "episode",
    "search",
    "sources",
    "settings",
    "sign-in",
    "add-source",
)
#: Pages worth reopening at the next start (details pages need their list around them).
RESTORABLE = ("home", "library", "search")


@dataclass(frozen=True, slots=True)
class Route:
    """A page and the id it shows (0 for pages about nothing in particular)."""

    page: str
    item_id: int = 0

    def encode(self) -> str:
        """The route as settings store it: `page` or `page:id`."""
        return f"{self.page}:{self.item_id}" if self.item_id else self.page

    @classmethod
    def decode(cls, text: str) -> Route | None:
        """A route from `encode`'s text, or None when it is not one."""
        page, _, number = text.partition(":")
        if not page or (number and not number.isdigit()):
            return None
        return cls(page, int(number or 0))


@QmlElement
@QmlUncreatable("Navigator is provided by the browser.")
class Navigator(QObject):  # type: ignore[operator]
    """A history of routes; the last one is the page shown."""

    routeChanged = Signal()
    #: How the stack changed: "push", "pop" or "reset" (a sidebar jump), for transitions.
    navigated = Signal(str)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._pages = set(DEFAULT_PAGES)
        self._history = [Route("home")]

    def add_page(self, page: str) -> None:
        """Let the stack show another page (the player adds its own)."""
        self._pages.add(page)

    @property
    def route(self) -> Route:
        """The route shown now."""
        return self._history[-1]

    def history(self) -> list[Route]:
        """Every route, oldest first (a copy)."""
        return list(self._history)

    def _get_page(self) -> str:
        return self._history[-1].page

    page = Property(str, _get_page, notify=routeChanged)

    def _get_item_id(self) -> int:
        return self._history[-1].item_id

    itemId = Property(int, _get_item_id, notify=routeChanged)

    def _get_depth(self) -> int:
        return len(self._history)

    depth = Property(int, _get_depth, notify=routeChanged)

    def _get_can_go_back(self) -> bool:
        return len(self._history) > 1

    canGoBack = Property(bool, _get_can_go_back, notify=routeChanged)

    @Slot(str, int)
    def push(self, page: str, item_id: int = 0) -> None:
        """Open a page on top of the current one (Back returns here)."""
        route = Route(page, item_id)
        if page in self._pages and route != self._history[-1]:
            self._history.append(route)
            self.routeChanged.emit()
            self.navigated.emit("push")

    @Slot(str, int)
    def replace(self, page: str, item_id: int = 0) -> None:
        """Show a page in place of the current one (the next episode): Back skips it."""
        route = Route(page, item_id)
        if page in self._pages and route != self._history[-1]:
            self._history[-1] = route
            self.routeChanged.emit()
            self.navigated.emit("replace")

    @Slot(str, int)
    def jump(self, page: str, item_id: int = 0) -> None:
        """Open a page from the sidebar: Home, then it (Back goes Home)."""
        route = Route(page, item_id)
        if page not in self._pages or route == self._history[-1]:
            return
        self._history = [Route("home")] if page == "home" else [Route("home"), route]
        self.routeChanged.emit()
        self.navigated.emit("reset")

    @Slot()
    def back(self) -> None:
        """Return to the previous page."""
        if len(self._history) > 1:
            self._history.pop()
            self.routeChanged.emit()
            self.navigated.emit("pop")

    def restore(self, text: str) -> None:
        """Reopen the page the last run ended on, when it can stand on its own."""
        route = Route.decode(text)
        if route is not None and route.page in RESTORABLE:
            self.jump(route.page, route.item_id)

    def last_page(self) -> str:
        """What settings should remember: the current page or the nearest restorable one."""
        for route in reversed(self._history):
            if route.page in RESTORABLE:
                return route.encode()
        return "home"
