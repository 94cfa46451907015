"""Who is asking: the MediaBrowser authorization header, access tokens and Quick Connect."""

from __future__ import annotations

import re
import secrets
from collections.abc import Mapping
from dataclasses import dataclass, field
from urllib.parse import unquote

_PARAM = re.compile(r'(\w+)\s*=\s*"([^"]*)"')


def parse_authorization(value: str | None) -> dict[str, str]:
    """The key/value pairs of `MediaBrowser Client="..", DeviceId="..", Token=".."`.

    The real server accepts the `Emby` scheme name too, and URL-decodes every value.
    """
    if not value:
        return {}
    scheme, _, rest = value.strip().partition(" ")
    if scheme.lower() not in ("mediabrowser", "emby"):
        return {}
    return {key: unquote(val) for key, val in _PARAM.findall(rest)}


def request_credentials(
    headers: Mapping[str, str], query: Mapping[str, str]
) -> tuple[dict[str, str], str | None]:
    """The client description and the token of a request, wherever it was sent.

    Order as on the real server: the Token in `Authorization` (or `X-Emby-Authorization`),
    then `X-Emby-Token`, then `X-MediaBrowser-Token`, then `ApiKey`/`api_key` in the query.
    `query` must have lower-cased keys.
    """
    auth = parse_authorization(headers.get("Authorization")) or parse_authorization(
        headers.get("X-Emby-Authorization")
    )
    token = (
        auth.get("Token")
        or headers.get("X-Emby-Token")
        or headers.get("X-MediaBrowser-Token")
        or query.get("apikey")
        or query.get("api_key")
    )
    return auth, token or None


@dataclass
class Session:
    """A signed-in device: what AuthenticateByName creates and the token stands for."""

    token: str
    user_id: str
    device_id: str
    device_name: str
    client: str
    version: str
    created_us: int
    last_activity_us: int


@dataclass
class QuickConnectRequest:
    """A pending Quick Connect request, keyed by its secret."""

    secret: str
    code: str
    device_id: str
    device_name: str
    app_name: str
    app_version: str
    added_us: int
    authorized_user: str | None = None


@dataclass
class Sessions:
    """Issued tokens and Quick Connect requests."""

    by_token: dict[str, Session] = field(default_factory=dict)
    quick_connect: dict[str, QuickConnectRequest] = field(default_factory=dict)

    def sign_in(self, user_id: str, auth: Mapping[str, str], now_us: int) -> Session:
        """Issue a token; the device's previous token stops working, as on the real server."""
        device_id = auth.get("DeviceId", "")
        for token, old in list(self.by_token.items()):
            if old.device_id == device_id and old.user_id == user_id:
                del self.by_token[token]
        session = Session(
            token=secrets.token_hex(16),
            user_id=user_id,
            device_id=device_id,
            device_name=auth.get("Device", ""),
            client=auth.get("Client", ""),
            version=auth.get("Version", ""),
            created_us=now_us,
            last_activity_us=now_us,
        )
        self.by_token[session.token] = session
        return session

    def lookup(self, token: str | None, now_us: int) -> Session | None:
        """The session a token belongs to, or None if it is unknown or revoked."""
        session = self.by_token.get(token or "")
        if session is not None:
            session.last_activity_us = now_us
        return session

    def revoke_all(self) -> None:
        """Forget every token: each later request with one gets 401."""
        self.by_token.clear()

    def initiate(self, auth: Mapping[str, str], now_us: int) -> QuickConnectRequest:
        """Start a Quick Connect request for the calling device."""
        code = f"{secrets.randbelow(1_000_000):06d}"
        while any(r.code == code for r in self.quick_connect.values()):
            code = f"{secrets.randbelow(1_000_000):06d}"
        request = QuickConnectRequest(
            secret=secrets.token_hex(32),
            code=code,
            device_id=auth.get("DeviceId", ""),
            device_name=auth.get("Device", ""),
            app_name=auth.get("Client", ""),
            app_version=auth.get("Version", ""),
            added_us=now_us,
        )
        self.quick_connect[request.secret] = request
        return request

    def authorize(self, code: str, user_id: str) -> bool:
        """Approve the request showing `code`, as a signed-in user does in the web UI."""
        for request in self.quick_connect.values():
            if request.code == code:
                request.authorized_user = user_id
                return True
        return False
