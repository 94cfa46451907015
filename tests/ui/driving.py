"""Helpers to drive the real window in UI tests: wait, find items, type, click."""

from __future__ import annotations

import asyncio
from collections.abc import Callable

from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QWindow
from PySide6.QtQuick import QQuickItem
from PySide6.QtTest import QTest

from reel_qt.app import AppShell


async def until(condition: Callable[[], bool], seconds: float = 10.0, what: str = "") -> None:
    """Run the loop until condition() holds; fail after seconds."""
    deadline = asyncio.get_running_loop().time() + seconds
    while not condition():
        if asyncio.get_running_loop().time() > deadline:
            raise AssertionError(f"condition not met in time: {what}")
        await asyncio.sleep(0.02)


def find(root: QQuickItem, name: str) -> QQuickItem | None:
    """The visible-tree item called name under root (delegates included)."""
    if root.objectName() == name:
        return root
    for child in root.childItems():
        found = find(child, name)
        if found is not None:
            return found
    return None


def has(shell: AppShell, name: str) -> bool:
    """Whether an item called name exists and is visible."""
    found = find(shell.window.contentItem(), name)
    return found is not None and found.isVisible()


def item(shell: AppShell, name: str) -> QQuickItem:
    """The item called name; fails when missing."""
    found = find(shell.window.contentItem(), name)
    assert found is not None, f"no item named {name}"
    return found


async def _outside_task(action: Callable[[], None]) -> None:
    """Run action from a plain loop callback, not inside the test's task.

    QTest delivers input by processing events, which runs the loop's ready callbacks;
    run inside a task, the tasks a click starts would be entered from within it.
    """
    loop = asyncio.get_running_loop()
    done: asyncio.Future[None] = loop.create_future()

    def run() -> None:
        try:
            action()
        except BaseException as error:
            done.set_exception(error)
        else:
            done.set_result(None)

    loop.call_soon(run)
    await done
    await asyncio.sleep(0.02)


async def click(
    shell: AppShell, target: QQuickItem, button: Qt.MouseButton = Qt.MouseButton.LeftButton
) -> None:
    """Click the middle of target."""
    centre = target.mapToScene(QPointF(target.width() / 2, target.height() / 2)).toPoint()
    window: QWindow = shell.window
    await _outside_task(
        lambda: QTest.mouseClick(window, button, Qt.KeyboardModifier.NoModifier, QPoint(centre))
    )


async def key(
    shell: AppShell,
    code: Qt.Key,
    modifiers: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier,
) -> None:
    """Press and release a key in the window."""
    await _outside_task(lambda: QTest.keyClick(shell.window, code, modifiers))


async def type_text(shell: AppShell, text: str) -> None:
    """Type text into whatever has focus."""

    def typing() -> None:
        for char in text:  # keyClicks takes widgets only; a letter key types its lowercase
            QTest.keyClick(shell.window, Qt.Key(ord(char.upper())))

    await _outside_task(typing)


async def activate(shell: AppShell) -> None:
    """Give the window focus (without a window manager the first key is lost otherwise).

    Also stops the sync schedule: these tests browse a store filled beforehand, and a
    sync of its (unreachable) source would only log its failure.
    """
    shell.tasks.cancel("sync.scheduler")
    shell.window.requestActivate()
    await until(lambda: shell.window.activeFocusItem() is not None, what="window focus")


async def settle(shell: AppShell) -> None:
    """Wait for the page stack's transition to end (it takes no input meanwhile)."""
    await until(lambda: not item(shell, "pageStack").property("busy"), what="page transition")
