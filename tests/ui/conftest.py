"""UI fixtures: the real Main.qml in a real window under Xvfb, failing on any Qt warning."""

from __future__ import annotations

import asyncio
import gc
from collections.abc import Callable, Coroutine, Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QCoreApplication, QEvent, QtMsgType, qInstallMessageHandler
from PySide6.QtQuick import QQuickWindow

from reel_qt.app import AppShell, configure_qt
from reel_qt.core.paths import DataPaths
from reel_qt.core.settings import Settings
from reel_qt.sync.credentials import CredentialStore

ARTIFACTS = Path(__file__).resolve().parents[1] / "artifacts"

# Messages from the platform that are not about our QML.
_IGNORED = (
    "QStandardPaths: XDG_RUNTIME_DIR",
    "propagateSizeHints",
    "Could not connect to any X display",
)


@pytest.fixture(scope="session")
def qt_configured() -> None:
    """Qt settings that must precede the first window."""
    configure_qt()


@pytest.fixture
def qt_messages(qt_configured: None) -> Iterator[list[str]]:
    """Every Qt warning, critical or fatal message during the test; the test fails on any."""
    seen: list[str] = []

    def handler(kind: QtMsgType, _context: object, message: str) -> None:
        serious = kind not in (QtMsgType.QtDebugMsg, QtMsgType.QtInfoMsg)
        if serious and not message.startswith(_IGNORED):
            seen.append(message)

    previous = qInstallMessageHandler(handler)
    yield seen
    qInstallMessageHandler(previous)
    assert seen == [], "Qt warned:\n" + "\n".join(seen)


@pytest.fixture
def event_loop_runner(
    qapp: Any, monkeypatch: pytest.MonkeyPatch
) -> Iterator[Callable[[Coroutine[Any, Any, Any]], Any]]:
    """Run coroutines on a qasync loop, so Qt events and asyncio tasks both progress."""
    import pytestqt.plugin
    import qasync

    qapp.setQuitOnLastWindowClosed(False)  # as run_app does: shutdown ends the loop
    loop = qasync.QEventLoop(qapp, already_running=False)
    asyncio.set_event_loop(loop)
    monkeypatch.setattr(pytestqt.plugin, "_process_events", _in_loop(loop, qapp))
    # pytest keeps the fixture's value until after every teardown (and the main-thread
    # collection there); holding the loop only through `held`, it is freed in time.
    held = [loop]
    yield lambda coro: held[0].run_until_complete(coro)
    # Closing stops qasync's executor threads; left running, Qt aborts the process at exit.
    close_loop(loop)
    asyncio.set_event_loop(None)
    held.clear()


def _in_loop(loop: Any, qapp: Any) -> Callable[[], None]:
    """pytest-qt's event processing between a test's phases, done inside its loop.

    In the app, Qt events are only ever delivered while the loop runs. Delivered outside
    it, a task's step or a QML slot that starts a task finds no running loop ("no running
    event loop"), which the app never sees; inside it they run as in the app.
    """

    async def process() -> None:
        qapp.processEvents()

    def process_events() -> None:
        if loop.is_closed() or loop.is_running():
            qapp.processEvents()
        else:
            loop.run_until_complete(process())

    return process_events


def close_loop(loop: Any) -> None:
    """Close a qasync loop and unregister the Qt timers it still has, on this thread.

    qasync leaves a Qt timer registered for every cancelled `call_later` until it would
    have fired. Were the closed loop then freed by a garbage collection on a worker
    thread, Qt could not unregister them there ("Timers cannot be stopped from another
    thread") and they would fire on freed memory: the crash of a window test followed
    by one whose local source runs threads (scan, watcher, frames).
    """
    loop.close()
    timer = loop._timer  # qasync's _SimpleTimer: its pending timers by Qt timer id
    for timer_id in list(getattr(timer, "_SimpleTimer__callbacks", {})):
        timer.killTimer(timer_id)
    getattr(timer, "_SimpleTimer__callbacks", {}).clear()


def close_shells(shells: list[AppShell], run: Callable[[Coroutine[Any, Any, Any]], Any]) -> None:
    """A shell fixture's teardown: end what the shells left running, free them, check QML.

    Work a scenario left running ends inside the loop, which outlives the shell fixtures:
    a task stepped later, outside it, would find no running loop. The player and the
    MPRIS names are released as AppShell.stop does (no-ops when it ran): a later shell
    needs the bus names.
    """
    errors = [s.qml_errors for s in shells if s.qml_errors]
    for shell in shells:
        run(shell.tasks.shutdown())
    for shell in shells:
        shell.player.shutdown()
        shell.mpris.close()
        shell.window.close()
        shell.deleteLater()  # takes the engine, the QML and the view-models with it
    # Destroy Qt objects here, on their own thread: left to a later garbage collection,
    # they could be finalised on a worker thread, which Qt reports (and rightly so).
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    shells.clear()
    gc.collect()
    assert errors == []


@pytest.fixture
def make_shell(
    tmp_path: Path,
    qt_messages: list[str],
    qapp: Any,
    event_loop_runner: Callable[[Coroutine[Any, Any, Any]], Any],
) -> Iterator[Callable[..., AppShell]]:
    """Build the real app shell (real Main.qml) on a temporary data dir."""
    shells: list[AppShell] = []

    def build(
        credentials: CredentialStore | None = None, settings: Settings | None = None
    ) -> AppShell:
        paths = DataPaths(tmp_path / "data").ensure()
        shell = AppShell(paths, credentials=credentials, settings=settings)
        shells.append(shell)
        return shell

    yield build
    close_shells(shells, event_loop_runner)


def save_screenshot(window: QQuickWindow, name: str) -> Path:
    """Grab the window's pixels into tests/artifacts/<name>.png."""
    ARTIFACTS.mkdir(exist_ok=True)
    image = window.grabWindow()
    path = ARTIFACTS / f"{name}.png"
    assert image.save(str(path)), f"could not save {path}"
    return path
