"""Signing in to a Jellyfin server: check the address, then password or Quick Connect."""

from __future__ import annotations

import asyncio
import time
from dataclasses import dataclass

from reel_qt.backends.http import HttpTransport, TlsTrust
from reel_qt.backends.jellyfin import dto
from reel_qt.backends.jellyfin.address import normalise_server_url
from reel_qt.backends.jellyfin.client import JellyfinClient
from reel_qt.core.device import DeviceIdentity
from reel_qt.core.errors import BackendError, RemoteNotFoundError

QUICK_CONNECT_POLL_S = 2.0
QUICK_CONNECT_TIMEOUT_S = 300.0


@dataclass(frozen=True, slots=True)
class ServerInfo:
    """A Jellyfin server as it describes itself before sign-in."""

    url: str
    name: str
    version: str
    server_id: str
    local_address: str | None


@dataclass(frozen=True, slots=True)
class SignedIn:
    """The outcome of a sign-in: who, where, and the token (for the keyring only)."""

    server: ServerInfo
    user_id: str
    user_name: str
    token: str


def _client(url: str, identity: DeviceIdentity, trust: TlsTrust | None) -> JellyfinClient:
    transport = HttpTransport([url], trust=trust or TlsTrust())
    return JellyfinClient(transport, identity)


async def probe(url: str, identity: DeviceIdentity, trust: TlsTrust | None = None) -> ServerInfo:
    """Normalise an address and ask the server who it is.

    Raises:
        InvalidArgumentError: the address cannot be a server address.
        BackendConnectionError: nothing answers there.
        UntrustedCertificateError: its certificate needs the user's decision.
        BackendError: something answers, but not a Jellyfin server.
    """
    base = normalise_server_url(url)
    client = _client(base, identity, trust)
    try:
        return _describe(base, await client.public_info())
    finally:
        await client.close()


def _describe(base: str, info: dto.PublicSystemInfo) -> ServerInfo:
    return ServerInfo(
        url=base,
        name=info.server_name or "Jellyfin",
        version=info.version or "unknown",
        server_id=info.id or "",
        local_address=info.local_address,
    )


def _signed_in(server: ServerInfo, result: dto.AuthenticationResult) -> SignedIn:
    return SignedIn(
        server=server,
        user_id=result.user.id,
        user_name=result.user.name or "",
        token=result.access_token,
    )


async def sign_in_with_password(
    url: str,
    username: str,
    password: str,
    identity: DeviceIdentity,
    trust: TlsTrust | None = None,
) -> SignedIn:
    """Check the server, then sign in with a user name and password.

    Raises:
        AuthenticationError: wrong user name or password.
        BackendError: the server cannot be reached or is not Jellyfin (see `probe`).
    """
    base = normalise_server_url(url)
    client = _client(base, identity, trust)
    try:
        server = _describe(base, await client.public_info())
        result = await client.authenticate_by_name(username, password)
        return _signed_in(server, result)
    finally:
        await client.close()


class QuickConnect:
    """A Quick Connect sign-in: show `code`, then `wait` until the user approves it."""

    def __init__(self, url: str, identity: DeviceIdentity, trust: TlsTrust | None = None) -> None:
        self.url = normalise_server_url(url)
        self._client = _client(self.url, identity, trust)
        self._server: ServerInfo | None = None
        self._secret: str | None = None
        self.code: str | None = None

    async def start(self) -> str:
        """Ask the server for a code to show the user.

        Raises:
            BackendError: Quick Connect is off, or the server cannot be reached.
        """
        self._server = _describe(self.url, await self._client.public_info())
        if not await self._client.quick_connect_enabled():
            raise BackendError(
                f"Quick Connect is switched off on {self._server.name}; sign in with a "
                "password, or ask the server's administrator to enable it."
            )
        request = await self._client.quick_connect_initiate()
        self._secret, self.code = request.secret, request.code
        return request.code

    async def wait(
        self, *, poll_s: float = QUICK_CONNECT_POLL_S, timeout_s: float = QUICK_CONNECT_TIMEOUT_S
    ) -> SignedIn:
        """Poll until the code is approved, then sign in.

        Raises:
            BackendError: the code expired or was not approved in time.
        """
        if self._secret is None or self._server is None:
            raise RuntimeError("start() first")
        deadline = time.monotonic() + timeout_s
        while True:
            try:
                state = await self._client.quick_connect_state(self._secret)
            except RemoteNotFoundError as error:
                raise BackendError(
                    "The Quick Connect code expired before it was approved. Start again."
                ) from error
            if state.authenticated:
                break
            if time.monotonic() >= deadline:
                raise BackendError(
                    f"The Quick Connect code {self.code} was not approved in time. Start again."
                )
            await asyncio.sleep(poll_s)
        result = await self._client.authenticate_with_quick_connect(self._secret)
        return _signed_in(self._server, result)

    async def close(self) -> None:
        """Release the connection."""
        await self._client.close()
