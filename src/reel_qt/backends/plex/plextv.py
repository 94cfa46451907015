"""plex.tv, the account service: PIN sign-in, the account's servers and its Plex Home.

Requests go through `HttpTransport` with the same `X-Plex-*` headers as server requests,
the account token (once known) in the `X-Plex-Token` header. The base URL comes from
`REEL_PLEX_TV_URL` (default https://plex.tv), so tests and odd set-ups can point it
elsewhere.
"""

from __future__ import annotations

import os
from typing import Any

from reel_qt.backends.http import HttpTransport, Response
from reel_qt.backends.plex import dto, parsers
from reel_qt.backends.plex.client import identity_headers
from reel_qt.core.device import DeviceIdentity
from reel_qt.core.errors import AuthenticationError, BackendError, RemoteNotFoundError

DEFAULT_PLEX_TV_URL = "https://plex.tv"
PLEX_TV_ENV = "REEL_PLEX_TV_URL"
_OK = (200, 201, 204)


def plex_tv_url() -> str:
    """plex.tv's base URL: `REEL_PLEX_TV_URL` when set, else https://plex.tv."""
    return (os.environ.get(PLEX_TV_ENV) or DEFAULT_PLEX_TV_URL).strip().rstrip("/")


def _error_message(response: Response) -> str | None:
    try:
        errors = parsers.decode(response.body, dto.TvErrors, "the error").errors
    except BackendError:
        return None
    return next((e.message for e in errors if e.message), None)


class PlexTv:
    """Calls to plex.tv, with or without an account token."""

    def __init__(
        self,
        identity: DeviceIdentity,
        *,
        token: str | None = None,
        base_url: str | None = None,
        transport: HttpTransport | None = None,
    ) -> None:
        self.identity = identity
        self.token = token
        self.transport = transport or HttpTransport([base_url or plex_tv_url()])
        self.transport.headers = lambda: identity_headers(self.identity, self.token)

    async def close(self) -> None:
        """Release the connection pool."""
        await self.transport.close()

    async def _call(
        self,
        method: str,
        path: str,
        params: dict[str, Any] | None = None,
        ok: tuple[int, ...] = _OK,
    ) -> Response:
        try:
            return await self.transport.request(method, path, params=params, ok=ok)
        except AuthenticationError as error:
            raise AuthenticationError(
                "plex.tv no longer accepts Reel's sign-in (it may have been revoked or "
                "expired). Sign in again."
            ) from error

    # PIN sign-in

    async def create_pin(self) -> dto.Pin:
        """A strong PIN for the app.plex.tv sign-in page, bound to this install."""
        response = await self._call("POST", "/api/v2/pins", {"strong": "true"})
        return parsers.decode(response.body, dto.Pin, "the sign-in code")

    async def check_pin(self, pin_id: int) -> dto.Pin | None:
        """The PIN's state; None once it expired (plex.tv forgets it)."""
        try:
            response = await self._call("GET", f"/api/v2/pins/{pin_id}")
        except RemoteNotFoundError:
            return None
        return parsers.decode(response.body, dto.Pin, "the sign-in code")

    # the account

    async def account(self) -> dto.Account:
        """Whose token this is."""
        response = await self._call("GET", "/api/v2/user")
        return parsers.decode(response.body, dto.Account, "the Plex account")

    async def resources(self) -> list[dto.Resource]:
        """Every device of the account, with HTTPS and relay connections."""
        response = await self._call(
            "GET", "/api/v2/resources", {"includeHttps": "1", "includeRelay": "1"}
        )
        return parsers.decode(response.body, list[dto.Resource], "the list of servers")

    async def home_users(self) -> list[dto.HomeUser]:
        """The members of the account's Plex Home (just the account when it has none)."""
        response = await self._call("GET", "/api/v2/home/users")
        return parsers.decode(response.body, dto.Home, "the Plex Home").users

    async def switch(self, user: dto.HomeUser, pin: str | None) -> dto.Account:
        """Become another home user; returns that user's account with its own token.

        Raises:
            AuthenticationError: the PIN is missing or wrong, or the token was revoked.
        """
        params = {"pin": pin} if pin else None
        response = await self._call(
            "POST", f"/api/v2/home/users/{user.id}/switch", params, ok=(*_OK, 401, 403)
        )
        name = user.title or user.username or "that user"
        if response.status == 401:
            raise AuthenticationError(
                "plex.tv no longer accepts Reel's sign-in (it may have been revoked or "
                "expired). Sign in again."
            )
        if response.status == 403:
            if not pin:
                raise AuthenticationError(
                    f"{name} is protected by a PIN: give it to switch to {name}."
                )
            detail = _error_message(response)
            raise AuthenticationError(
                f"That is not {name}'s PIN" + (f" (plex.tv says: {detail})." if detail else ".")
            )
        account = parsers.decode(response.body, dto.Account, "the switched user")
        if not account.auth_token:
            raise BackendError(f"plex.tv switched to {name} but sent no sign-in for them.")
        return account
