"""Player fixtures: the real window with real libmpv under Xvfb, and helpers to drive it."""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Callable, Coroutine, Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QObject
from PySide6.QtGui import QColor, QImage
from PySide6.QtQuick import QQuickItem

from reel_qt.app import AppShell
from reel_qt.core.paths import DataPaths
from reel_qt.core.settings import Settings
from reel_qt.sync.credentials import CredentialStore
from tests.ui.conftest import close_shells, event_loop_runner, qt_configured, qt_messages

__all__ = ["event_loop_runner", "qt_configured", "qt_messages"]

#: libmpv options for tests: no sound card here, software decoding.
TEST_MPV = {"ao": "null", "hwdec": "no", "gpu-hwdec-interop": "no"}


@pytest.fixture
def make_player_shell(
    tmp_path: Path,
    qt_messages: list[str],
    qapp: Any,
    event_loop_runner: Callable[[Coroutine[Any, Any, Any]], Any],
) -> Iterator[Callable[..., AppShell]]:
    """Build the real app shell (Main.qml, the player) with test mpv options."""
    shells: list[AppShell] = []

    def build(
        settings: Settings | None = None,
        credentials: CredentialStore | None = None,
        mpv: dict[str, str] | None = None,
    ) -> AppShell:
        paths = DataPaths(tmp_path / "data").ensure()
        overrides = TEST_MPV if mpv is None else mpv
        shell = AppShell(paths, credentials=credentials, settings=settings, mpv_overrides=overrides)
        shell.window.resize(960, 540)
        shells.append(shell)
        return shell

    yield build
    close_shells(shells, event_loop_runner)


class ServerThread:
    """Runs a fake server's asyncio loop on a thread of its own.

    Serving from the test's qasync loop ties the server's sockets to Qt socket notifiers,
    and tearing those down while mpv still holds connections crashes qasync; on its own
    loop the server is just another process-like peer.
    """

    def __init__(self, server: Any) -> None:
        self.server = server
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self._loop.run_forever, daemon=True)

    def __enter__(self) -> Any:
        self._thread.start()
        asyncio.run_coroutine_threadsafe(self.server.start(), self._loop).result(30)
        return self.server

    def __exit__(self, *_exc: object) -> None:
        asyncio.run_coroutine_threadsafe(self.server.stop(), self._loop).result(30)
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(10)
        self._loop.close()


async def until(condition: Callable[[], bool], seconds: float = 20.0, what: str = "") -> None:
    """Wait (running the loop) until condition() holds (generous: CI is loaded)."""
    deadline = asyncio.get_running_loop().time() + seconds
    while not condition():
        if asyncio.get_running_loop().time() > deadline:
            raise AssertionError(f"condition not met in time: {what}")
        await asyncio.sleep(0.02)


def find(root: QQuickItem, name: str) -> QQuickItem | None:
    """The item called name in root's visual tree."""
    if root.objectName() == name:
        return root
    for child in root.childItems():
        found = find(child, name)
        if found is not None:
            return found
    return None


def item(shell: AppShell, name: str) -> QQuickItem:
    """The item called name in the window (popups included); fails when missing."""
    found = find(shell.window.contentItem(), name)
    if found is None:
        overlay = shell.window.contentItem().parentItem()
        found = find(overlay, name) if overlay is not None else None
    assert found is not None, f"no item named {name}"
    return found


def focus_in(shell: AppShell, name: str) -> bool:
    """Whether the keyboard focus is on the item called name or inside it."""
    focused = shell.window.activeFocusItem()
    while focused is not None:
        if focused.objectName() == name:
            return True
        focused = focused.parentItem()
    return False


def popup_open(shell: AppShell, name: str) -> bool:
    """Whether the pop-up (menu) called name is open."""
    popup = shell.window.findChild(QObject, name)
    return popup is not None and bool(popup.property("opened"))


def shown(shell: AppShell, name: str) -> bool:
    """Whether the item called name exists and is visible."""
    found = find(shell.window.contentItem(), name)
    return found is not None and found.isVisible()


def colour_at(image: QImage, x: float, y: float) -> tuple[int, int, int]:
    """The RGB of image at fractions x, y of its size."""
    pixel = QColor(image.pixel(int(x * (image.width() - 1)), int(y * (image.height() - 1))))
    return pixel.red(), pixel.green(), pixel.blue()


def close_to(a: tuple[int, int, int], b: tuple[int, int, int], tolerance: int = 12) -> bool:
    """Whether two colours differ by at most tolerance in every channel."""
    return all(abs(x - y) <= tolerance for x, y in zip(a, b, strict=True))
