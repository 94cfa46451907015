"""Composition root of the window: Qt set-up, the qasync loop, QML and the view-models."""

from __future__ import annotations

import asyncio
import locale
import logging
import os
import sys
from dataclasses import replace

from PySide6.QtCore import QObject, Qt, QUrl
from PySide6.QtGui import QGuiApplication
from PySide6.QtQml import QQmlApplicationEngine, QQmlError
from PySide6.QtQuick import QQuickWindow, QSGRendererInterface
from PySide6.QtQuickControls2 import QQuickStyle

from reel_qt.core.paths import DataPaths, qml_dir
from reel_qt.core.settings import Settings, SettingsStore
from reel_qt.core.tasks import TaskRegistry, describe_failure
from reel_qt.platform.signals import QuitSignals
from reel_qt.runtime import Runtime
from reel_qt.sync.credentials import CredentialStore
from reel_qt.sync.scheduler import SyncScheduler
from reel_qt.ui.qml_types import register_qml_types
from reel_qt.ui.shell_view_model import ShellViewModel
from reel_qt.ui.source_rows import load_source_rows

log = logging.getLogger("reel.app")


def configure_qt() -> None:
    """Settings that must be in place before the first window exists."""
    # libmpv parses numbers with the C locale and refuses to start otherwise.
    os.environ["LC_NUMERIC"] = "C"
    locale.setlocale(locale.LC_NUMERIC, "C")
    # The mpv item renders with OpenGL, so the whole scene graph must use it.
    QQuickWindow.setGraphicsApi(QSGRendererInterface.GraphicsApi.OpenGL)
    QQuickStyle.setStyle("Basic")
    register_qml_types()


class AppShell(QObject):
    """The window and what feeds it; the store opens in the background after it shows."""

    def __init__(
        self,
        paths: DataPaths,
        parent: QObject | None = None,
        *,
        credentials: CredentialStore | None = None,
        settings: Settings | None = None,
    ) -> None:
        super().__init__(parent)
        self.paths = paths
        self._credentials = credentials
        self.settings = settings or Settings()
        # Qt deletes children in creation order: the engine (and the QML bound to the
        # view-models) must go before the view-models do.
        self.engine = QQmlApplicationEngine(self)
        self.tasks = TaskRegistry(self)
        self.shell = ShellViewModel(self.tasks, self)
        self.runtime: Runtime | None = None
        self.qml_errors: list[str] = []
        self._syncing: set[int] = set()
        self.scheduler: SyncScheduler | None = None
        self.engine.addImportPath(str(qml_dir()))
        self.engine.warnings.connect(self._on_qml_warnings)
        self.engine.setInitialProperties({"shell": self.shell})
        self.engine.load(QUrl.fromLocalFile(str(qml_dir() / "Main.qml")))
        roots = self.engine.rootObjects()
        if not roots or not isinstance(roots[0], QQuickWindow):
            raise RuntimeError("Main.qml did not load: " + "; ".join(self.qml_errors))
        self.window: QQuickWindow = roots[0]
        self.window.resize(self.settings.window_width, self.settings.window_height)
        if self.settings.window_maximized:
            self.window.showMaximized()

    def _on_qml_warnings(self, warnings: list[QQmlError]) -> None:
        for warning in warnings:
            self.qml_errors.append(warning.toString())
            log.warning("QML: %s", warning.toString())

    def start(self) -> None:
        """Open the store off the UI thread, then show the library."""
        self.tasks.start("app.open-store", self._open_store())

    async def _open_store(self) -> None:
        try:
            runtime = await Runtime.create(self.paths, credentials=self._credentials)
        except Exception as error:  # shown in words, then logged by the task registry
            self.shell.set_error(describe_failure("opening your library", error), self.start)
            raise
        self.runtime = runtime
        if runtime.credentials.warning:
            self.shell.set_notice(runtime.credentials.warning)
        bus = runtime.bus
        changes = (
            bus.sourceAdded,
            bus.sourceUpdated,
            bus.sourceRemoved,
            bus.libraryCreated,
            bus.libraryDeleted,
            bus.libraryItemCountChanged,
        )
        for change in changes:
            change.connect(self.shell.refresh)
        bus.syncStarted.connect(self._sync_started)
        bus.syncCompleted.connect(lambda source_id, _n: self._sync_ended(source_id))
        bus.syncFailed.connect(lambda source_id, _m: self._sync_ended(source_id))
        self.shell.attach(lambda: load_source_rows(runtime.service, self._syncing))
        self.scheduler = SyncScheduler(
            runtime.sync, interval_minutes=self.settings.sync_interval_minutes
        )
        self.tasks.start("sync.scheduler", self.scheduler.run())
        bus.startup.emit()

    def _sync_started(self, source_id: int) -> None:
        self._syncing.add(source_id)
        self.shell.refresh()

    def _sync_ended(self, source_id: int) -> None:
        self._syncing.discard(source_id)
        self.shell.refresh()

    async def serve(self) -> None:
        """Open the store, then run until the window closes and shut down in order."""
        closed = asyncio.Event()
        # `closing` carries a QQuickCloseEvent PySide cannot convert; hiding means closed.
        self.window.visibleChanged.connect(lambda visible: None if visible else closed.set())
        self.start()
        await closed.wait()
        await self.stop()

    async def stop(self) -> None:
        """Remember the window, cancel background work and close the store."""
        maximized = self.window.windowState() == Qt.WindowState.WindowMaximized
        self.settings = replace(self.settings, window_maximized=maximized)
        if not maximized:  # a maximised window keeps the size to restore to
            self.settings = replace(
                self.settings, window_width=self.window.width(), window_height=self.window.height()
            )
        await asyncio.to_thread(SettingsStore(self.paths.settings).save, self.settings)
        if self.runtime is not None:
            self.runtime.bus.shutdown.emit()
        await self.tasks.shutdown()
        if self.runtime is not None:
            await asyncio.to_thread(self.runtime.close)
            self.runtime = None


def run_app(paths: DataPaths, *, verbose: bool) -> int:
    """Show the window and run until it closes; the process exit code."""
    import qasync

    del verbose  # logging is configured by the entry point
    configure_qt()
    app = QGuiApplication(sys.argv)
    app.setApplicationName("Reel")
    app.setOrganizationName("Reel")
    app.setDesktopFileName("reel")
    # serve() ends the loop itself after an orderly shutdown.
    app.setQuitOnLastWindowClosed(False)
    shell = AppShell(paths, settings=SettingsStore(paths.settings).load())
    # Ctrl+C or a TERM closes the window, so shutdown takes the same path as a click.
    quit_signals = QuitSignals(shell.window.close)
    try:
        qasync.run(shell.serve())
    finally:
        quit_signals.close()
    return 0
