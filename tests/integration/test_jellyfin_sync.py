"""Syncing a fake Jellyfin server into a real SQLite file over loopback.

Expected values come from the fake's generated library (`server.library`), never from
what Reel stored.
"""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from reel_qt.backends.base import MediaBackend
from reel_qt.backends.jellyfin.signin import sign_in_with_password
from reel_qt.backends.page_parsing import PageParser
from reel_qt.runtime import Runtime
from reel_qt.store.repositories.listing import ItemFilter
from reel_qt.store.views import SourceView
from reel_qt.sync.sources import jellyfin_backend
from tests.event_recorder import EventRecorder
from tests.fakes.jellyfin import FakeJellyfin
from tests.fakes.jellyfin.faults import FAIL, RETRY_AFTER, TRUNCATE
from tests.integration.jellyfin_helpers import TcpRelay, signed_in_runtime

TICKS_PER_MS = 10_000
KINDS = {"Movie": "movie", "Series": "show", "Season": "season", "Episode": "episode"}


def _small_pages(runtime: Runtime, page_size: int = 7, parser: PageParser | None = None) -> None:
    """Serve Jellyfin sources with small pages, so a small library spans many."""

    async def factory(source: SourceView) -> MediaBackend:
        backend = await jellyfin_backend(source, runtime.credentials, runtime.identity, parser)
        backend.page_size = page_size
        return backend

    runtime.backends.register("jellyfin", factory)


def _expected(server: FakeJellyfin) -> dict[str, tuple[str, str, bool, int]]:
    """remote id -> (type, title, played, position ms), from the fake's own data."""
    library = server.library
    items = [*library.movies, *library.series, *library.seasons, *library.episodes]
    return {
        i.id: (KINDS[i.kind], i.name, i.played, i.position_ticks // TICKS_PER_MS) for i in items
    }


async def _stored(runtime: Runtime, source_id: int) -> dict[str, tuple[str, str, bool, int]]:
    rows = await runtime.service.list_items(ItemFilter(source_id=source_id))
    result = {}
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


async def test_full_sync_matches_the_server(tmp_path: Path, fake_jellyfin: FakeJellyfin) -> None:
    async with signed_in_runtime(tmp_path, fake_jellyfin) as (runtime, source):
        _small_pages(runtime)
        recorder = EventRecorder(runtime.bus)
        [result] = await runtime.sync.sync_sources()
        assert result.ok, result.error
        expected = _expected(fake_jellyfin)
        assert await _stored(runtime, source.id) == expected
        assert result.items_written == len(expected)

        libraries = {lib.name: lib.kind for lib in await runtime.service.list_libraries(source.id)}
        kinds = {"movies": "movies", "tvshows": "shows"}
        assert libraries == {
            v.name: kinds.get(v.collection_type or "", "unsupported")
            for v in fake_jellyfin.library.views
        }
        assert "unsupported" in libraries.values()  # e.g. music: listed, not synced

        # Links, numbers, people and streams of one episode, against the fake's item.
        episode = fake_jellyfin.library.episodes[3]
        [row] = [
            r
            for r in await runtime.service.list_items(ItemFilter(source_id=source.id))
            if r.title == episode.name and r.type == "episode"
        ]
        detail = await runtime.service.get_item(row.id)
        assert (detail.season_number, detail.episode_number) == (
            episode.parent_index_number,
            episode.index_number,
        )
        parent = await runtime.service.get_item(detail.parent_id or 0)
        assert parent.remote_id == episode.season_id
        show = await runtime.service.get_item(detail.show_id or 0)
        assert show.remote_id == episode.series_id
        people = [fake_jellyfin.library.people[i] for i in episode.people]
        assert sorted(c.name for c in detail.credits) == sorted(p.name for p in people)
        assert detail.duration_ms == (episode.runtime_ticks or 0) // TICKS_PER_MS
        assert any(s.type == "audio" for s in detail.streams)

        progress = [args for name, args in recorder.events if name == "syncProgress"]
        assert progress and progress[-1][2] == progress[-1][3]  # done == total at the end
        pages = fake_jellyfin.requests_to("/Items")
        assert all(r.query["Limit"] in ("7", "0") or "Limit" not in r.query for r in pages)


async def test_pages_parsed_in_the_worker_process_store_the_same_library(
    tmp_path: Path, fake_jellyfin: FakeJellyfin
) -> None:
    parser = PageParser(threshold_bytes=0)  # every page goes to the worker process
    try:
        async with signed_in_runtime(tmp_path, fake_jellyfin) as (runtime, source):
            _small_pages(runtime, page_size=50, parser=parser)
            [result] = await runtime.sync.sync_sources()
            assert result.ok, result.error
            assert parser._worker is not None  # a process did parse them
            assert await _stored(runtime, source.id) == _expected(fake_jellyfin)
            # Resent unchanged, the worker's digests match the stored ones: nothing written.
            [again] = await runtime.sync.sync_sources(full=True)
            assert again.ok and again.items_written == 0
    finally:
        parser.close()


async def test_unchanged_library_syncs_with_few_small_requests(
    tmp_path: Path, fake_jellyfin: FakeJellyfin
) -> None:
    async with signed_in_runtime(tmp_path, fake_jellyfin) as (runtime, source):
        await runtime.sync.sync_sources()
        before = len(fake_jellyfin.requests)
        [result] = await runtime.sync.sync_sources()
        assert result.ok and result.items_written == 0 and result.items_deleted == 0
        again = fake_jellyfin.requests[before:]
        items = [r for r in again if r.path.lower() == "/items"]
        # Per library: changed metadata, changed user data, and one count (Limit=0).
        assert all(
            "MinDateLastSaved" in r.query
            or "MinDateLastSavedForUser" in r.query
            or r.query.get("Limit") == "0"
            for r in items
        ), [r.query for r in items]
        synced = [
            lib
            for lib in await runtime.service.list_libraries(source.id)
            if lib.kind != "unsupported"
        ]
        assert len(items) == 3 * len(synced)


async def test_incremental_sync_sees_additions_changes_deletions_and_user_data(
    tmp_path: Path, fake_jellyfin: FakeJellyfin
) -> None:
    async with signed_in_runtime(tmp_path, fake_jellyfin) as (runtime, source):
        _small_pages(runtime)
        await runtime.sync.sync_sources()
        library = fake_jellyfin.library
        fake_jellyfin.add_movies(3)
        fake_jellyfin.change_items(2)
        doomed = fake_jellyfin.delete_items([library.series[-1].id])
        unwatched = next(e for e in library.episodes if not e.played)
        fake_jellyfin.set_played(unwatched.id, True)
        resumed = next(m for m in library.movies if not m.played and not m.position_ticks)
        fake_jellyfin.set_played(resumed.id, False, position_ticks=42 * 60 * 10_000_000)

        [result] = await runtime.sync.sync_sources()
        assert result.ok, result.error
        assert await _stored(runtime, source.id) == _expected(fake_jellyfin)
        assert result.items_deleted == len(doomed) > 1  # the series and everything below it
        full_listings = [
            r
            for r in fake_jellyfin.requests_to("/Items")
            if "MinDateLastSaved" not in r.query
            and "MinDateLastSavedForUser" not in r.query
            and r.query.get("Fields")
        ]
        # Only the first sync listed everything; the second asked for changes and ids.
        assert {r.query["StartIndex"] for r in full_listings} >= {"0"}


@pytest.mark.expect_log_warnings
async def test_interrupted_sync_keeps_pages_and_resumes(
    tmp_path: Path, fake_jellyfin: FakeJellyfin
) -> None:
    async with signed_in_runtime(tmp_path, fake_jellyfin) as (runtime, source):
        _small_pages(runtime)
        first_view = fake_jellyfin.library.views[0]
        # After two pages the server fails every request, retries included: a dead network.
        fake_jellyfin.faults.fail_next(1_000, status=502, path="^/Items$", after=2)
        [failed] = await runtime.sync.sync_sources()
        assert not failed.ok and "internal error (HTTP 502)" in (failed.error or "")
        stored = await runtime.service.list_items(ItemFilter(source_id=source.id))
        assert len(stored) == 14  # the two whole pages reached the database, nothing else
        [state] = [
            await runtime.service.get_sync_state(lib.id)
            for lib in await runtime.service.list_libraries(source.id)
            if lib.remote_id == first_view.id
        ]
        assert state.last_error and "HTTP 502" in state.last_error

        fake_jellyfin.faults.clear()
        before = len(fake_jellyfin.requests)
        [result] = await runtime.sync.sync_sources()
        assert result.ok, result.error
        resumed = [
            r
            for r in fake_jellyfin.requests[before:]
            if r.path == "/Items" and r.query.get("ParentId") == first_view.id
        ]
        assert resumed[0].query["StartIndex"] == "14"
        assert await _stored(runtime, source.id) == _expected(fake_jellyfin)


async def test_busy_server_is_retried_after_the_delay_it_asks_for(
    tmp_path: Path, fake_jellyfin: FakeJellyfin
) -> None:
    async with signed_in_runtime(tmp_path, fake_jellyfin) as (runtime, source):
        fake_jellyfin.faults.retry_after(0.3, n=1, path="^/Items$")
        fake_jellyfin.faults.fail_next(1, status=500, path="^/Items$")
        fake_jellyfin.faults.truncate_next(1, path="^/Items$")
        started = time.monotonic()
        [result] = await runtime.sync.sync_sources()
        assert result.ok, result.error
        assert time.monotonic() - started >= 0.3
        hit = [kind for kind, _, _ in fake_jellyfin.faults.fired]
        assert hit == [RETRY_AFTER, FAIL, TRUNCATE]
        assert await _stored(runtime, source.id) == _expected(fake_jellyfin)


@pytest.mark.expect_log_warnings
async def test_malformed_page_fails_clearly_and_loses_nothing(
    tmp_path: Path, fake_jellyfin: FakeJellyfin
) -> None:
    async with signed_in_runtime(tmp_path, fake_jellyfin) as (runtime, source):
        await runtime.sync.sync_sources()
        before = await _stored(runtime, source.id)
        fake_jellyfin.faults.malformed_next(1, path="^/Items$")
        [result] = await runtime.sync.sync_sources(full=True)
        assert not result.ok
        assert result.error is not None and "cannot read" in result.error
        assert await _stored(runtime, source.id) == before


@pytest.mark.expect_log_warnings
async def test_revoked_token_needs_sign_in_and_keeps_the_library(
    tmp_path: Path, fake_jellyfin: FakeJellyfin
) -> None:
    async with signed_in_runtime(tmp_path, fake_jellyfin) as (runtime, source):
        await runtime.sync.sync_sources()
        before = await _stored(runtime, source.id)
        fake_jellyfin.revoke_tokens()
        [result] = await runtime.sync.sync_sources()
        assert not result.ok and result.error is not None and "Sign in again" in result.error
        stale = await runtime.service.get_source(source.id)
        assert stale.needs_sign_in
        assert await _stored(runtime, source.id) == before

        signed = await sign_in_with_password(
            fake_jellyfin.url, fake_jellyfin.username, fake_jellyfin.password, runtime.identity
        )
        fresh = await runtime.setup.sign_in_again(stale, signed)
        assert not fresh.needs_sign_in
        [again] = await runtime.sync.sync_sources()
        assert again.ok, again.error


async def test_second_address_takes_over_without_signing_in_again(
    tmp_path: Path, fake_jellyfin: FakeJellyfin
) -> None:
    relay = TcpRelay(fake_jellyfin.port)
    lan = await relay.start()
    try:
        async with signed_in_runtime(tmp_path, fake_jellyfin) as (runtime, source):
            # The relay stands for the LAN address, tried first; the fake's own is "public".
            config = {**source.config, "addresses": [lan, fake_jellyfin.url]}
            source = await runtime.service.update_source(source.id, config=config)
            await runtime.sync.sync_sources()
            served_direct = len(fake_jellyfin.requests)
            assert served_direct > 0
            await relay.stop()
            fake_jellyfin.add_movies(1)
            [result] = await runtime.sync.sync_sources()
            assert result.ok, result.error
            assert await _stored(runtime, source.id) == _expected(fake_jellyfin)
            logins = fake_jellyfin.requests_to("/Users/AuthenticateByName")
            assert len(logins) == 1
    finally:
        await relay.stop()


async def test_local_progress_reaches_the_server_after_an_offline_spell(
    tmp_path: Path, fake_jellyfin: FakeJellyfin
) -> None:
    async with signed_in_runtime(tmp_path, fake_jellyfin) as (runtime, source):
        await runtime.sync.sync_sources()
        movie = next(m for m in fake_jellyfin.library.movies if not m.played)
        rows = await runtime.service.list_items(ItemFilter(source_id=source.id, type="movie"))
        [row] = [r for r in rows if r.title == movie.name]
        await runtime.service.save_progress(row.id, position_ms=754_000, duration_ms=None)
        other = next(m for m in fake_jellyfin.library.movies if not m.played and m is not movie)
        [other_row] = [r for r in rows if r.title == other.name]
        await runtime.service.set_watched(other_row.id, True)

        [result] = await runtime.sync.sync_sources()
        assert result.ok, result.error
        assert movie.position_ticks == 754_000 * TICKS_PER_MS and not movie.played
        assert other.played
        assert await runtime.service.pending_progress(source.id) == []


async def test_progress_push_falls_back_on_servers_without_the_user_data_route(
    tmp_path: Path, fake_jellyfin: FakeJellyfin
) -> None:
    async with signed_in_runtime(tmp_path, fake_jellyfin) as (runtime, source):
        await runtime.sync.sync_sources()
        movie, gone = [m for m in fake_jellyfin.library.movies if not m.played][:2]
        rows = await runtime.service.list_items(ItemFilter(source_id=source.id, type="movie"))
        ids = {r.title: r.id for r in rows}
        await runtime.service.save_progress(ids[movie.name], position_ms=300_000)
        await runtime.service.set_watched(ids[gone.name], True)
        # A 10.8 server: the route is missing for every item.
        fake_jellyfin.faults.fail_next(2, status=404, path="/UserData$")
        fake_jellyfin.delete_items([gone.id])

        [result] = await runtime.sync.sync_sources()
        assert result.ok, result.error
        assert movie.position_ticks == 300_000 * TICKS_PER_MS
        assert fake_jellyfin.requests_to("/Sessions/Playing/Stopped", "POST")
        assert await runtime.service.pending_progress(source.id) == []
