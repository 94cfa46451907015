"""The Jellyfin form: address (or a server found on the network), check, trust, sign in.

Steps: "address" (type or pick a discovered server), "trust" (the certificate is not
trusted: the user compares its fingerprint and decides), "credentials" (the server's
name and version are shown; password or Quick Connect), "quickConnect" (the code shown
big while Reel waits for its approval).
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Property, QObject, Signal, Slot
from PySide6.QtQml import QmlElement, QmlUncreatable

from reel_qt.backends.http import fetch_certificate_fingerprint
from reel_qt.backends.jellyfin.discovery import BROADCAST, discover
from reel_qt.backends.jellyfin.signin import SignedIn
from reel_qt.core.errors import UntrustedCertificateError
from reel_qt.core.tasks import TaskRegistry
from reel_qt.store.views import SourceView
from reel_qt.sync.jellyfin_signin import JellyfinSignIn, sign_in_again
from reel_qt.ui import QML_IMPORT_NAME as _IMPORT
from reel_qt.ui.signin_form import SignInForm

QML_IMPORT_NAME = _IMPORT
QML_IMPORT_MAJOR_VERSION = 1


@QmlElement
@QmlUncreatable("JellyfinSignInViewModel is provided by the add-source page.")
class JellyfinSignInViewModel(SignInForm):  # type: ignore[operator]
    """Adds a Jellyfin server, or signs a Jellyfin source in again."""

    serverChanged = Signal()
    discoveredChanged = Signal()
    quickConnectCodeChanged = Signal()

    def __init__(self, tasks: TaskRegistry, parent: QObject | None = None) -> None:
        super().__init__(tasks, "jellyfin-signin", parent)
        self._flow: JellyfinSignIn | None = None
        self._url = ""
        self._server_name = ""
        self._server_version = ""
        self._fingerprint = ""
        self._code = ""
        self._discovered: list[dict[str, str]] = []
        self._discovering = False
        #: Where the discovery question goes (tests ask the fake's responder directly).
        self.discovery_targets: Sequence[tuple[str, int]] = (BROADCAST,)

    # -- what QML reads ------------------------------------------------------------------

    def _get_url(self) -> str:
        return self._url

    url = Property(str, _get_url, notify=serverChanged)

    def _get_server_name(self) -> str:
        return self._server_name

    serverName = Property(str, _get_server_name, notify=serverChanged)

    def _get_server_version(self) -> str:
        return self._server_version

    serverVersion = Property(str, _get_server_version, notify=serverChanged)

    def _get_fingerprint(self) -> str:
        return self._fingerprint

    fingerprint = Property(str, _get_fingerprint, notify=serverChanged)

    def _get_discovered(self) -> list[dict[str, str]]:
        return self._discovered

    discovered = Property(list, _get_discovered, notify=discoveredChanged)

    def _get_discovering(self) -> bool:
        return self._discovering

    isDiscovering = Property(bool, _get_discovering, notify=discoveredChanged)

    def _get_code(self) -> str:
        return self._code

    quickConnectCode = Property(str, _get_code, notify=quickConnectCodeChanged)

    def _set_server(
        self, url: str, name: str = "", version: str = "", fingerprint: str = ""
    ) -> None:
        self._url, self._server_name, self._server_version = url, name, version
        self._fingerprint = fingerprint
        self.serverChanged.emit()

    def _set_code(self, code: str) -> None:
        if code != self._code:
            self._code = code
            self.quickConnectCodeChanged.emit()

    # -- opening -------------------------------------------------------------------------

    def open_add(self) -> None:
        """A fresh form for a new server; the network is asked who is there."""
        self.stop()
        self.source, self._flow = None, None
        self._set_server("")
        self._set_code("")
        self._set_error("")
        self._set_step("address")
        self.stepChanged.emit()
        self._tasks.start("jellyfin-signin.discover", self._discover())

    def open_sign_in(self, source: SourceView) -> None:
        """The form for signing source in again: its address is fixed and checked at once."""
        self.stop()
        self.source = source
        self._set_code("")
        self._set_error("")
        self._set_server(source.url or "", source.name)
        self._set_step("address")
        self.stepChanged.emit()
        self._run("checking the server", self._check(source.url or ""))

    async def _discover(self) -> None:
        self._discovering = True
        self.discoveredChanged.emit()
        try:
            found = await discover(targets=self.discovery_targets)
        finally:
            self._discovering = False
            self.discoveredChanged.emit()
        self._discovered = [{"name": s.name, "address": s.address} for s in found]
        self.discoveredChanged.emit()

    # -- steps ---------------------------------------------------------------------------

    @Slot(str)
    def check(self, url: str) -> None:
        """Ask the server at url who it is; then sign in (or decide about its certificate)."""
        self._run("checking the server", self._check(url))

    async def _check(self, url: str, trusted: str | None = None) -> None:
        context = self._context()
        if self.source is not None:
            flow = JellyfinSignIn.for_source(self.source, context.setup.identity)
        else:
            flow = JellyfinSignIn(url, context.setup.identity, trusted_certificate=trusted)
        self._flow = flow
        try:
            server = await flow.check()
        except UntrustedCertificateError as error:
            # Signing in again keeps the source's decision: a changed certificate is news
            # to act on (the source is re-added), not to wave through here.
            fingerprint = await fetch_certificate_fingerprint(error.url)
            if fingerprint is None or self.source is not None:
                raise
            self._set_server(flow.url, fingerprint=fingerprint)
            self._set_step("trust")
            return
        self._set_server(server.url, server.name, server.version)
        self._set_step("credentials")

    @Slot()
    def trustCertificate(self) -> None:
        """The user compared the fingerprint and trusts it: remembered with the source."""
        if self._fingerprint:
            self._run("checking the server", self._check(self._url, self._fingerprint))

    @Slot()
    def back(self) -> None:
        """Return to the address (a running step is cancelled)."""
        self.stop()
        self._set_code("")
        self._set_error("")
        self._set_step("address" if self.source is None else "credentials")

    @Slot(str, str)
    def signIn(self, username: str, password: str) -> None:
        """Sign in with a user name and password, then store the source."""
        self._run("signing in", self._with_password(username, password))

    async def _with_password(self, username: str, password: str) -> None:
        flow = self._checked()
        await self._store(await flow.with_password(username, password))

    @Slot()
    def startQuickConnect(self) -> None:
        """Show a Quick Connect code and wait until a signed-in app approves it."""
        self._run("Quick Connect", self._quick_connect())

    async def _quick_connect(self) -> None:
        session = self._checked().quick_connect()
        try:
            self._set_code(await session.start())
            self._set_step("quickConnect")
            signed_in = await session.wait()
        finally:
            await session.close()
        await self._store(signed_in)

    @Slot()
    def cancel(self) -> None:
        """Stop waiting for Quick Connect (or a check) and go back a step."""
        self.stop()
        self._set_code("")
        if self._step == "quickConnect":
            self._set_step("credentials")

    def _checked(self) -> JellyfinSignIn:
        if self._flow is None:
            raise RuntimeError("check() first")
        return self._flow

    async def _store(self, signed_in: SignedIn) -> None:
        setup = self._context().setup
        who = signed_in.user_name or "you"
        if self.source is not None:
            source = await sign_in_again(setup, self.source, signed_in)
            self._done([source], f"Signed in to {source.name} again as {who}.")
        else:
            source = await self._checked().add(setup, signed_in)
            self._done([source], f"Added {source.name} as {who}. Its library is syncing now.")
