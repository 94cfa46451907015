"""The About section: versions of Reel and what it runs on, and the data folder."""

from __future__ import annotations

import asyncio
import importlib.metadata
import logging
import platform
import sqlite3
from collections.abc import Callable
from pathlib import Path

import PySide6
from PySide6.QtCore import Property, QObject, QUrl, Signal, Slot, qVersion
from PySide6.QtGui import QDesktopServices
from PySide6.QtQml import QmlElement, QmlUncreatable

from reel_qt.core.tasks import TaskRegistry
from reel_qt.ui import QML_IMPORT_NAME as _IMPORT

QML_IMPORT_NAME = _IMPORT
QML_IMPORT_MAJOR_VERSION = 1

log = logging.getLogger("reel.ui.about")

UrlOpener = Callable[[QUrl], bool]

# mpv's own version needs a handle; one is made once per process, off the GUI thread.
_mpv_version: str | None = None


def reel_version() -> str:
    """The installed package's version."""
    try:
        return importlib.metadata.version("reel-qt")
    except importlib.metadata.PackageNotFoundError:
        return "unknown (not installed)"


def mpv_client_version() -> str:
    """The libmpv client API version, read without creating a player."""
    import mpv

    major, minor = mpv._mpv_client_api_version()
    return f"client API {major}.{minor}"


def read_mpv_version() -> str:
    """The libmpv library's version, e.g. "mpv 0.35.1" (blocking: makes a bare handle)."""
    global _mpv_version
    if _mpv_version is None:
        import mpv

        handle = mpv.MPV(vo="null", ao="null", video="no", audio="no", config="no", ytdl="no")
        try:
            _mpv_version = str(handle.mpv_version)
        finally:
            handle.terminate()
    return _mpv_version


@QmlElement
@QmlUncreatable("AboutInfo is created by the settings view-model.")
class AboutInfo(QObject):  # type: ignore[operator]
    """Version strings and the data folder, with a way to open it."""

    mpvVersionChanged = Signal()

    def __init__(
        self,
        tasks: TaskRegistry,
        data_folder: Path,
        parent: QObject | None = None,
        *,
        open_url: UrlOpener = QDesktopServices.openUrl,
    ) -> None:
        super().__init__(parent)
        self._tasks = tasks
        self._data_folder = data_folder
        #: How a folder is shown to the user (replaced in tests).
        self.open_url = open_url
        # Read on first use: importing mpv loads libmpv (~65 ms), not worth it at start-up.
        self._mpv = ""

    def _get_reel(self) -> str:
        return reel_version()

    reelVersion = Property(str, _get_reel, constant=True)

    def _get_python(self) -> str:
        return f"{platform.python_implementation()} {platform.python_version()}"

    pythonVersion = Property(str, _get_python, constant=True)

    def _get_qt(self) -> str:
        return f"PySide6 {PySide6.__version__} · Qt {qVersion()}"

    qtVersion = Property(str, _get_qt, constant=True)

    def _get_sqlite(self) -> str:
        return f"SQLite {sqlite3.sqlite_version}"

    sqliteVersion = Property(str, _get_sqlite, constant=True)

    def _get_mpv(self) -> str:
        if not self._mpv:
            self._mpv = f"libmpv ({mpv_client_version()})"
        return self._mpv

    mpvVersion = Property(str, _get_mpv, notify=mpvVersionChanged)

    def _get_folder(self) -> str:
        return str(self._data_folder)

    dataFolder = Property(str, _get_folder, constant=True)

    @Slot()
    def load(self) -> None:
        """Read what takes time (libmpv's own version) in the background, once."""
        if _mpv_version is not None:
            self._set_mpv(_mpv_version)
        elif not self._tasks.is_running("about.mpv"):
            self._tasks.start("about.mpv", self._read_mpv())

    async def _read_mpv(self) -> None:
        try:
            version = await asyncio.to_thread(read_mpv_version)
        except Exception as error:  # libmpv missing or broken: the client version stays
            log.info("libmpv's version could not be read: %s", error)
            return
        self._set_mpv(version)

    def _set_mpv(self, version: str) -> None:
        text = f"lib{version} ({mpv_client_version()})"
        if text != self._get_mpv():
            self._mpv = text
            self.mpvVersionChanged.emit()

    @Slot(result=bool)
    def openDataFolder(self) -> bool:
        """Show the data folder in the system's file manager; whether that worked."""
        return bool(self.open_url(QUrl.fromLocalFile(str(self._data_folder))))
