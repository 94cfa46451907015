"""Composition root of the window: Qt set-up, the qasync loop, QML and the view-models."""

from __future__ import annotations

import asyncio
import importlib
import locale
import logging
import os
import sqlite3
import sys
from collections.abc import Callable
from concurrent.futures import Future
from dataclasses import replace
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt, QUrl
from PySide6.QtGui import QGuiApplication
from PySide6.QtQml import QQmlApplicationEngine, QQmlError
from PySide6.QtQuick import QQuickWindow, QSGRendererInterface
from PySide6.QtQuickControls2 import QQuickStyle

from reel_qt.core.paths import DataPaths, qml_dir
from reel_qt.core.settings import Settings, SettingsStore
from reel_qt.core.tasks import TaskRegistry, describe_failure
from reel_qt.platform.mpris import MprisService
from reel_qt.platform.screensaver import ScreenSaverInhibitor
from reel_qt.platform.signals import QuitSignals
from reel_qt.ui.browser import BrowserViewModel
from reel_qt.ui.fullscreen import FullscreenFollower
from reel_qt.ui.images.artwork_urls import ArtworkUrls
from reel_qt.ui.player_view_model import PlayerViewModel
from reel_qt.ui.qml_types import register_qml_types
from reel_qt.ui.settings_view_model import SettingsViewModel
from reel_qt.ui.shell_view_model import ShellViewModel
from reel_qt.ui.signin_form import SignInContext, open_in_browser

if TYPE_CHECKING:  # the store and sync stacks load after the window shows (start-up time)
    from reel_qt.runtime import Runtime
    from reel_qt.store.startup_reads import StartupReader
    from reel_qt.sync.credentials import CredentialStore
    from reel_qt.sync.local_watch import LocalWatchService
    from reel_qt.sync.scheduler import SyncScheduler
    from reel_qt.ui.images.artwork import ArtworkLoader

log = logging.getLogger("reel.app")

#: The GIL switch interval of the window process (Python's default is 5 ms).
SWITCH_INTERVAL_S = 0.001
#: How long a cold start lets its first reads from the file hold the store back, at most.
SAVED_STATE_WAIT_S = 1.0


def configure_qt() -> None:
    """Settings that must be in place before the first window exists."""
    # libmpv parses numbers with the C locale and refuses to start otherwise.
    os.environ["LC_NUMERIC"] = "C"
    locale.setlocale(locale.LC_NUMERIC, "C")
    # The mpv item renders with OpenGL, so the whole scene graph must use it.
    QQuickWindow.setGraphicsApi(QSGRendererInterface.GraphicsApi.OpenGL)
    # Render on the GUI thread: with the threaded loop, mpv's render call (holding the
    # GIL on the render thread) and blocking GUI calls (grabWindow, quit) can deadlock.
    os.environ.setdefault("QSG_RENDER_LOOP", "basic")
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
        mpv_overrides: dict[str, str] | None = None,
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
        self.player = PlayerViewModel(self.tasks, self.settings, self, mpv_overrides=mpv_overrides)
        self.browser = BrowserViewModel(self.tasks, self)
        self.browser.home.follow_sources(self.shell.property("sources"))  # falls back to All
        self.browser.playRequested.connect(self.player.playItemAt)
        self.browser.playVersionRequested.connect(self.player.playItemVersion)
        self.preferences = SettingsViewModel(self.tasks, self.settings, paths, self)
        self.preferences.settingsApplied.connect(self._apply_settings)
        self.artwork = ArtworkUrls(self.tasks, self)
        self.artwork_loader: ArtworkLoader | None = None
        self._screensaver = ScreenSaverInhibitor(self)
        self.player.playingChanged.connect(
            lambda: self._screensaver.set_inhibited(self.player.is_playing())
        )
        self.runtime: Runtime | None = None
        #: Opens a web page (the Plex sign-in); tests put a recorder here before start().
        self.open_url: Callable[[str], None] = open_in_browser
        #: Home's and the sidebar's rows, read from the file while the QML loaded (run_app).
        self.saved_state: Future[StartupReader | None] | None = None
        self.qml_errors: list[str] = []
        self._syncing: set[int] = set()
        self.scheduler: SyncScheduler | None = None
        self._watcher: LocalWatchService | None = None
        self.engine.addImportPath(str(qml_dir()))
        self.engine.warnings.connect(self._on_qml_warnings)
        self.artwork.serve(self.engine)
        self.engine.setInitialProperties(
            {
                "shell": self.shell,
                "player": self.player,
                "browser": self.browser,
                "settings": self.preferences,
            }
        )
        self.engine.load(QUrl.fromLocalFile(str(qml_dir() / "Main.qml")))
        roots = self.engine.rootObjects()
        if not roots or not isinstance(roots[0], QQuickWindow):
            raise RuntimeError("Main.qml did not load: " + "; ".join(self.qml_errors))
        self.window: QQuickWindow = roots[0]
        self.window.resize(self.settings.window_width, self.settings.window_height)
        if self.settings.window_maximized:
            self.window.showMaximized()
        self._fullscreen = FullscreenFollower(self.window, self.player)
        # Media keys and the desktop's media controls (Linux; a no-op without D-Bus).
        self.mpris = MprisService(
            self.player, self, raise_window=self._raise_window, quit_app=self.window.close
        )
        self.mpris.register()

    def _raise_window(self) -> None:
        self.window.show()
        self.window.raise_()
        self.window.requestActivate()

    def _apply_settings(self, settings: Settings) -> None:
        """The Settings page changed something: apply it now, and save it at stop too."""
        self.settings = settings
        self.player.apply_settings(settings)
        if self.scheduler is not None:
            self.scheduler.set_interval(settings.sync_interval_minutes)

    def _on_qml_warnings(self, warnings: list[QQmlError]) -> None:
        for warning in warnings:
            self.qml_errors.append(warning.toString())
            log.warning("QML: %s", warning.toString())

    def start(self) -> None:
        """Open the store off the UI thread, then show the library."""
        if self.saved_state is not None:
            # A cold start (run_app read ahead): the store stack still has to be imported
            # (~0.5 s), so Home and the sidebar are read straight from the file first.
            # Without a read-ahead (tests, a retry) the pages wait for the store.
            self.tasks.start("app.saved-state", self.show_saved_state())
        self.tasks.start("app.open-store", self._open_store())

    async def show_saved_state(self) -> None:
        """Home and the sidebar from the file while the store stack still imports."""
        from reel_qt.store.startup_reads import StartupReader
        from reel_qt.ui.source_rows import load_source_rows

        try:
            if self.saved_state is not None:
                reader = await asyncio.wrap_future(self.saved_state)
            else:
                reader = await StartupReader.open(self.paths.database)
        except (OSError, sqlite3.Error) as error:
            # Only a head start: the store opens next and reports a real problem in words.
            log.warning("could not read the library ahead of the store: %s", error)
            return
        if reader is None or self.runtime is not None:
            return  # a migration is pending (the store goes first), or the store is open
        self.shell.attach(lambda: load_source_rows(reader, self._syncing))
        self.browser.home.attach(reader)
        # The store's import holds the GIL for ~0.5 s once it starts: these reads go first.
        await self.tasks.wait("shell.refresh", SAVED_STATE_WAIT_S)
        await self.tasks.wait("home.refresh", SAVED_STATE_WAIT_S)

    async def _open_store(self) -> None:
        try:
            await self.tasks.wait("app.saved-state", SAVED_STATE_WAIT_S)  # a cold start's Home
            # Imported off the GUI thread: SQLAlchemy and the sync stack take ~0.5 s.
            await asyncio.to_thread(importlib.import_module, "reel_qt.runtime")
            from reel_qt.runtime import Runtime

            runtime = await Runtime.create(self.paths, credentials=self._credentials)
        except Exception as error:  # shown in words, then logged by the task registry
            self.shell.set_error(describe_failure("opening your library", error), self.start)
            raise
        from reel_qt.sync.local_frames import LocalFrameService
        from reel_qt.sync.local_watch import LocalWatchService
        from reel_qt.sync.removal import remove_source
        from reel_qt.sync.scheduler import SyncScheduler
        from reel_qt.ui.source_rows import load_source_rows

        self.tasks.cancel("app.saved-state")  # the store reads from here on
        self.runtime = runtime
        self.player.attach(runtime.service, runtime.backends)
        self._attach_browsing(runtime)
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
        self.shell.follow_sync(bus)
        self.scheduler = SyncScheduler(
            runtime.sync, interval_minutes=self.settings.sync_interval_minutes
        )
        self.tasks.start("sync.scheduler", self.scheduler.run())
        self.browser.add_source.attach(
            SignInContext(runtime.setup, self.scheduler.request, self.open_url)
        )
        self.shell.sources_page.attach(
            self.scheduler.request, lambda source_id: remove_source(runtime.setup, source_id)
        )
        # Local folders: a change on disk asks the scheduler for a sync of its source.
        self._watcher = LocalWatchService(runtime.service, self.scheduler.request)
        self.tasks.start("local.watch", self._watcher.run())
        # Still frames for local items without artwork: after each sync, off the scheduler.
        frames = LocalFrameService.in_cache(runtime.service, runtime.paths.image_cache)
        self.tasks.start("local.frames", frames.run())
        bus.startup.emit()

    def _attach_browsing(self, runtime: Runtime) -> None:
        """Feed the pages from the store and their artwork from the cache and the sources."""
        from reel_qt.ui.images.artwork import ArtworkLoader
        from reel_qt.ui.images.disk_cache import ImageDiskCache

        cache = ImageDiskCache(
            self.paths.image_cache / "artwork", self.settings.image_cache_mb * 1024 * 1024
        )
        loader = ArtworkLoader(cache, runtime.service.get_source, runtime.backends.create)
        self.artwork_loader = loader
        self.artwork.attach(loader)
        self.preferences.images.attach(cache, runtime.bus)
        runtime.bus.cacheCleared.connect(self.artwork.cache_cleared)
        for change in (runtime.bus.sourceUpdated, runtime.bus.sourceRemoved):
            change.connect(loader.forget_source)
        self.browser.attach(runtime.service)
        self.browser.navigator.restore(self.settings.last_page)

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

    def play(self, target: str) -> None:
        """Open the player on a library item id or a file path (`reel play`)."""
        if target.isdigit():
            self.player.playItem(int(target))
        else:
            self.player.playFile(target)

    async def stop(self) -> None:
        """Remember the window, cancel background work and close the store."""
        await self.player.close()
        self.mpris.close()
        maximized = self.window.windowState() == Qt.WindowState.WindowMaximized
        self.settings = replace(
            self.settings,
            window_maximized=maximized,
            last_page=self.browser.navigator.last_page(),
        )
        if not maximized:  # a maximised window keeps the size to restore to
            self.settings = replace(
                self.settings, window_width=self.window.width(), window_height=self.window.height()
            )
        await self.preferences.save_now(self.settings)  # instead of a save still pending
        if self.runtime is not None:
            self.runtime.bus.shutdown.emit()
        self.artwork.detach()
        self.browser.detach()
        self.shell.sources_page.detach()
        if self._watcher is not None:
            # Ended, not cancelled: its thread must be done before the loop stops.
            self._watcher.close()
            await self.tasks.wait("local.watch")
            self._watcher = None
        await self.tasks.shutdown()
        if self.artwork_loader is not None:
            await self.artwork_loader.close()
        if self.runtime is not None:
            await asyncio.to_thread(self.runtime.close)
            self.runtime = None


def run_app(paths: DataPaths, *, verbose: bool, play: str | None = None) -> int:
    """Show the window and run until it closes; the process exit code."""
    import qasync

    del verbose  # logging is configured by the entry point
    from reel_qt.store.startup_reads import read_ahead

    saved_state = read_ahead(paths.database)  # in a thread, while the QML loads
    configure_qt()
    # The GUI thread calls into Python for every binding and model read it draws; while
    # the sync's threads run Python it waits for the GIL up to the switch interval at each
    # call. 1 ms instead of 5 keeps those waits from adding up to a visible stall.
    sys.setswitchinterval(SWITCH_INTERVAL_S)
    app = QGuiApplication(sys.argv)
    app.setApplicationName("Reel")
    app.setOrganizationName("Reel")
    app.setDesktopFileName("reel")
    # serve() ends the loop itself after an orderly shutdown.
    app.setQuitOnLastWindowClosed(False)
    shell = AppShell(paths, settings=SettingsStore(paths.settings).load())
    shell.saved_state = saved_state
    # Ctrl+C or a TERM closes the window, so shutdown takes the same path as a click.
    quit_signals = QuitSignals(shell.window.close)
    from reel_qt.ui.first_frame import announce_first_frame  # bench/startup.py's mark

    announce_first_frame(shell.window, shell.browser.home, shell.shell)
    if play is not None:
        shell.play(play)
    try:
        qasync.run(shell.serve())
    finally:
        quit_signals.close()
    return 0
