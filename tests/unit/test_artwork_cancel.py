"""Posters scrolled away drop their queued image downloads; started ones finish and cache."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest

from reel_qt.backends.http import HttpTransport
from reel_qt.backends.jellyfin.client import JellyfinClient
from reel_qt.core.device import DeviceIdentity
from reel_qt.core.tasks import TaskRegistry
from reel_qt.store.views import SourceView
from reel_qt.ui.images.artwork import ArtworkLoader
from reel_qt.ui.images.artwork_urls import ArtworkUrls
from reel_qt.ui.images.disk_cache import ImageDiskCache
from tests.fakes.jellyfin import FakeJellyfin
from tests.fakes.jellyfin.images import item_images

SLOTS = 2
WIDTH = 240
SOURCE = SourceView(1, "jellyfin", "Living Room", None, {}, None, True, False, None, None, 0)


class _Images:
    """The parts of a Jellyfin backend images need: the real client, the URL shape."""

    def __init__(self, client: JellyfinClient) -> None:
        self.client = client

    def image_url(self, ref: str, width: int) -> str:
        return f"{ref}&maxWidth={width}"

    async def close(self) -> None:
        await self.client.close()


@pytest.fixture
async def slow_server() -> AsyncIterator[FakeJellyfin]:
    """The fake Jellyfin, answering image requests slowly (a busy server far away)."""
    server = FakeJellyfin("small")
    await server.start()
    server.faults.latency_s = 0.4
    server.faults.latency_path = "/Images/"
    yield server
    await server.stop()


def _poster_refs(server: FakeJellyfin, count: int) -> list[str]:
    movies = [m for m in server.library.movies if "Primary" in item_images(m)][:count]
    assert len(movies) == count
    return [f"/Items/{m.id}/Images/Primary?tag={item_images(m)['Primary'][0]}" for m in movies]


def _image_requests(server: FakeJellyfin) -> list[str]:
    return [r.path for r in server.requests if "/Images/" in r.path]


async def _until(condition: Any, seconds: float = 10.0) -> None:
    deadline = asyncio.get_running_loop().time() + seconds
    while not condition():
        assert asyncio.get_running_loop().time() < deadline, "not in time"
        await asyncio.sleep(0.01)


async def test_a_fast_scroll_drops_queued_fetches_and_serves_the_new_screen(
    tmp_path: Path, slow_server: FakeJellyfin, qapp: Any
) -> None:
    client = JellyfinClient(
        HttpTransport([slow_server.url]),
        DeviceIdentity("test-device", "Tests"),
        token=slow_server.issue_token(),
    )

    async def sources(_source_id: int) -> SourceView:
        return SOURCE

    async def backends(_source: SourceView) -> Any:
        return _Images(client)

    loader = ArtworkLoader(
        ImageDiskCache(tmp_path / "art", 64 * 1024 * 1024), sources, backends, concurrency=SLOTS
    )
    tasks = TaskRegistry()
    urls = ArtworkUrls(tasks)
    urls.attach(loader)
    await _until(lambda: loader.cache.is_open)
    refs = _poster_refs(slow_server, 16)
    first_screen, next_screen = refs[:12], refs[12:]

    # A screen of posters asks for its images: two download, ten wait for a slot.
    assert [urls.url(1, ref, WIDTH) for ref in first_screen] == [""] * 12
    await _until(lambda: len(_image_requests(slow_server)) == SLOTS)
    # A fast scroll: every poster of that screen is gone, the next screen asks.
    for ref in first_screen:
        urls.release(1, ref, WIDTH)
    assert urls.dropped == 12 - SLOTS
    assert [urls.url(1, ref, WIDTH) for ref in next_screen] == [""] * 4

    # The new screen's images come next, not after the ten nobody sees any more.
    await _until(lambda: all(urls.url(1, ref, WIDTH) for ref in next_screen))
    requested = _image_requests(slow_server)
    assert len(requested) == SLOTS + len(next_screen)
    dropped = first_screen[SLOTS:]
    assert not any(ref.split("?")[0] in path for ref in dropped for path in requested)
    # The two downloads under way when the posters went still finished into the cache.
    assert all(urls.url(1, ref, WIDTH) for ref in first_screen[:SLOTS])

    # Scrolling back asks again: the dropped images are fetched then.
    assert urls.url(1, dropped[0], WIDTH) == ""
    await _until(lambda: bool(urls.url(1, dropped[0], WIDTH)))
    assert len(_image_requests(slow_server)) == SLOTS + len(next_screen) + 1
    urls.detach()
    await tasks.shutdown()
    await loader.close()
