"""Browsing a library synced from the fake Jellyfin: posters from the server, then offline."""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Coroutine
from pathlib import Path
from typing import Any

from reel_qt.app import AppShell
from reel_qt.backends.jellyfin.signin import sign_in_with_password
from reel_qt.core.paths import DataPaths
from reel_qt.core.records import LibraryKind
from reel_qt.runtime import Runtime
from reel_qt.sync.credentials import CredentialStore
from tests.fakes.jellyfin import FakeJellyfin
from tests.fakes.keyrings import InMemoryKeyring
from tests.ui.conftest import save_screenshot
from tests.ui.driving import activate, click, has, item, settle, until
from tests.ui.test_browsing import _all, _images_ready

Runner = Callable[[Coroutine[Any, Any, Any]], Any]


async def _synced(tmp_path: Path, server: FakeJellyfin, credentials: CredentialStore) -> None:
    runtime = await Runtime.create(DataPaths(tmp_path / "data"), credentials=credentials)
    try:
        signed_in = await sign_in_with_password(
            server.url, server.username, server.password, runtime.identity
        )
        await runtime.setup.add_jellyfin(signed_in)
        await runtime.sync.sync_sources()
    finally:
        await asyncio.to_thread(runtime.close)


def test_posters_come_from_the_server_and_stay_when_it_goes_away(
    tmp_path: Path, make_shell: Callable[..., AppShell], event_loop_runner: Runner
) -> None:
    server = FakeJellyfin(size="small", seed=1)
    credentials = CredentialStore(InMemoryKeyring())
    shells: list[AppShell] = []

    async def scenario() -> None:
        await server.start()
        try:
            await _synced(tmp_path, server, credentials)
            shell = make_shell(credentials=credentials)
            shells.append(shell)
            shell.start()
            await until(lambda: shell.runtime is not None and has(shell, "homePage"))
            await activate(shell)
            assert shell.runtime is not None
            libraries = await shell.runtime.service.list_libraries()
            movies = next(lib for lib in libraries if lib.kind == LibraryKind.MOVIES)
            await until(lambda: has(shell, f"library{movies.id}"), what="sidebar library")
            await click(shell, item(shell, f"library{movies.id}"))
            await until(lambda: has(shell, "libraryGrid") and shell.browser.library.items.count > 0)
            await settle(shell)
            grid = item(shell, "libraryGrid")
            await until(lambda: _images_ready(grid) >= 8, what="posters from the server")
            loader = shell.artwork_loader
            assert loader is not None and loader.downloads >= 8
            fetched = [r for r in server.requests if "/Images/Primary" in r.path]
            assert fetched and all("maxWidth" in r.query for r in fetched)
            await asyncio.sleep(0.3)
            save_screenshot(shell.window, "browse_jellyfin_library")

            # The server goes away: the library keeps browsing, from the database and the
            # image cache (the grid's posters are on disk at the size it shows them).
            await server.stop()
            downloads = loader.downloads
            shell.browser.navigator.jump("home", 0)
            await until(lambda: has(shell, "homePage"))
            shell.engine.clearComponentCache()
            await click(shell, item(shell, f"library{movies.id}"))
            await until(lambda: has(shell, "libraryGrid"))
            await settle(shell)
            await until(lambda: _images_ready(item(shell, "libraryGrid")) >= 8)
            assert loader.downloads == downloads
            await click(shell, _all(item(shell, "libraryGrid"), "posterImage")[0])
            await until(lambda: has(shell, "moviePage") and bool(shell.browser.movie.detail))
            assert shell.browser.movie.errorMessage == ""
            await shell.stop()
        finally:
            await server.stop()

    event_loop_runner(scenario())
