"""The local folder form: a name, the folders (picked or typed) and what they hold."""

from __future__ import annotations

import asyncio
import os

from PySide6.QtCore import Property, QObject, QUrl, Signal, Slot
from PySide6.QtQml import QmlElement, QmlUncreatable

from reel_qt.core.errors import InvalidArgumentError
from reel_qt.core.tasks import TaskRegistry
from reel_qt.ui import QML_IMPORT_NAME as _IMPORT
from reel_qt.ui.signin_form import SignInForm

QML_IMPORT_NAME = _IMPORT
QML_IMPORT_MAJOR_VERSION = 1

#: What the folders hold, as the local backend reads them.
KINDS = ("auto", "movies", "shows")


def as_path(text: str) -> str:
    """A folder as typed or as the folder dialog's file URL, made absolute."""
    text = text.strip()
    if text.startswith("file:"):
        text = QUrl(text).toLocalFile()
    return os.path.abspath(os.path.expanduser(text)) if text else ""


@QmlElement
@QmlUncreatable("LocalFolderViewModel is provided by the add-source page.")
class LocalFolderViewModel(SignInForm):  # type: ignore[operator]
    """Adds folders of films or series as a local source."""

    foldersChanged = Signal()
    kindChanged = Signal()

    def __init__(self, tasks: TaskRegistry, parent: QObject | None = None) -> None:
        super().__init__(tasks, "local-folder", parent)
        self._folders: list[str] = []
        self._kind = "auto"

    def _get_folders(self) -> list[str]:
        return self._folders

    folders = Property(list, _get_folders, notify=foldersChanged)

    def _get_kind(self) -> str:
        return self._kind

    kind = Property(str, _get_kind, notify=kindChanged)

    def open_add(self) -> None:
        """A fresh form with no folders."""
        self.stop()
        self._folders = []
        self.foldersChanged.emit()
        self.setKind("auto")
        self._set_error("")
        self._set_step("folders")

    @Slot(str)
    def setKind(self, kind: str) -> None:
        """What the folders hold: "movies", "shows" or "auto" (Reel tells them apart)."""
        if kind in KINDS and kind != self._kind:
            self._kind = kind
            self.kindChanged.emit()

    @Slot(str)
    def addFolder(self, text: str) -> None:
        """Add a folder (a path or a file URL) once Reel has seen it is one."""
        self._run("adding a folder", self._add_folder(as_path(text)))

    async def _add_folder(self, path: str) -> None:
        if not path:
            raise InvalidArgumentError("Type a folder's path, or choose one with Add folder.")
        if not await asyncio.to_thread(os.path.isdir, path):
            raise InvalidArgumentError(f"{path} is not a folder Reel can reach.")
        if path not in self._folders:
            self._folders = [*self._folders, path]
            self.foldersChanged.emit()

    @Slot(int)
    def removeFolder(self, index: int) -> None:
        """Take a folder off the list."""
        if 0 <= index < len(self._folders):
            self._folders = [f for n, f in enumerate(self._folders) if n != index]
            self.foldersChanged.emit()

    @Slot(str)
    def add(self, name: str) -> None:
        """Store the folders as a source (named name, or after the first folder)."""
        self._run("adding the folders", self._add(name.strip() or None))

    async def _add(self, name: str | None) -> None:
        if not self._folders:
            raise InvalidArgumentError("Add at least one folder of films or series.")
        source = await self._context().setup.add_local(self._folders, kind=self._kind, name=name)
        self._done([source], f"Added {source.name}. Reel is scanning its folders now.")
