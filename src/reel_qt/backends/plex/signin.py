"""Signing in to Plex: the plex.tv PIN flow, the account's servers, Plex Home users, and
servers added directly with a URL and a token.

What comes out is a `PlexSignedIn` per server: where to reach it (connections probed and
ordered), who Reel is there, and the tokens, which go to the keyring and nowhere else.
"""

from __future__ import annotations

import asyncio
import time
from dataclasses import dataclass
from urllib.parse import quote

from reel_qt.backends.http import HttpTransport, TlsTrust
from reel_qt.backends.plex import dto
from reel_qt.backends.plex.client import PlexClient
from reel_qt.backends.plex.connections import PROBE_TIMEOUT_S, probe_connections
from reel_qt.backends.plex.plextv import PlexTv
from reel_qt.core.device import DeviceIdentity
from reel_qt.core.errors import (
    AuthenticationError,
    BackendConnectionError,
    InvalidArgumentError,
)

PIN_POLL_S = 1.0
PIN_TIMEOUT_S = 1800.0  # a strong PIN lives 30 minutes
AUTH_APP_URL = "https://app.plex.tv/auth/#!"


def auth_link(client_id: str, code: str, product: str = "Reel") -> str:
    """The app.plex.tv page where the user approves a PIN (what a browser or QR code opens)."""
    return (
        f"{AUTH_APP_URL}?clientID={quote(client_id, safe='')}&code={quote(code, safe='')}"
        f"&context[device][product]={quote(product, safe='')}"
    )


@dataclass(frozen=True, slots=True)
class AccountServer:
    """A server the account can use, as plex.tv lists it (with this user's token for it)."""

    machine_identifier: str
    name: str
    version: str | None
    owned: bool
    token: str
    connections: tuple[dto.Connection, ...]
    owner: str | None = None  # who shares it, for servers the account does not own


@dataclass(frozen=True, slots=True)
class PlexSignedIn:
    """One server signed in to: where it answers, as whom, and the tokens (keyring only)."""

    machine_identifier: str
    name: str
    version: str | None
    addresses: list[str]
    token: str
    user_id: str | None = None
    user_name: str | None = None
    account_token: str | None = None
    home_user: str | None = None
    owned: bool = True


class PinLogin:
    """The PIN sign-in: `start` for the code and link, then `wait` for the user's approval."""

    def __init__(self, identity: DeviceIdentity, *, base_url: str | None = None) -> None:
        self.identity = identity
        self._tv = PlexTv(identity, base_url=base_url)
        self.pin: dto.Pin | None = None

    @property
    def link(self) -> str:
        """The page where the user approves this sign-in."""
        if self.pin is None:
            raise RuntimeError("start() first")
        return auth_link(self.identity.device_id, self.pin.code, self.identity.product)

    async def start(self) -> dto.Pin:
        """Ask plex.tv for a PIN bound to this install.

        Raises:
            BackendError: plex.tv cannot be reached or refused.
        """
        self.pin = await self._tv.create_pin()
        return self.pin

    async def wait(self, *, poll_s: float = PIN_POLL_S, timeout_s: float = PIN_TIMEOUT_S) -> str:
        """Poll plex.tv until the PIN is approved; returns the account token.

        Raises:
            AuthenticationError: the PIN expired or was not approved in time.
        """
        if self.pin is None:
            raise RuntimeError("start() first")
        limit = self.pin.expires_in if self.pin.expires_in and self.pin.expires_in > 0 else None
        deadline = time.monotonic() + min(timeout_s, limit or timeout_s)
        while True:
            state = await self._tv.check_pin(self.pin.id)
            if state is None:
                raise AuthenticationError(
                    "The Plex sign-in code expired before it was approved. Start again."
                )
            if state.auth_token:
                return state.auth_token
            if time.monotonic() >= deadline:
                raise AuthenticationError("The Plex sign-in was not approved in time. Start again.")
            await asyncio.sleep(poll_s)

    async def close(self) -> None:
        """Release the connection."""
        await self._tv.close()


def _matches(user: dto.HomeUser, wanted: str) -> bool:
    folded = wanted.strip().casefold()
    return folded in (
        str(user.id),
        (user.uuid or "").casefold(),
        (user.title or "").casefold(),
        (user.username or "").casefold(),
    )


class PlexAccount:
    """A plex.tv account signed in with its token: its servers and its Plex Home."""

    def __init__(
        self, token: str, identity: DeviceIdentity, *, base_url: str | None = None
    ) -> None:
        self.token = token
        self.identity = identity
        self.base_url = base_url
        self._tv = PlexTv(identity, token=token, base_url=base_url)

    async def close(self) -> None:
        """Release the connection."""
        await self._tv.close()

    async def user(self) -> dto.Account:
        """Who the token belongs to.

        Raises:
            AuthenticationError: plex.tv does not accept the token.
        """
        return await self._tv.account()

    async def servers(self) -> list[AccountServer]:
        """Every Plex Media Server the account can use, owned ones first."""
        found = []
        for resource in await self._tv.resources():
            provides = {p.strip() for p in (resource.provides or "").split(",")}
            if "server" not in provides or not resource.client_identifier:
                continue
            if not resource.access_token:
                continue  # listed, but not shared with this user
            found.append(
                AccountServer(
                    machine_identifier=resource.client_identifier,
                    name=resource.name or "Plex Media Server",
                    version=resource.product_version,
                    owned=resource.owned,
                    token=resource.access_token,
                    connections=tuple(resource.connections),
                    owner=None if resource.owned else resource.source_title,
                )
            )
        return sorted(found, key=lambda s: (not s.owned, s.name.casefold()))

    async def home_users(self) -> list[dto.HomeUser]:
        """The members of the account's Plex Home."""
        return await self._tv.home_users()

    async def home_user(self, wanted: str) -> dto.HomeUser:
        """A member of the Plex Home by name, user name or id.

        Raises:
            InvalidArgumentError: no home user by that name.
        """
        users = await self.home_users()
        chosen = next((u for u in users if _matches(u, wanted)), None)
        if chosen is None:
            names = ", ".join(u.title or u.username or str(u.id) for u in users) or "nobody"
            raise InvalidArgumentError(
                f"There is no “{wanted}” in this Plex Home (its members: {names})."
            )
        return chosen

    async def switch(self, user: dto.HomeUser, pin: str | None) -> tuple[PlexAccount, dto.Account]:
        """The account of another home user, with its own token (its PIN if it has one).

        Raises:
            AuthenticationError: the PIN is missing or wrong.
        """
        account = await self._tv.switch(user, pin)
        assert account.auth_token is not None  # checked by PlexTv.switch
        return PlexAccount(account.auth_token, self.identity, base_url=self.base_url), account


async def connect(
    server: AccountServer,
    identity: DeviceIdentity,
    *,
    user: dto.Account | None = None,
    account_token: str | None = None,
    home_user: str | None = None,
    trust: TlsTrust | None = None,
    timeout_s: float = PROBE_TIMEOUT_S,
) -> PlexSignedIn:
    """Probe a server's connections and describe how Reel will reach it.

    Raises:
        BackendConnectionError: none of its connections leads to it.
    """
    found = await probe_connections(
        server.connections, server.machine_identifier, identity, trust=trust, timeout_s=timeout_s
    )
    if not found.working:
        if found.untrusted:
            raise found.untrusted[0]
        tried = len(found.silent) + len(found.wrong)
        why = "; ".join(f"{a}: {r}" for a, r in list(found.reasons.items())[:3])
        raise BackendConnectionError(
            f"Reel could not reach {server.name} at any of its {tried} addresses"
            + (f" ({why})." if why else ".")
        )
    return PlexSignedIn(
        machine_identifier=server.machine_identifier,
        name=server.name,
        version=found.version or server.version,
        addresses=found.addresses,
        token=server.token,
        user_id=str(user.id) if user is not None else None,
        user_name=(user.title or user.username) if user is not None else None,
        account_token=account_token,
        home_user=home_user,
        owned=server.owned,
    )


async def sign_in_with_token(
    url: str, token: str, identity: DeviceIdentity, trust: TlsTrust | None = None
) -> PlexSignedIn:
    """Check a server reached directly (no plex.tv) and that it accepts a token.

    Raises:
        InvalidArgumentError: the address or the token cannot be used.
        AuthenticationError: the server does not accept the token.
        BackendError: the server cannot be reached or is not Plex.
    """
    if not token.strip():
        raise InvalidArgumentError("The Plex token is empty.")
    base = url.strip().rstrip("/")
    if not base.startswith(("http://", "https://")):
        base = f"http://{base}" if ":" in base else f"http://{base}:32400"
    client = PlexClient(HttpTransport([base], trust=trust or TlsTrust()), identity, token=token)
    try:
        who = await client.server_identity()
        try:
            described = await client.describe()
        except AuthenticationError as error:
            raise AuthenticationError(
                "The server did not accept that token. Copy it again from a signed-in Plex "
                "app (Get Info → View XML shows it as X-Plex-Token)."
            ) from error
    finally:
        await client.close()
    return PlexSignedIn(
        machine_identifier=who.machine_identifier or "",
        name=described.friendly_name or "Plex Media Server",
        version=who.version or described.version,
        addresses=[base],
        token=token.strip(),
    )
