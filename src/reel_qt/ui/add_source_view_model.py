"""The add-source and sign-in pages: which kind of source, and its form.

"add-source" starts at the choice of Jellyfin, Plex or a local folder; "sign-in" opens
the form of a stored source in "sign in again" mode. Each form stores its source(s) and
asks for their first sync; the page then leaves for Home, where the sidebar shows it.
"""

from __future__ import annotations

from PySide6.QtCore import Property, QObject, Signal, Slot
from PySide6.QtQml import QmlElement, QmlUncreatable

from reel_qt.core.errors import NotAvailableError
from reel_qt.core.records import SourceType
from reel_qt.core.tasks import TaskRegistry
from reel_qt.ui import QML_IMPORT_NAME as _IMPORT
from reel_qt.ui.jellyfin_signin_view_model import JellyfinSignInViewModel
from reel_qt.ui.local_folder_view_model import LocalFolderViewModel
from reel_qt.ui.plex_signin_view_model import PlexSignInViewModel
from reel_qt.ui.signin_form import SignInContext, SignInForm

QML_IMPORT_NAME = _IMPORT
QML_IMPORT_MAJOR_VERSION = 1

KINDS = (SourceType.JELLYFIN.value, SourceType.PLEX.value, SourceType.LOCAL.value)


@QmlElement
@QmlUncreatable("AddSourceViewModel is provided by the browser.")
class AddSourceViewModel(SignInForm):  # type: ignore[operator]
    """The chosen kind of source and the three forms; relays each form's `finished`."""

    kindChanged = Signal()

    def __init__(self, tasks: TaskRegistry, parent: QObject | None = None) -> None:
        super().__init__(tasks, "add-source", parent)
        self.jellyfin = JellyfinSignInViewModel(tasks, self)
        self.plex = PlexSignInViewModel(tasks, self)
        self.local = LocalFolderViewModel(tasks, self)
        self._kind = ""
        self._source_name = ""
        self._pending: int | None = None
        for form in self._forms():
            form.finished.connect(self.finished)

    def _forms(self) -> tuple[SignInForm, ...]:
        return (self.jellyfin, self.plex, self.local)

    def attach(self, context: SignInContext) -> None:
        """Store sources through context from now on (the store is open)."""
        self.context = context
        for form in self._forms():
            form.context = context
        if self._pending is not None:
            self.open_sign_in(self._pending)

    def detach(self) -> None:
        """Stop: the store is closing."""
        for form in (self, *self._forms()):
            form.context = None

    def _get_jellyfin(self) -> JellyfinSignInViewModel:
        return self.jellyfin

    jellyfinForm = Property(QObject, _get_jellyfin, constant=True)

    def _get_plex(self) -> PlexSignInViewModel:
        return self.plex

    plexForm = Property(QObject, _get_plex, constant=True)

    def _get_local(self) -> LocalFolderViewModel:
        return self.local

    localForm = Property(QObject, _get_local, constant=True)

    def _get_kind(self) -> str:
        return self._kind

    kind = Property(str, _get_kind, notify=kindChanged)

    def _get_source_name(self) -> str:
        return self._source_name

    sourceName = Property(str, _get_source_name, notify=kindChanged)

    def _set_kind(self, kind: str, source_name: str = "") -> None:
        if (kind, source_name) != (self._kind, self._source_name):
            self._kind, self._source_name = kind, source_name
            self.kindChanged.emit()

    def open_add(self) -> None:
        """The add-source page opened: start at the choice of kind."""
        self._pending = None
        self.stop()
        self._set_error("")
        self._set_kind("")

    @Slot(str)
    def choose(self, kind: str) -> None:
        """Show the form for a kind of source ("jellyfin", "plex" or "local")."""
        if kind not in KINDS:
            return
        if kind == SourceType.JELLYFIN.value:
            self.jellyfin.open_add()
        elif kind == SourceType.PLEX.value:
            self.plex.open_add()
        else:
            self.local.open_add()
        self._set_kind(kind)

    @Slot()
    def chooseAgain(self) -> None:
        """Back to the choice of kind (what the form was doing stops)."""
        for form in self._forms():
            form.stop()
        self._set_kind("")

    def open_sign_in(self, source_id: int) -> None:
        """The sign-in page opened for a source: load it, then open its form."""
        self._set_kind("")
        if self.context is None:
            self._pending = source_id  # opened before the store: done on attach
            return
        self._pending = None
        self._run("opening the source", self._open_sign_in(source_id))

    async def _open_sign_in(self, source_id: int) -> None:
        source = await self._context().setup.service.get_source(source_id)
        if source.type == SourceType.JELLYFIN.value:
            self.jellyfin.open_sign_in(source)
        elif source.type == SourceType.PLEX.value:
            self.plex.open_sign_in(source)
        else:
            raise NotAvailableError(f"{source.name} is a folder: it needs no sign-in.")
        self._set_kind(source.type, source.name)
