"""Server libraries synced ahead of a player window test, and the window opened on them."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from pathlib import Path

from reel_qt.app import AppShell
from reel_qt.backends.jellyfin.signin import sign_in_with_password
from reel_qt.core.paths import DataPaths
from reel_qt.runtime import Runtime
from reel_qt.store.repositories.listing import ItemFilter
from reel_qt.sync.credentials import CredentialStore
from tests.fakes.jellyfin import FakeJellyfin
from tests.fakes.plex import FakePlex
from tests.integration.plex_helpers import sign_in as plex_sign_in
from tests.ui.driving import until


async def jellyfin_library(tmp_path: Path, server: FakeJellyfin, creds: CredentialStore) -> None:
    """Sign in to the fake Jellyfin and sync it into the data dir the shell will open."""
    runtime = await Runtime.create(DataPaths(tmp_path / "data"), credentials=creds)
    try:
        signed_in = await sign_in_with_password(
            server.url, server.username, server.password, runtime.identity
        )
        await runtime.setup.add_jellyfin(signed_in)
        await runtime.sync.sync_sources()
    finally:
        await asyncio.to_thread(runtime.close)


async def plex_library(tmp_path: Path, plex: FakePlex, creds: CredentialStore) -> None:
    """Sign in to the fake Plex and sync it into the data dir the shell will open."""
    runtime = await Runtime.create(DataPaths(tmp_path / "data"), credentials=creds)
    try:
        await runtime.setup.add_plex(await plex_sign_in(plex, runtime.identity))
        await runtime.sync.sync_sources()
    finally:
        await asyncio.to_thread(runtime.close)


async def local_id(shell: AppShell, remote_id: str, kind: str) -> int:
    """The library id of the server's item remote_id (of type kind)."""
    assert shell.runtime is not None
    service = shell.runtime.service
    for row in await service.list_items(ItemFilter(type=kind)):
        if (await service.get_item(row.id)).remote_id == remote_id:
            return row.id
    raise AssertionError(f"{remote_id} not synced")


async def open_shell(
    make_player_shell: Callable[..., AppShell], creds: CredentialStore
) -> AppShell:
    """The window on the synced library, its scheduler stopped (nothing left to sync)."""
    shell = make_player_shell(credentials=creds)
    shell.start()
    await until(lambda: shell.runtime is not None, what="store open")
    shell.tasks.cancel("sync.scheduler")
    shell.window.requestActivate()
    return shell
