"""Transport to one Jellyfin server: identity headers, sign-in calls and typed GET/POST.

All requests go through `HttpTransport` (addresses, retries, errors); this module adds
what is Jellyfin's own: the `Authorization: MediaBrowser ...` header with the per-install
DeviceId and, once signed in, the token. The token travels only in that header, never
in a URL, so it cannot end up in a log.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

import msgspec

from reel_qt.backends.http import HttpTransport, Params, Response, ServerClient
from reel_qt.backends.jellyfin import dto
from reel_qt.backends.jellyfin.parsers import decode
from reel_qt.core.device import DeviceIdentity
from reel_qt.core.errors import AuthenticationError, BackendError

T = TypeVar("T")


def _quoted(value: str) -> str:
    # The header's values are quoted strings; the server does not unescape, so drop
    # what would break the quoting rather than escape it.
    return value.replace('"', "").replace(",", " ").replace("\n", " ")


def authorization_header(identity: DeviceIdentity, token: str | None = None) -> str:
    """The `MediaBrowser` authorization value Jellyfin expects from every client."""
    fields = [
        f'Client="{_quoted(identity.product)}"',
        f'Device="{_quoted(identity.device_name)}"',
        f'DeviceId="{_quoted(identity.device_id)}"',
        f'Version="{_quoted(identity.version)}"',
    ]
    if token:
        fields.append(f'Token="{_quoted(token)}"')
    return "MediaBrowser " + ", ".join(fields)


class JellyfinClient(ServerClient):
    """Typed calls to one Jellyfin server as one user."""

    def __init__(
        self,
        transport: HttpTransport,
        identity: DeviceIdentity,
        *,
        token: str | None = None,
        user_id: str | None = None,
    ) -> None:
        super().__init__(transport, identity, token=token)
        self.user_id = user_id

    def headers(self) -> dict[str, str]:
        """Headers for the next request (identity, and the token once signed in)."""
        return {
            "Authorization": authorization_header(self.identity, self.token),
            "Accept": "application/json",
        }

    async def get_typed(
        self, path: str, shape: type[T], what: str, params: Params | None = None
    ) -> T:
        """GET a path and decode its reply into shape."""
        return decode((await self.get(path, params)).body, shape, what)

    # sign-in

    async def public_info(self) -> dto.PublicSystemInfo:
        """Who the server is; needs no sign-in."""
        info = await self.get_typed("/System/Info/Public", dto.PublicSystemInfo, "the server info")
        if not info.id and not info.server_name:
            raise BackendError(
                f"{self.base_url} answered, but not like a Jellyfin server. Check the address."
            )
        return info

    async def authenticate_by_name(self, username: str, password: str) -> dto.AuthenticationResult:
        """Sign in with a user name and password.

        Raises:
            AuthenticationError: wrong user name or password.
        """
        try:
            response = await self.post(
                "/Users/AuthenticateByName", body={"Username": username, "Pw": password}
            )
        except AuthenticationError as error:
            raise AuthenticationError(
                "The server did not accept that user name and password."
            ) from error
        return self._signed_in(decode(response.body, dto.AuthenticationResult, "the sign-in"))

    async def quick_connect_enabled(self) -> bool:
        """Whether the server has Quick Connect switched on."""
        response = await self.get("/QuickConnect/Enabled")
        try:
            return bool(msgspec.json.decode(response.body, type=bool))
        except msgspec.DecodeError:
            return False

    async def quick_connect_initiate(self) -> dto.QuickConnectResult:
        """Start a Quick Connect request; its code is what the user enters elsewhere."""
        try:
            response = await self.post("/QuickConnect/Initiate")
        except AuthenticationError as error:
            raise BackendError("Quick Connect is switched off on this server.") from error
        return decode(response.body, dto.QuickConnectResult, "the Quick Connect request")

    async def quick_connect_state(self, secret: str) -> dto.QuickConnectResult:
        """Whether the user has approved the Quick Connect request yet."""
        return await self.get_typed(
            "/QuickConnect/Connect",
            dto.QuickConnectResult,
            "the Quick Connect state",
            {"secret": secret},
        )

    async def authenticate_with_quick_connect(self, secret: str) -> dto.AuthenticationResult:
        """Exchange an approved Quick Connect secret for a token."""
        response = await self.post("/Users/AuthenticateWithQuickConnect", body={"Secret": secret})
        return self._signed_in(decode(response.body, dto.AuthenticationResult, "the sign-in"))

    def _signed_in(self, result: dto.AuthenticationResult) -> dto.AuthenticationResult:
        self.token = result.access_token
        self.user_id = result.user.id
        return result

    # library

    async def views(self) -> list[dto.BaseItem]:
        """The user's top-level views (libraries)."""
        result = await self.get_typed(
            "/UserViews", dto.ItemsResult, "the list of libraries", {"userId": self._user()}
        )
        return result.items

    async def items(self, params: Params) -> Response:
        """One raw page of `/Items` for the signed-in user (decoded by the caller)."""
        return await self.get("/Items", [("userId", self._user()), *_pairs(params)])

    def _user(self) -> str:
        if not self.user_id:
            raise AuthenticationError("Reel is not signed in to this server. Sign in again.")
        return self.user_id


def _pairs(params: Params) -> list[tuple[str, Any]]:
    return list(params.items()) if isinstance(params, Mapping) else list(params)
