"""plex.tv's side of the fake: the Plex Home, tokens, PINs and the devices resources lists.

Every home user has a plex.tv token (what a PIN login or a user switch yields) and a server
token (the `accessToken` resources gives for the server). For the owner both are the same,
as for an owned server on plex.tv; for managed users they differ, and PMS accepts only the
server token.
"""

from __future__ import annotations

import random
import secrets
import string
import time
from dataclasses import dataclass, field
from urllib.parse import urlsplit

PIN_TTL_S = 900  # a 4-character code lives 15 minutes
STRONG_PIN_TTL_S = 1800
_TOKEN_ALPHABET = string.ascii_letters + string.digits + "-_"


def new_token() -> str:
    """A fresh 20-character token, the length of a classic plex.tv token."""
    return "".join(secrets.choice(_TOKEN_ALPHABET) for _ in range(20))


@dataclass
class HomeUser:
    """A member of the Plex Home."""

    id: int  # the plex.tv account id (PMS's accountID)
    uuid: str
    title: str
    username: str
    email: str
    admin: bool = False
    restricted: bool = False  # a managed user
    pin: str | None = None  # the profile PIN ("protected" when set)
    account_token: str = field(default_factory=new_token)
    server_token: str = field(default_factory=new_token)

    @property
    def protected(self) -> bool:
        """Whether switching to this user needs the PIN."""
        return self.pin is not None

    @property
    def thumb(self) -> str:
        """The avatar URL plex.tv reports."""
        return f"https://plex.tv/users/{self.uuid}/avatar?c=1718000000"


@dataclass
class Pin:
    """A PIN login in progress, bound to the client identifier that created it."""

    id: int
    code: str
    client_id: str
    product: str
    created_at: float
    expires_in: int
    auth_token: str | None = None
    expired: bool = False

    def alive(self, now: float) -> bool:
        """Not expired, by hand or by time."""
        return not self.expired and now < self.created_at + self.expires_in


@dataclass(frozen=True)
class Connection:
    """One way to reach a device, as resources lists it."""

    uri: str
    local: bool = True
    relay: bool = False
    address: str | None = None  # defaults to the uri's host
    port: int | None = None  # defaults to the uri's port
    protocol: str | None = None  # defaults to the uri's scheme
    ipv6: bool = False

    def as_dict(self) -> dict[str, object]:
        """The JSON shape of plex.tv v2."""
        parts = urlsplit(self.uri)
        return {
            "protocol": self.protocol or parts.scheme,
            "address": self.address or parts.hostname or "",
            "port": self.port or parts.port or (443 if parts.scheme == "https" else 80),
            "uri": self.uri,
            "local": self.local,
            "relay": self.relay,
            "IPv6": self.ipv6,
        }


class Accounts:
    """The Plex Home, its tokens and PIN logins."""

    def __init__(self, seed: int, username: str = "reel") -> None:
        """A home of three: the owner, a managed user with a PIN, one without."""
        rng = random.Random(seed)

        def uuid16() -> str:
            return f"{rng.getrandbits(64):016x}"

        owner_id = 10_000_000 + rng.randrange(1_000_000)
        self.home_users = [
            HomeUser(owner_id, uuid16(), username, username, f"{username}@example.com", admin=True),
            HomeUser(owner_id + 1, uuid16(), "Kid", "", "", restricted=True, pin="1234"),
            HomeUser(owner_id + 2, uuid16(), "Guest Room", "", "", restricted=True),
        ]
        self.home_users[0].server_token = self.home_users[0].account_token
        self.pins: dict[int, Pin] = {}
        self._next_pin = 100_000_000 + rng.randrange(100_000_000)
        self._rng = rng
        self.joined_at = 1_400_000_000

    @property
    def owner(self) -> HomeUser:
        """The home's admin, who owns the server."""
        return self.home_users[0]

    def user(self, who: HomeUser | str | int | None = None) -> HomeUser:
        """A home user by object, title, username, id or uuid (default: the owner)."""
        if who is None:
            return self.owner
        if isinstance(who, HomeUser):
            return who
        for user in self.home_users:
            if who in (user.id, user.uuid, str(user.id)) or str(who).lower() in (
                user.title.lower(),
                user.username.lower(),
            ):
                return user
        raise KeyError(f"no home user {who!r}")

    def tv_user(self, token: str | None) -> HomeUser | None:
        """The home user a plex.tv token belongs to."""
        if not token:
            return None
        return next((u for u in self.home_users if u.account_token == token), None)

    def pms_user(self, token: str | None) -> HomeUser | None:
        """The home user a server token belongs to."""
        if not token:
            return None
        return next((u for u in self.home_users if u.server_token == token), None)

    def revoke(self) -> None:
        """Every token becomes invalid; each user gets fresh ones."""
        for user in self.home_users:
            user.account_token = new_token()
            user.server_token = user.account_token if user.admin else new_token()

    def create_pin(self, client_id: str, product: str, strong: bool) -> Pin:
        """A new PIN: 25 characters for the OAuth flow, 4 for plex.tv/link."""
        alphabet = string.ascii_uppercase + string.digits
        length = 25 if strong else 4
        code = "".join(self._rng.choice(alphabet) for _ in range(length))
        pin = Pin(self._next_pin, code, client_id, product, time.time(),
                  STRONG_PIN_TTL_S if strong else PIN_TTL_S)  # fmt: skip
        self._next_pin += 1
        self.pins[pin.id] = pin
        return pin

    def find_pin(self, id_or_code: int | str) -> Pin:
        """A PIN by id or code."""
        for pin in self.pins.values():
            if id_or_code in (pin.id, str(pin.id), pin.code):
                return pin
        raise KeyError(f"no PIN {id_or_code!r}")
