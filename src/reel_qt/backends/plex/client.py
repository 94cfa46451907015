"""Transport to one Plex Media Server: the X-Plex-* identity headers and typed GETs.

All requests go through `HttpTransport` (addresses, retries, errors); this module adds
what is Plex's own: the `X-Plex-*` headers with the per-install client identifier on
every request, `Accept: application/json`, and, once signed in, the token in the
`X-Plex-Token` header. The token never goes into a URL, so it cannot end up in a log.
"""

from __future__ import annotations

import platform
import re
from collections.abc import Sequence
from urllib.parse import quote

from reel_qt.backends.http import Params, Response, ServerClient
from reel_qt.backends.plex import dto, parsers
from reel_qt.core.device import DeviceIdentity
from reel_qt.core.errors import BackendError, RemoteNotFoundError

_UNSAFE = re.compile(r"[^\x20-\x7e]")


def _header_value(text: str) -> str:
    # Header values must stay printable ASCII; a device name with "é" or a newline would
    # otherwise break the request or the server's parsing.
    return _UNSAFE.sub("_", text).strip() or "unknown"


def identity_headers(identity: DeviceIdentity, token: str | None = None) -> dict[str, str]:
    """The `X-Plex-*` headers plex.tv and every server expect from a client."""
    headers = {
        "Accept": "application/json",
        "X-Plex-Client-Identifier": identity.device_id,
        "X-Plex-Product": _header_value(identity.product),
        "X-Plex-Version": _header_value(identity.version),
        "X-Plex-Platform": _header_value(platform.system() or "Linux"),
        "X-Plex-Platform-Version": _header_value(platform.release() or "unknown"),
        "X-Plex-Device": "PC",
        "X-Plex-Device-Name": _header_value(identity.device_name),
        "X-Plex-Provides": "player",
        "X-Plex-Language": "en",
    }
    if token:
        headers["X-Plex-Token"] = token
    return headers


def metadata_path(keys: Sequence[str]) -> str:
    """`/library/metadata/{k1,k2,...}`; each key quoted so a hostile one stays one segment."""
    return "/library/metadata/" + ",".join(quote(key, safe="") for key in keys)


class PlexClient(ServerClient):
    """Typed calls to one Plex Media Server as one user (the token decides who)."""

    def headers(self) -> dict[str, str]:
        """Headers for the next request."""
        return identity_headers(self.identity, self.token)

    async def server_identity(self) -> dto.ServerContainer:
        """Who the server is (`/identity` needs no token).

        Raises:
            BackendError: something answers, but not a Plex Media Server.
        """
        response = await self.get("/identity")
        found = parsers.server(response.body, "the server identity")
        if not found.machine_identifier:
            raise BackendError(
                f"{self.base_url} answered, but not like a Plex Media Server. Check the address."
            )
        return found

    async def describe(self) -> dto.ServerContainer:
        """The server's name and version (`/`, which needs a valid token)."""
        return parsers.server((await self.get("/")).body, "the server description")

    async def sections(self) -> Response:
        """The raw `/library/sections` answer."""
        return await self.get("/library/sections")

    async def listing(self, section: str, params: Params) -> Response:
        """One raw page of `/library/sections/{key}/all`."""
        return await self.get(f"/library/sections/{quote(section, safe='')}/all", params)

    async def metadata(self, keys: Sequence[str], params: Params | None = None) -> Response | None:
        """Items in full by rating key; None when the server has none of them any more."""
        try:
            return await self.get(metadata_path(keys), params)
        except RemoteNotFoundError:
            return None
