"""Helpers shared by the page and flow tests: read list models, find cards, open pages."""

from __future__ import annotations

from typing import Any

from PySide6.QtQuick import QQuickItem

from reel_qt.app import AppShell
from tests.ui.driving import activate, click, has, idle, item, settle, until


def role_values(model: Any, name: str) -> list[Any]:
    """One role of every row of a list model."""
    role = next(r for r, n in model.roleNames().items() if bytes(n.data()) == name.encode())
    return [model.data(model.index(row, 0), role) for row in range(model.rowCount())]


def items_named(root: QQuickItem, name: str) -> list[QQuickItem]:
    """Every item called name under root."""
    found = [root] if root.objectName() == name else []
    for child in root.childItems():
        found += items_named(child, name)
    return found


def images_ready(root: QQuickItem) -> int:
    """How many poster images under root have loaded."""
    return sum(1 for image in items_named(root, "posterImage") if image.property("ready"))


def card(root: QQuickItem, title: str) -> QQuickItem:
    """The delegate (poster card or row) under root showing title."""
    stack = [root]
    while stack:
        current = stack.pop()
        if current.property("title") == title and current.property("itemId"):
            return current
        stack.extend(current.childItems())
    raise AssertionError(f"no card for {title}")


def text_shown(root: QQuickItem, text: str) -> bool:
    """Whether a visible item under root shows exactly text."""
    if root.isVisible() and root.property("text") == text:
        return True
    return any(text_shown(child, text) for child in root.childItems())


async def library_id(shell: AppShell, name: str) -> int:
    """The id of the library called name."""
    assert shell.runtime is not None
    libraries = await shell.runtime.service.list_libraries()
    return next(lib.id for lib in libraries if lib.name == name)


async def open_window(shell: AppShell) -> None:
    """Start the shell and wait for Home with the sources listed."""
    shell.start()
    await until(lambda: shell.runtime is not None and has(shell, "homePage"), what="home")
    await activate(shell)
    await until(lambda: shell.shell.sources.count > 0, what="sources listed")


async def open_library(shell: AppShell, name: str) -> int:
    """Open the library called name from the sidebar, and wait for its first rows."""
    found = await library_id(shell, name)
    await click(shell, item(shell, f"library{found}"))
    library = shell.browser.library
    await until(
        lambda: (
            has(shell, "libraryPage")
            and library.libraryId == found
            # The read opening it runs after the click: until then the rows are the last.
            and idle(shell, "library.query")
            and not library.isLoading
            and library.items.loaded_pages() > 0
        ),
        what=f"library {name}",
    )
    await settle(shell)
    return found
