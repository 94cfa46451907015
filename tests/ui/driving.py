"""Helpers to drive the real window in UI tests: wait, find items, type, click."""

from __future__ import annotations

import asyncio
from collections.abc import Callable

from PySide6.QtCore import QPoint, QPointF, Qt, QTimer
from PySide6.QtGui import QWindow
from PySide6.QtQuick import QQuickItem
from PySide6.QtTest import QTest

from reel_qt.app import AppShell


async def until(condition: Callable[[], bool], seconds: float = 20.0, what: str = "") -> None:
    """Run the loop until condition() holds; fail after seconds (generous: CI is loaded)."""
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


async def next_frame(shell: AppShell, seconds: float = 1.0) -> None:
    """Wait until the window has drawn another frame (so pending layout has run)."""
    loop = asyncio.get_running_loop()
    drawn: asyncio.Future[None] = loop.create_future()

    def swapped() -> None:  # on the render thread when the render loop is threaded
        loop.call_soon_threadsafe(lambda: drawn.done() or drawn.set_result(None))

    window = shell.window
    window.frameSwapped.connect(swapped)
    try:
        window.update()
        # No frame (nothing to draw, the window hidden) is not an error: layout has run.
        await asyncio.wait([drawn], timeout=seconds)
    finally:
        window.frameSwapped.disconnect(swapped)


def _centre(target: QQuickItem) -> QPoint:
    return target.mapToScene(QPointF(target.width() / 2, target.height() / 2)).toPoint()


async def click(
    shell: AppShell, target: QQuickItem, button: Qt.MouseButton = Qt.MouseButton.LeftButton
) -> None:
    """Click the middle of target, once it stands still.

    An item that has just become visible is placed by its positioner on the next
    polish, and one in a moving view moves: under load a click aimed at once misses.
    """
    centre = _centre(target)
    for _ in range(5):
        await next_frame(shell)
        moved, centre = centre, _centre(target)
        if moved == centre:
            break
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


def idle(shell: AppShell, *names: str) -> bool:
    """Whether none of the named tasks runs: a read once started has been shown.

    A view-model starts its read at once but sets `isLoading` only when the task first
    runs, so "not loading" alone can still be the state before the change.
    """
    return not any(shell.tasks.is_running(name) for name in names)


#: Tasks that run as long as the app (or until cancelled): not work that ends by itself.
_LASTING = ("sync.scheduler", "local.watch", "local.frames")


def quiet(shell: AppShell) -> bool:
    """Whether no task but the lasting ones runs and no read is due (their timers idle)."""
    working = [name for name in shell.tasks.running() if name not in _LASTING]
    # The pages' refresh and load timers, and the artwork's (all single-shot).
    timers = [*shell.browser.findChildren(QTimer), *shell.artwork.findChildren(QTimer)]
    return not working and not any(timer.isActive() for timer in timers)


async def wind_down(shell: AppShell) -> None:
    """Let the work under way end, before the loop stops with the shell still open.

    qasync's `run_until_complete` processes Qt events once more after the loop stopped
    (and so does pytest-qt between tests): a read due then would start or step a task
    with no running loop, which fails and is logged.
    """
    await until(lambda: quiet(shell), what=f"work left: {shell.tasks.running()}")


def focused(shell: AppShell) -> str:
    """The object name of the item with the keyboard focus ("" when none or unnamed)."""
    found = shell.window.activeFocusItem()
    return "" if found is None else found.objectName()


def focus_in(shell: AppShell, name: str) -> bool:
    """Whether the keyboard focus is on the item called name or inside it."""
    found = shell.window.activeFocusItem()
    while found is not None:
        if found.objectName() == name:
            return True
        found = found.parentItem()
    return False


async def open_popup(shell: AppShell, box: QQuickItem) -> None:
    """Click a drop-down and wait for its list to be shown (keys reach the list only then).

    A ComboBox is `down` while its pop-up is visible (PySide cannot read `popup` itself).
    """
    await click(shell, box)
    await until(lambda: bool(box.property("down")), what=f"{box.objectName()} opened")


async def settle(shell: AppShell) -> None:
    """Wait for the page stack's transition to end (it takes no input meanwhile).

    A page takes the focus with `Qt.callLater` once activated: a frame later, that ran.
    """
    await until(lambda: not item(shell, "pageStack").property("busy"), what="page transition")
    await next_frame(shell)
