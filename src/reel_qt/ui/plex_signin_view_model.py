"""The Plex form: sign in with plex.tv (PIN) or with a server URL and token.

Steps: "start" (the two ways in), "pin" (the code and link shown, the browser opened,
plex.tv polled with a countdown to the PIN's expiry), "choose" (the servers to add and
the Plex Home user to be, with that user's PIN when protected), "userPin" (signing in
again as a protected home user), "token" (a server URL and its token).
"""

from __future__ import annotations

import time

from PySide6.QtCore import Property, QObject, QTimer, Signal, Slot
from PySide6.QtQml import QmlElement, QmlUncreatable

from reel_qt.backends.plex import dto
from reel_qt.backends.plex.signin import PinLogin
from reel_qt.core.errors import AuthenticationError, InvalidArgumentError, ReelError
from reel_qt.core.tasks import TaskRegistry
from reel_qt.store.views import SourceView
from reel_qt.sync.plex_signin import (
    PlexHome,
    act_as,
    add_direct,
    add_servers,
    read_home,
    sign_in_again_through_plex_tv,
    sign_in_again_with_token,
    signs_in_through_plex_tv,
    user_label,
)
from reel_qt.ui import QML_IMPORT_NAME as _IMPORT
from reel_qt.ui.signin_form import SignInForm

QML_IMPORT_NAME = _IMPORT
QML_IMPORT_MAJOR_VERSION = 1


@QmlElement
@QmlUncreatable("PlexSignInViewModel is provided by the add-source page.")
class PlexSignInViewModel(SignInForm):  # type: ignore[operator]
    """Adds Plex servers, or signs a Plex source in again."""

    pinChanged = Signal()
    secondsLeftChanged = Signal()
    homeChanged = Signal()

    def __init__(self, tasks: TaskRegistry, parent: QObject | None = None) -> None:
        super().__init__(tasks, "plex-signin", parent)
        self._code = ""
        self._link = ""
        self._deadline = 0.0
        self._seconds_left = 0
        self._account_token: str | None = None
        self._home: PlexHome | None = None
        self._servers: list[dict[str, object]] = []
        self._users: list[dict[str, object]] = []
        self._countdown = QTimer(self)
        self._countdown.setInterval(1000)
        self._countdown.timeout.connect(self._tick)
        #: plex.tv's address (None: REEL_PLEX_TV_URL or https://plex.tv).
        self.plex_tv_url: str | None = None

    # -- what QML reads ------------------------------------------------------------------

    def _get_code(self) -> str:
        return self._code

    pinCode = Property(str, _get_code, notify=pinChanged)

    def _get_link(self) -> str:
        return self._link

    pinLink = Property(str, _get_link, notify=pinChanged)

    def _get_seconds_left(self) -> int:
        return self._seconds_left

    secondsLeft = Property(int, _get_seconds_left, notify=secondsLeftChanged)

    def _get_account_name(self) -> str:
        return user_label(self._home.user) if self._home is not None else ""

    accountName = Property(str, _get_account_name, notify=homeChanged)

    def _get_servers(self) -> list[dict[str, object]]:
        return self._servers

    servers = Property(list, _get_servers, notify=homeChanged)

    def _get_users(self) -> list[dict[str, object]]:
        return self._users

    homeUsers = Property(list, _get_users, notify=homeChanged)

    def _get_fixed_url(self) -> str:
        if self.source is None:
            return ""
        return str((self.source.config.get("addresses") or [self.source.url or ""])[0])

    # _reset emits homeChanged after every change of source. (A notify signal of the base
    # class crashes Qt's property cache under PySide.)
    fixedUrl = Property(str, _get_fixed_url, notify=homeChanged)

    def _tick(self) -> None:
        left = max(0, round(self._deadline - time.monotonic()))
        if left != self._seconds_left:
            self._seconds_left = left
            self.secondsLeftChanged.emit()

    def _set_pin(self, code: str, link: str, expires_in: int | None) -> None:
        self._code, self._link = code, link
        self.pinChanged.emit()
        if expires_in:
            self._deadline = time.monotonic() + expires_in
            self._tick()
            self._countdown.start()
        else:
            self._countdown.stop()

    def _set_home(self, home: PlexHome | None) -> None:
        self._home = home
        self._servers = [
            {
                "id": s.machine_identifier,
                "name": s.name,
                "detail": "Your server" if s.owned else f"Shared by {s.owner or 'a friend'}",
            }
            for s in (home.servers if home else [])
        ]
        self._users = [
            {"id": u.id, "name": user_label(u), "protected": u.protected, "admin": u.admin}
            for u in (home.home_users if home else [])
        ]
        self.homeChanged.emit()

    # -- opening -------------------------------------------------------------------------

    def _reset(self, source: SourceView | None) -> None:
        self.stop()
        self._countdown.stop()
        self.source = source
        self._account_token = None
        self._set_pin("", "", None)
        self._set_home(None)
        self._set_error("")

    def open_add(self) -> None:
        """A fresh form: the two ways to sign in."""
        self._reset(None)
        self._set_step("start")
        self.stepChanged.emit()

    def open_sign_in(self, source: SourceView) -> None:
        """The form for signing source in again, the way it was added."""
        self._reset(source)
        self._set_step("start" if signs_in_through_plex_tv(source) else "token")
        self.stepChanged.emit()

    # -- the PIN ------------------------------------------------------------------------

    @Slot()
    def startPin(self) -> None:
        """Get a PIN from plex.tv, open its page in the browser, wait for the approval."""
        self._run("signing in to Plex", self._pin_sign_in())

    async def _pin_sign_in(self) -> None:
        context = self._context()
        login = PinLogin(context.setup.identity, base_url=self.plex_tv_url)
        try:
            pin = await login.start()
            self._set_pin(pin.code, login.link, pin.expires_in)
            self._set_step("pin")
            context.open_url(login.link)
            token = await login.wait()
        except ReelError as error:
            # The message first, then the step: the start step never shows unexplained.
            self._set_error(str(error))
            self._set_step("start")
            raise
        finally:
            self._countdown.stop()
            await login.close()
        self._account_token = token
        if self.source is not None:
            await self._again(None)
            return
        self._set_home(await read_home(token, context.setup.identity, base_url=self.plex_tv_url))
        self._set_step("choose")

    @Slot()
    def openLink(self) -> None:
        """Open the PIN's page in the browser again."""
        if self._link and self.context is not None:
            self.context.open_url(self._link)

    @Slot()
    def cancel(self) -> None:
        """Stop waiting for plex.tv and go back to the start."""
        self.stop()
        self._countdown.stop()
        self._set_pin("", "", None)
        self._set_step("start")

    # -- servers and home users ------------------------------------------------------------

    @Slot(list, int, str)
    def addServers(self, server_ids: list[str], user_id: int, pin: str) -> None:
        """Add the checked servers as the chosen home user (0 or the owner: the account)."""
        self._run("adding Plex servers", self._add_servers(list(server_ids), user_id, pin))

    async def _add_servers(self, server_ids: list[str], user_id: int, pin: str) -> None:
        home, token = self._home, self._account_token
        if home is None or token is None:
            raise InvalidArgumentError("Sign in with plex.tv first.")
        if not server_ids:
            raise InvalidArgumentError("Tick at least one server to add.")
        setup = self._context().setup
        chosen: dto.HomeUser | None = next(
            (u for u in home.home_users if u.id == user_id and u.id != home.user.id), None
        )
        acting = await act_as(token, setup.identity, chosen, pin or None, base_url=self.plex_tv_url)
        servers = [s for s in acting.servers if s.machine_identifier in server_ids]
        if not servers:
            raise InvalidArgumentError(
                f"None of those servers is shared with {user_label(acting.user)}; pick another."
            )
        outcome = await add_servers(setup, servers, acting, token)
        if not outcome.added:
            reasons = [f"{s.name}: {e}" for s, e in outcome.skipped]
            reasons += [f"{s.name} is already source {v.id}." for s, v in outcome.already]
            raise InvalidArgumentError("No server was added. " + " ".join(reasons))
        names = ", ".join(source.name for source, _ in outcome.added)
        self._done(
            [source for source, _ in outcome.added],
            f"Added {names} as {user_label(acting.user)}. Syncing now.",
        )

    @Slot(str)
    def submitUserPin(self, pin: str) -> None:
        """Sign in again as the source's protected home user, with their PIN."""
        self._run("signing in to Plex", self._again(pin or None))

    async def _again(self, pin: str | None) -> None:
        source, token = self.source, self._account_token
        assert source is not None and token is not None
        try:
            updated = await sign_in_again_through_plex_tv(
                self._context().setup, source, token, pin, base_url=self.plex_tv_url
            )
        except AuthenticationError:
            if source.config.get("home_user") and pin is None:
                self._set_step("userPin")  # protected: ask for the PIN, then try again
                return
            raise
        self._done([updated], f"Signed in to {updated.name} again.")

    # -- URL and token --------------------------------------------------------------------

    @Slot()
    def showTokenForm(self) -> None:
        """Sign in with a server URL and token instead of plex.tv."""
        self.cancel()
        self._set_step("token")

    @Slot()
    def back(self) -> None:
        """Back to the two ways in."""
        self.cancel()

    @Slot(str, str)
    def addWithToken(self, url: str, token: str) -> None:
        """Add (or sign in again) a server reached directly with its token."""
        self._run("signing in to Plex", self._with_token(url, token))

    async def _with_token(self, url: str, token: str) -> None:
        setup = self._context().setup
        if not token.strip():
            raise InvalidArgumentError(
                "Paste the server's token (a signed-in Plex app shows it as X-Plex-Token)."
            )
        if self.source is not None:
            updated = await sign_in_again_with_token(setup, self.source, token.strip())
            self._done([updated], f"Signed in to {updated.name} again.")
            return
        if not url.strip():
            raise InvalidArgumentError("Type the server's address, e.g. http://192.168.1.20:32400.")
        source, signed = await add_direct(setup, url, token.strip())
        version = signed.version or "unknown version"
        self._done([source], f"Added {source.name} (Plex {version}). Syncing now.")
