"""FakePlex: plex.tv and a Plex Media Server on loopback, which tests start, break and mutate."""

from __future__ import annotations

import asyncio
import gc
import tempfile
import time
from collections.abc import Iterable, Mapping
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, Any

from aiohttp import web

from tests.fakes.hls import Transcode
from tests.fakes.jellyfin.faults import Faults
from tests.fakes.page_cache import PageCache
from tests.fakes.plex import gdm, plextv, routes_library, routes_playback
from tests.fakes.plex.accounts import Accounts, Connection, HomeUser, Pin
from tests.fakes.plex.app import PLEX_TV, PMS, PlexRequest, Router, build_app
from tests.fakes.plex.generator import ANCHOR_S, DAY_S, Generator, LibrarySize
from tests.fakes.plex.model import Item, Library, View
from tests.fakes.plex.query import ListingCache
from tests.fakes.plex.render import Tags

if TYPE_CHECKING:
    from tests.fakes.jellyfin.tls import Certificate

PMS_ROUTES = Router()
PMS_ROUTES.routes = routes_library.ROUTES.routes + routes_playback.ROUTES.routes


class FakePlex:
    """plex.tv plus one Plex Media Server, each an aiohttp app on its own loopback port.

    `size` is "small", "medium", "bench" or a LibrarySize. `tls=True` serves both over
    HTTPS with a fresh self-signed certificate (see `certificate`).
    """

    def __init__(
        self,
        size: str | LibrarySize = "small",
        *,
        seed: int = 1,
        tls: bool = False,
        host: str = "127.0.0.1",
        port: int = 0,
        plex_tv_port: int = 0,
        username: str = "reel",
        password: str = "secret",
        friendly_name: str = "Reel Fake Plex",
    ) -> None:
        """Generate the library and the home now; nothing listens until `start()`."""
        self.accounts = Accounts(seed, username)
        self._generator = Generator(seed)
        users = tuple(u.id for u in self.accounts.home_users)
        self.library: Library = self._generator.build(LibrarySize.of(size), users)
        if sum(self.library.counts.values()) > 20_000:
            # Full GC passes over ~10^6 long-lived objects would halve the serving speed;
            # frozen objects are never scanned (the library lives as long as the server).
            gc.freeze()
        self.tags = Tags(self.library)
        self.listing_cache = ListingCache()
        self.page_cache = PageCache()  # off unless a benchmark turns it on
        self.password = password
        self.friendly_name = friendly_name
        self.version = "1.41.3.9314-a0bfb8370"
        self.host, self.port, self.plex_tv_port = host, port, plex_tv_port
        self.tls = tls
        self.certificate: Certificate | None = None
        self.faults = Faults()  # the PMS's fault plan
        self.plex_tv_faults = Faults()
        self.requests: list[PlexRequest] = []
        self.media_files: dict[int, Path | bytes] = {}
        self.transcodes: dict[int, Transcode] = {}  # rating key -> what its HLS serves
        self.transcode_sessions: dict[str, int] = {}  # HLS session -> rating key
        self.connections: list[Connection] = []
        self._custom_connections = False
        self._scrobbled: set[tuple[int, int]] = set()
        self._runners: list[web.AppRunner] = []
        self._tempdir: tempfile.TemporaryDirectory[str] | None = None
        self._gdm: tuple[asyncio.DatagramTransport, gdm.GdmProtocol] | None = None

    # -- life cycle -------------------------------------------------------------------------

    async def start(self) -> FakePlex:
        """Start both servers (port 0 picks free ports)."""
        ssl_context = None
        if self.tls:
            from tests.fakes.jellyfin import tls as tls_certs  # cryptography: only when asked

            self._tempdir = tempfile.TemporaryDirectory(prefix="fake-plex-tls-")
            self.certificate = tls_certs.self_signed(Path(self._tempdir.name), self.host)
            ssl_context = self.certificate.server_context()
        for app, router in ((PMS, PMS_ROUTES), (PLEX_TV, plextv.ROUTES)):
            runner = web.AppRunner(
                build_app(self, router, app), access_log=None, handle_signals=False
            )
            await runner.setup()
            port = self.port if app == PMS else self.plex_tv_port
            await web.TCPSite(runner, self.host, port, ssl_context=ssl_context).start()
            self._runners.append(runner)
            bound = int(runner.addresses[0][1])
            if app == PMS:
                self.port = bound
            else:
                self.plex_tv_port = bound
        if not self._custom_connections:
            self.connections = [Connection(self.server_url, local=True)]
        return self

    async def stop(self) -> None:
        """Stop both servers and the GDM responder."""
        if self._gdm is not None:
            self._gdm[0].close()
            self._gdm = None
        for runner in self._runners:
            await runner.cleanup()
        self._runners.clear()
        if self._tempdir is not None:
            self._tempdir.cleanup()
            self._tempdir = None

    async def __aenter__(self) -> FakePlex:
        """`async with FakePlex() as plex:` starts and stops it."""
        return await self.start()

    async def __aexit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        """Stop on the way out."""
        await self.stop()

    async def start_gdm(self, port: int = 0, host: str = "127.0.0.1") -> int:
        """Answer GDM searches on `port` (0 = a free one); returns the port."""
        self._gdm = await gdm.start_responder(self.gdm_info, host, port)
        return int(self._gdm[0].get_extra_info("sockname")[1])

    def gdm_info(self) -> dict[str, str]:
        """The fields of a GDM reply (no value contains a colon)."""
        return {
            "Content-Type": "plex/media-server",
            "Resource-Identifier": self.machine_identifier,
            "Name": self.friendly_name,
            "Port": str(self.port),
            "Updated-At": str(self.library.sections[0].updated_at),
            "Version": self.version,
            "Host": f"{self.machine_identifier}.plex.direct",
        }

    # -- what tests read ----------------------------------------------------------------------

    @property
    def server_url(self) -> str:
        """The PMS address: `http://127.0.0.1:PORT` (https with tls)."""
        return f"{'https' if self.tls else 'http'}://{self.host}:{self.port}"

    @property
    def plex_tv_url(self) -> str:
        """The plex.tv stand-in's base URL (what REEL_PLEX_TV_URL should be)."""
        return f"{'https' if self.tls else 'http'}://{self.host}:{self.plex_tv_port}"

    @property
    def machine_identifier(self) -> str:
        """The server's machineIdentifier (resources' clientIdentifier)."""
        return self.library.machine_identifier

    @property
    def account_token(self) -> str:
        """The owner's plex.tv token (also the owner's server token)."""
        return self.accounts.owner.account_token

    def server_token(self, user: HomeUser | str | int | None = None) -> str:
        """The token a home user (default: the owner) uses against the server."""
        return self.accounts.user(user).server_token

    @property
    def home_users(self) -> list[HomeUser]:
        """The owner, "Kid" (managed, PIN 1234) and "Guest Room" (managed, no PIN)."""
        return self.accounts.home_users

    @property
    def counts(self) -> dict[str, int]:
        """{"movie": N, "show": N, "season": N, "episode": N}."""
        return self.library.counts

    def requests_to(
        self, path: str, method: str | None = None, app: str | None = None
    ) -> list[PlexRequest]:
        """Recorded requests to exactly `path`, optionally by method and app ("pms"/"plex.tv")."""
        wanted = path.rstrip("/")
        return [
            r
            for r in self.requests
            if r.path.rstrip("/") == wanted
            and (method is None or r.method == method.upper())
            and (app is None or r.app == app)
        ]

    def now(self) -> int:
        """The server clock in epoch seconds (never before the generated library)."""
        return max(int(time.time()), ANCHOR_S + DAY_S)

    # -- plex.tv ------------------------------------------------------------------------------

    def approve_pin(self, pin: int | str, user: HomeUser | str | int | None = None) -> Pin:
        """Link a PIN (by id or code) to a home user's account, as plex.tv/link would."""
        found = self.accounts.find_pin(pin)
        found.auth_token = self.accounts.user(user).account_token
        return found

    def expire_pin(self, pin: int | str) -> Pin:
        """Expire a PIN now: polling it answers 404."""
        found = self.accounts.find_pin(pin)
        found.expired = True
        return found

    def revoke_tokens(self) -> None:
        """Every token (plex.tv and server) stops working; `account_token` etc. are new."""
        self.accounts.revoke()

    def set_connections(self, connections: Iterable[Connection | str | Mapping[str, Any]]) -> None:
        """What resources advertises for the server: Connections, URIs (local) or dicts
        with `uri` and optionally local/relay/address/port/protocol/ipv6."""
        out = []
        for c in connections:
            if isinstance(c, str):
                c = Connection(c)
            elif not isinstance(c, Connection):
                c = Connection(**c)
            out.append(c)
        self.connections = out
        self._custom_connections = True

    # -- mutations between syncs --------------------------------------------------------------

    def _touch(self) -> None:
        self.library.version += 1
        for section in self.library.sections:
            section.content_changed_at += 1

    def add_movies(self, n: int) -> list[Item]:
        """Add `n` movies, added and updated now."""
        added = self._generator.add_movies(self.library, n, now=self.now())
        self._touch()
        return added

    def add_episodes(self, season: int, n: int) -> list[Item]:
        """Add `n` episodes at the end of a season (by rating key), added now."""
        found = self._item(season)
        if found.kind != "season":
            raise ValueError(f"{season} is a {found.kind}, not a season")
        added = self._generator.add_episodes(self.library, found, n, now=self.now())
        self._touch()
        return added

    def change_items(self, items: Iterable[int] | int, **changes: Any) -> list[Item]:
        """Edit items (rating keys, or the first `n` movies) and bump their updatedAt.

        With no `changes` each item gets a new summary and rating, and movies a
        " (Director's Cut)" title; otherwise the given Item attributes are set.
        """
        now = self.now()
        changed = (
            self.library.movies[:items]
            if isinstance(items, int)
            else [self._item(k) for k in items]
        )
        for item in changed:
            for key, value in changes.items():
                if not hasattr(item, key):
                    raise AttributeError(f"items have no attribute {key!r}")
                setattr(item, key, value)
            if not changes:
                item.summary = f"Changed at {now}. {item.summary or ''}".strip()
                item.audience_rating = round(((item.audience_rating or 5.0) + 1.3) % 10, 1)
                if item.kind == "movie" and not item.title.endswith(" (Director's Cut)"):
                    item.title += " (Director's Cut)"
            item.updated_at = now
        self._touch()
        return changed

    def delete_items(self, items: Iterable[int] | int) -> list[Item]:
        """Delete items (rating keys, or the last `n` movies) and everything below them."""
        if isinstance(items, int):
            doomed = self.library.movies[len(self.library.movies) - items :] if items else []
        else:
            doomed = [self._item(k) for k in items]
        removed = self.library.remove(doomed)
        self._touch()
        return removed

    def set_watched(
        self, rating_key: int, user: HomeUser | str | int | None = None, watched: bool = True,
        offset_ms: int = 0,
    ) -> None:  # fmt: skip
        """Set a user's state of a video as another client would (updatedAt stays)."""
        item, user_id = self._item(rating_key), self.accounts.user(user).id
        views = self.library.user_views(user_id)
        view = views.setdefault(item.rating_key, View())
        view.count = max(1, view.count) if watched else 0
        view.offset_ms = offset_ms
        view.last_viewed_at = self.now() if watched or offset_ms else None
        if not (view.count or view.offset_ms):
            del views[item.rating_key]
        self.library.views_version += 1

    def set_media(self, rating_key: int, content: Path | bytes) -> None:
        """Serve this file (or these bytes) as the item's part."""
        self.media_files[self._item(rating_key).rating_key] = content

    def set_transcode(self, rating_key: int, clip: Path, duration_s: float) -> None:
        """Serve this MPEG-TS clip as the item's HLS transcode (one segment)."""
        self.transcodes[self._item(rating_key).rating_key] = Transcode(clip, duration_s)

    def _item(self, rating_key: int | str) -> Item:
        item = self.library.get(rating_key)
        if item is None:
            raise KeyError(f"no item {rating_key}")
        return item

    # -- what the play-state routes do ------------------------------------------------------

    def mark(self, user_id: int, item: Item, watched: bool) -> None:
        """Scrobble (one more play, offset cleared) or unscrobble every leaf of an item."""
        views, now = self.library.user_views(user_id), self.now()
        for leaf in self.library.leaves(item):
            if watched:
                view = views.setdefault(leaf.rating_key, View())
                view.count, view.offset_ms, view.last_viewed_at = view.count + 1, 0, now
            else:
                views.pop(leaf.rating_key, None)
        self.library.views_version += 1

    def report_position(
        self, user_id: int, item: Item, position: int, threshold: int, state: str
    ) -> None:
        """A timeline report: the offset is kept; crossing the threshold counts one play."""
        views, key = self.library.user_views(user_id), (user_id, item.rating_key)
        view = views.setdefault(item.rating_key, View())
        if threshold and position >= threshold:
            if key not in self._scrobbled:
                view.count += 1
                view.last_viewed_at = self.now()
                self._scrobbled.add(key)
            view.offset_ms = 0
        else:
            self._scrobbled.discard(key)
            view.offset_ms = max(0, position)
        if state == "stopped":
            self._scrobbled.discard(key)
        if not (view.count or view.offset_ms or view.last_viewed_at):
            del views[item.rating_key]
        self.library.views_version += 1
