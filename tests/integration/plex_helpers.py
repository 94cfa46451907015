"""Shared set-up for the Plex integration tests: runtimes signed in to a fake Plex, and
what the fake's own data says Reel should hold."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

from reel_qt.backends.base import MediaBackend
from reel_qt.backends.plex.signin import PlexAccount, PlexSignedIn, connect
from reel_qt.core.device import DeviceIdentity
from reel_qt.core.paths import DataPaths
from reel_qt.runtime import Runtime
from reel_qt.store.repositories.listing import ItemFilter
from reel_qt.store.views import SourceView
from reel_qt.sync.credentials import CredentialStore
from reel_qt.sync.sources import plex_backend
from tests.fakes.keyrings import InMemoryKeyring
from tests.fakes.plex import FakePlex
from tests.fakes.plex.model import Item

# (type, title, watched, position ms) by rating key
State = dict[str, tuple[str, str, bool, int]]


async def sign_in(
    plex: FakePlex,
    identity: DeviceIdentity,
    *,
    user: str | None = None,
    pin: str | None = None,
) -> PlexSignedIn:
    """Sign in with the owner's account token (as a home user when `user` is given)."""
    account = PlexAccount(plex.account_token, identity, base_url=plex.plex_tv_url)
    acting = account
    try:
        home_user = None
        if user is not None:
            acting, _ = await account.switch(await account.home_user(user), pin)
            home_user = user
        who = await acting.user()
        [server] = await acting.servers()
        return await connect(
            server,
            identity,
            user=who,
            account_token=plex.account_token,
            home_user=home_user,
            timeout_s=2.0,
        )
    finally:
        await account.close()
        if acting is not account:
            await acting.close()


@asynccontextmanager
async def plex_runtime(
    tmp_path: Path, plex: FakePlex, *, user: str | None = None, pin: str | None = None
) -> AsyncIterator[tuple[Runtime, SourceView]]:
    """A fresh data dir whose runtime has the fake server added as a source."""
    runtime = await Runtime.create(
        DataPaths(tmp_path / "data"), credentials=CredentialStore(InMemoryKeyring())
    )
    try:
        signed = await sign_in(plex, runtime.identity, user=user, pin=pin)
        source = await runtime.setup.add_plex(signed)
        yield runtime, source
    finally:
        await asyncio.to_thread(runtime.close)


def small_pages(runtime: Runtime, page_size: int = 7, detail_batch: int = 3) -> None:
    """Serve Plex sources with small pages, so a small library spans many."""

    async def factory(source: SourceView) -> MediaBackend:
        backend = await plex_backend(source, runtime.credentials, runtime.identity)
        backend.page_size = page_size
        backend.detail_batch = detail_batch
        return backend

    runtime.backends.register("plex", factory)


def expected(plex: FakePlex, user: str | None = None) -> State:
    """What Reel should hold, from the fake's own library and the user's view states."""
    library = plex.library
    views = library.user_views(plex.accounts.user(user).id)
    found: State = {}
    for item in (*library.movies, *library.shows, *library.seasons, *library.episodes):
        if item.playable:
            view = views.get(item.rating_key)
            watched = bool(view and view.count)
            position = view.offset_ms if view else 0
        else:
            leaves = list(library.leaves(item))
            watched = bool(leaves) and all(
                views.get(leaf.rating_key) is not None and views[leaf.rating_key].count > 0
                for leaf in leaves
            )
            position = 0
        found[str(item.rating_key)] = (item.kind, item.title, watched, position)
    return found


async def stored(runtime: Runtime, source_id: int) -> State:
    """What Reel holds for a source, in the same shape."""
    rows = await runtime.service.list_items(ItemFilter(source_id=source_id))
    result: State = {}
    for row in rows:
        detail = await runtime.service.get_item(row.id)
        progress = detail.progress
        result[detail.remote_id] = (
            row.type,
            row.title,
            bool(progress and progress.watched),
            progress.position_ms if progress else 0,
        )
    return result


async def row_of(runtime: Runtime, source_id: int, item: Item) -> int:
    """Reel's id of a fake item."""
    rows = await runtime.service.list_items(ItemFilter(source_id=source_id))
    for row in rows:
        detail = await runtime.service.get_item(row.id)
        if detail.remote_id == str(item.rating_key):
            return row.id
    raise KeyError(item.rating_key)
