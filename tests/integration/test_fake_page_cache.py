"""The benchmarks' page cache in the fakes: the same bytes for the same question, until
the library changes; off unless turned on."""

from __future__ import annotations

import aiohttp

from tests.fakes.jellyfin import FakeJellyfin
from tests.fakes.plex import FakePlex


async def _get(url: str, headers: dict[str, str], params: list[tuple[str, str]]) -> bytes:
    async with (
        aiohttp.ClientSession(headers=headers) as session,
        session.get(url, params=params) as reply,
    ):
        assert reply.status == 200
        return await reply.read()


async def test_jellyfin_pages_come_back_alike_until_the_library_changes() -> None:
    async with FakeJellyfin() as server:
        token = server.issue_token()
        auth = f'MediaBrowser Client="t", Device="t", DeviceId="t", Version="1", Token="{token}"'
        headers = {"Authorization": auth}
        movie = server.library.movies[0]
        query = [("userId", server.user_id), ("Ids", movie.id), ("Fields", "Overview")]
        # The same question with its parameters in another order is the same page.
        reordered = [query[2], query[0], query[1]]
        url = f"{server.url}/Items"

        await _get(url, headers, query)
        assert server.page_cache.stats() == (0, 0)  # off: nothing kept

        server.page_cache.enabled = True
        first = await _get(url, headers, query)
        again = await _get(url, headers, reordered)
        assert again == first and server.page_cache.stats() == (1, 1)
        assert b"A New Name" not in first

        server.change_items([movie.id], name="A New Name")
        fresh = await _get(url, headers, query)
        assert server.page_cache.stats() == (1, 2)  # rendered afresh
        assert b"A New Name" in fresh


async def test_plex_pages_come_back_alike_until_the_library_changes() -> None:
    async with FakePlex() as server:
        headers = {"Accept": "application/json", "X-Plex-Token": server.server_token()}
        movie = server.library.movies[0]
        url = f"{server.server_url}/library/metadata/{movie.rating_key}"
        query = [("includeMarkers", "1")]
        server.page_cache.enabled = True
        first = await _get(url, headers, query)
        assert await _get(url, headers, query) == first
        assert server.page_cache.stats() == (1, 1)
        assert b"A New Name" not in first

        server.change_items([movie.rating_key], title="A New Name")
        fresh = await _get(url, headers, query)
        assert server.page_cache.stats() == (1, 2)
        assert b"A New Name" in fresh
