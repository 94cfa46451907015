"""FakeJellyfin: the object tests start, inspect, break and mutate."""

from __future__ import annotations

import asyncio
import gc
import tempfile
from collections.abc import Iterable
from datetime import UTC, datetime
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, Any

from aiohttp import web

from tests.fakes.hls import Transcode
from tests.fakes.jellyfin import discovery
from tests.fakes.jellyfin.accounts import Account, ServerIdentity
from tests.fakes.jellyfin.app import RecordedRequest, build_app
from tests.fakes.jellyfin.auth import Sessions
from tests.fakes.jellyfin.faults import Faults
from tests.fakes.jellyfin.generator import ANCHOR_US, DAY_US, Generator, LibrarySize
from tests.fakes.jellyfin.library import EPISODE, SEASON, Item, Library, sort_name, to_us
from tests.fakes.jellyfin.query import QueryCache
from tests.fakes.page_cache import PageCache

if TYPE_CHECKING:
    from tests.fakes.jellyfin.tls import Certificate


class FakeJellyfin:
    """A Jellyfin 10.11 server on loopback, serving a generated library.

    `size` is "small", "medium", "bench" or a LibrarySize. `base_path` (e.g. "/jellyfin")
    serves everything below that prefix, as the real server's BaseUrl setting does.
    `tls=True` serves HTTPS with a fresh self-signed certificate (see `certificate`).
    """

    def __init__(
        self,
        size: str | LibrarySize = "small",
        *,
        username: str = "reel",
        password: str = "secret",
        seed: int = 1,
        base_path: str = "",
        tls: bool = False,
        host: str = "127.0.0.1",
        port: int = 0,
        server_name: str = "Reel Fake Jellyfin",
    ) -> None:
        """Generate the library now; nothing listens until `start()`."""
        self._generator = Generator(seed)
        self.library: Library = self._generator.build(LibrarySize.of(size))
        if sum(self.library.counts.values()) > 20_000:
            # Full GC passes over ~10^6 long-lived objects would halve the serving speed;
            # frozen objects are never scanned (the library lives as long as the server).
            gc.freeze()
        self.account = Account(self.library.user_id, username, password)
        self.server_name = server_name
        self.host, self.port = host, port
        self.base_path = "/" + base_path.strip("/") if base_path.strip("/") else ""
        self.tls = tls
        self.certificate: Certificate | None = None
        self.sessions = Sessions()
        self.faults = Faults()
        self.requests: list[RecordedRequest] = []
        self.query_cache = QueryCache()
        self.page_cache = PageCache()  # off unless a benchmark turns it on
        self.quick_connect_enabled = True
        self.media_files: dict[str, Path | bytes] = {}
        self.transcodes: dict[str, Transcode] = {}  # item id -> what its HLS serves
        self._last_us = 0
        self._runner: web.AppRunner | None = None
        self._tempdir: tempfile.TemporaryDirectory[str] | None = None
        self._discovery: tuple[asyncio.DatagramTransport, discovery.DiscoveryProtocol] | None = None

    # -- life cycle -------------------------------------------------------------------------

    async def start(self) -> str:
        """Start listening (port 0 picks a free port); returns `url`."""
        ssl_context = None
        if self.tls:
            from tests.fakes.jellyfin import tls as tls_certs  # cryptography: only when asked

            self._tempdir = tempfile.TemporaryDirectory(prefix="fake-jellyfin-tls-")
            self.certificate = tls_certs.self_signed(Path(self._tempdir.name), self.host)
            ssl_context = self.certificate.server_context()
        self._runner = web.AppRunner(build_app(self), access_log=None, handle_signals=False)
        await self._runner.setup()
        site = web.TCPSite(self._runner, self.host, self.port, ssl_context=ssl_context)
        await site.start()
        sockets = self._runner.addresses
        self.port = int(sockets[0][1])
        return self.url

    async def stop(self) -> None:
        """Stop the HTTP server and the discovery responder."""
        if self._discovery is not None:
            self._discovery[0].close()
            self._discovery = None
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None
        if self._tempdir is not None:
            self._tempdir.cleanup()
            self._tempdir = None

    async def __aenter__(self) -> FakeJellyfin:
        """`async with FakeJellyfin() as server:` starts and stops it."""
        await self.start()
        return self

    async def __aexit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        """Stop on the way out."""
        await self.stop()

    async def start_discovery(self, port: int = 0, host: str = "127.0.0.1") -> int:
        """Answer UDP `who is JellyfinServer?` on `port` (0 = a free one); returns the port."""
        transport, protocol = await discovery.start_responder(self.discovery_info, host, port)
        self._discovery = (transport, protocol)
        return int(transport.get_extra_info("sockname")[1])

    def discovery_info(self) -> dict[str, Any]:
        """The ServerDiscoveryInfo the responder sends (EndpointAddress is always null)."""
        return {
            "Address": self.url,
            "Id": self.library.server_id,
            "Name": self.server_name,
            "EndpointAddress": None,
        }

    # -- what tests read --------------------------------------------------------------------

    @property
    def url(self) -> str:
        """The address clients use, base path included: `http://127.0.0.1:PORT[/base]`."""
        scheme = "https" if self.tls else "http"
        return f"{scheme}://{self.host}:{self.port}{self.base_path}"

    @property
    def username(self) -> str:
        """The account's user name."""
        return self.account.username

    @property
    def password(self) -> str:
        """The account's password."""
        return self.account.password

    @property
    def user_id(self) -> str:
        """The account's user id (32 hex digits)."""
        return self.library.user_id

    @property
    def server_id(self) -> str:
        """The server id (32 hex digits)."""
        return self.library.server_id

    @property
    def identity(self) -> ServerIdentity:
        """Id, name and address, as /System/Info/Public reports them."""
        return ServerIdentity(self.library.server_id, self.server_name, self.url)

    @property
    def counts(self) -> dict[str, int]:
        """{"movie": N, "show": N, "season": N, "episode": N}."""
        return self.library.counts

    def requests_to(self, path: str, method: str | None = None) -> list[RecordedRequest]:
        """Recorded requests whose path equals `path` (case-insensitive), optionally by method."""
        return [
            r
            for r in self.requests
            if r.path.lower().rstrip("/") == path.lower().rstrip("/")
            and (method is None or r.method == method.upper())
        ]

    def now_us(self) -> int:
        """The server clock: real time, strictly increasing, and never before the library."""
        now = max(to_us(datetime.now(UTC)), ANCHOR_US + DAY_US, self._last_us + 1)
        self._last_us = now
        return now

    # -- auth -------------------------------------------------------------------------------

    def issue_token(self, device_id: str = "test-device", client: str = "Reel tests") -> str:
        """A valid access token without going through HTTP sign-in."""
        auth = {"Client": client, "Device": "pytest", "DeviceId": device_id, "Version": "0"}
        return self.sessions.sign_in(self.library.user_id, auth, self.now_us()).token

    def revoke_tokens(self) -> None:
        """Every issued token becomes invalid: later requests with one get 401."""
        self.sessions.revoke_all()

    def approve_quick_connect(self, code: str) -> bool:
        """Approve a pending Quick Connect code, as the user would in the web UI."""
        return self.sessions.authorize(code, self.library.user_id)

    # -- mutations between syncs ------------------------------------------------------------

    def add_movies(self, n: int) -> list[Item]:
        """Add `n` new movies, created and saved now."""
        return self._generator.add_movies(self.library, n, created_us=self.now_us())

    def add_episodes(self, season_id: str, n: int) -> list[Item]:
        """Add `n` episodes at the end of a season, created and saved now."""
        season = self._item(season_id)
        if season.kind != SEASON:
            raise ValueError(f"{season_id} is a {season.kind}, not a season")
        return self._generator.add_episodes(self.library, season, n, created_us=self.now_us())

    def change_items(self, items: Iterable[str] | int, **changes: Any) -> list[Item]:
        """Edit items (ids, or the first `n` movies) and bump their DateLastSaved.

        With no `changes` each item gets a new overview, rating and artwork, and movies a
        " (Director's Cut)" title; otherwise the given attributes are set, e.g. name="X".
        """
        now = self.now_us()
        changed = self._pick(items)
        for item in changed:
            if changes:
                for key, value in changes.items():
                    if not hasattr(item, key):
                        raise AttributeError(f"items have no attribute {key!r}")
                    setattr(item, key, value)
            else:
                item.overview = f"Changed at {now}: {item.overview or ''}".strip()
                item.community_rating = round(((item.community_rating or 5.0) + 1.3) % 10, 1)
                item.image_version += 1
                if item.kind == "Movie" and not item.name.endswith(" (Director's Cut)"):
                    item.name += " (Director's Cut)"
            item.sort_name = _resort(item)
            item.date_saved_us = now
        self.library.version += 1
        return changed

    def delete_items(self, items: Iterable[str] | int) -> list[Item]:
        """Delete items (ids, or the last `n` movies) and everything below them."""
        if isinstance(items, int):
            doomed = self.library.movies[len(self.library.movies) - items :] if items else []
        else:
            doomed = [self._item(i) for i in items]
        return self.library.remove(doomed)

    def set_played(self, item_id: str, played: bool = True, position_ticks: int = 0) -> Item:
        """Set the user's played flag and resume position, as if another client had."""
        item = self._item(item_id)
        now = self.now_us()
        self.library.mark_played(item, played, now)
        if position_ticks:
            item.position_ticks = position_ticks
            item.last_played_us = now
        return item

    def set_favorite(self, item_id: str, favorite: bool = True) -> Item:
        """Set the user's favourite flag."""
        item = self._item(item_id)
        item.favorite = favorite
        item.user_saved_us = self.now_us()
        self.library.version += 1
        return item

    def set_media(self, item_id: str, content: Path | bytes) -> None:
        """Serve this file (or these bytes) from /Videos/{item_id}/stream."""
        self.media_files[self._item(item_id).id] = content

    def set_transcode(self, item_id: str, clip: Path, duration_s: float) -> None:
        """Serve this MPEG-TS clip as the item's HLS transcode (one segment)."""
        self.transcodes[self._item(item_id).id] = Transcode(clip, duration_s)

    def _item(self, item_id: str) -> Item:
        item = self.library.get(item_id)
        if item is None:
            raise KeyError(f"no item {item_id}")
        return item

    def _pick(self, items: Iterable[str] | int) -> list[Item]:
        if isinstance(items, int):
            return self.library.movies[:items]
        return [self._item(i) for i in items]


def _resort(item: Item) -> str:
    parent_index = item.parent_index_number if item.kind == EPISODE else None
    return sort_name(item.kind, item.name, item.index_number, parent_index)
