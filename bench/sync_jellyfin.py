"""sync_jellyfin_full / sync_jellyfin_incremental: the fake server on loopback into SQLite.

The fake serves from this process, its pages rendered before the timed runs; Reel and
the floor each sync in a child process of their own (see `bench.sync_common`). The floor
is the simplest program doing the same work: one aiohttp loop fetching the same pages,
decoding them with msgspec and inserting one row per item with raw sqlite3 executemany.
"""

from __future__ import annotations

import asyncio
import importlib
import sqlite3
import time
from pathlib import Path
from typing import Any

import aiohttp
import msgspec

from bench.sync_common import child_main, drive, report_syncs, run_floor

# -- the floor ---------------------------------------------------------------------------
# The floor decodes every field Reel keeps (people, streams, user data, images) and
# writes what Reel writes for an item: its row, its people and its streams as one JSON
# row each, and its user state. The shapes are the floor's own, written from the
# Jellyfin API description, not Reel's.


class _Person(msgspec.Struct, rename="pascal"):
    name: str | None = None
    id: str | None = None
    role: str | None = None
    type: str | None = None
    primary_image_tag: str | None = None


class _Stream(msgspec.Struct, rename="pascal"):
    type: str | None = None
    index: int | None = None
    codec: str | None = None
    language: str | None = None
    title: str | None = None
    display_title: str | None = None
    is_default: bool | None = None
    is_forced: bool | None = None
    is_external: bool | None = None
    channels: int | None = None
    width: int | None = None
    height: int | None = None
    video_range: str | None = None


class _Source(msgspec.Struct, rename="pascal"):
    id: str | None = None
    name: str | None = None
    bitrate: int | None = None
    size: int | None = None
    media_streams: list[_Stream] | None = None


class _UserData(msgspec.Struct, rename="pascal"):
    playback_position_ticks: int | None = None
    play_count: int | None = None
    is_favorite: bool | None = None
    played: bool | None = None
    last_played_date: str | None = None


class _Named(msgspec.Struct, rename="pascal"):
    name: str | None = None


class _Item(msgspec.Struct, rename="pascal"):
    id: str
    name: str | None = None
    type: str | None = None
    sort_name: str | None = None
    original_title: str | None = None
    parent_id: str | None = None
    series_id: str | None = None
    season_id: str | None = None
    index_number: int | None = None
    parent_index_number: int | None = None
    production_year: int | None = None
    run_time_ticks: int | None = None
    community_rating: float | None = None
    official_rating: str | None = None
    overview: str | None = None
    genres: list[str] | None = None
    studios: list[_Named] | None = None
    premiere_date: str | None = None
    date_created: str | None = None
    date_last_saved: str | None = None
    image_tags: dict[str, str] | None = None
    backdrop_image_tags: list[str] | None = None
    image_blur_hashes: dict[str, dict[str, str]] | None = None
    people: list[_Person] | None = None
    media_streams: list[_Stream] | None = None
    media_sources: list[_Source] | None = None
    user_data: _UserData | None = None


class _Page(msgspec.Struct, rename="pascal"):
    items: list[_Item]
    total_record_count: int | None = None


_FLOOR_SCHEMA = (
    "CREATE TABLE items (id INTEGER PRIMARY KEY, remote_id TEXT UNIQUE, type, name, "
    "sort_name, original_title, parent, series, season, episode, season_number, year, "
    "ticks, rating, content_rating, overview, genres, studios, premiere, created, saved, "
    "poster, backdrop, blurhashes)",
    "CREATE TABLE credits (item_id INTEGER PRIMARY KEY, people)",
    "CREATE TABLE streams (item_id INTEGER PRIMARY KEY, streams)",
    "CREATE TABLE progress (item_id INTEGER PRIMARY KEY, position, played, plays, "
    "favourite, last_played)",
    "CREATE TABLE versions (item_id INTEGER PRIMARY KEY, versions)",
)


def _floor_rows(
    page: _Page, first_id: int, json: msgspec.json.Encoder
) -> tuple[list[tuple[Any, ...]], ...]:
    items, credits, streams, progress, versions = [], [], [], [], []
    for n, i in enumerate(page.items, start=first_id):
        tags = i.image_tags or {}
        items.append(
            (
                n,
                i.id,
                i.type,
                i.name,
                i.sort_name,
                i.original_title,
                i.parent_id,
                i.series_id,
                i.season_id,
                i.index_number,
                i.parent_index_number,
                i.production_year,
                i.run_time_ticks,
                i.community_rating,
                i.official_rating,
                i.overview,
                json.encode(i.genres or []),
                json.encode([s.name for s in i.studios or []]),
                i.premiere_date,
                i.date_created,
                i.date_last_saved,
                tags.get("Primary"),
                next(iter(i.backdrop_image_tags or ()), None),
                json.encode(i.image_blur_hashes) if i.image_blur_hashes else None,
            )
        )
        if i.people:
            credits.append((n, json.encode(i.people)))
        sources = i.media_sources or ()
        # Asked for with the versions, the tracks come in each; the first one's are kept.
        tracks = i.media_streams or (sources[0].media_streams if sources else None)
        if tracks:
            streams.append((n, json.encode(tracks)))
        if len(sources) > 1:
            versions.append((n, json.encode([(s.id, s.name, s.bitrate, s.size) for s in sources])))
        if (u := i.user_data) is not None:
            progress.append(
                (
                    n,
                    u.playback_position_ticks,
                    u.played,
                    u.play_count,
                    u.is_favorite,
                    u.last_played_date,
                )
            )
    return items, credits, streams, progress, versions


async def _floor(url: str, username: str, password: str, database: Path) -> int:
    from reel_qt.backends.jellyfin.backend import PAGE_SIZE, SYNC_FIELDS, TYPES_BY_KIND
    from reel_qt.core.records import LibraryKind

    header = 'MediaBrowser Client="floor", Device="bench", DeviceId="floor", Version="1"'
    decoder = msgspec.json.Decoder(_Page)
    json = msgspec.json.Encoder()
    conn = sqlite3.connect(database, isolation_level=None)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("PRAGMA synchronous=NORMAL")
    for statement in _FLOOR_SCHEMA:
        conn.execute(statement)
    inserts = [
        "INSERT INTO items VALUES (" + ", ".join("?" * 24) + ")",
        "INSERT INTO credits VALUES (?, ?)",
        "INSERT INTO streams VALUES (?, ?)",
        "INSERT INTO progress VALUES (?, ?, ?, ?, ?, ?)",
        "INSERT INTO versions VALUES (?, ?)",
    ]
    items = 0
    async with aiohttp.ClientSession() as session:
        async with session.post(
            f"{url}/Users/AuthenticateByName",
            json={"Username": username, "Pw": password},
            headers={"Authorization": header},
        ) as reply:
            auth = await reply.json()
        headers = {"Authorization": f'{header}, Token="{auth["AccessToken"]}"'}
        user = auth["User"]["Id"]
        async with session.get(f"{url}/UserViews?userId={user}", headers=headers) as reply:
            views = (await reply.json())["Items"]
        kinds = {"movies": LibraryKind.MOVIES, "tvshows": LibraryKind.SHOWS}
        for view in views:
            kind = kinds.get(view.get("CollectionType") or "")
            if kind is None:
                continue
            start = 0
            while True:
                # Reel's question, so the server's pre-rendered page serves both alike.
                params = {
                    "userId": user,
                    "ParentId": view["Id"],
                    "Recursive": "true",
                    "IncludeItemTypes": TYPES_BY_KIND[kind],
                    "Fields": SYNC_FIELDS,
                    "EnableUserData": "true",
                    "EnableImages": "true",
                    "ImageTypeLimit": "1",
                    "EnableImageTypes": "Primary,Backdrop,Thumb",
                    "SortBy": "DateCreated,SortName",
                    "SortOrder": "Ascending",
                    "StartIndex": str(start),
                    "Limit": str(PAGE_SIZE),
                }
                async with session.get(f"{url}/Items", params=params, headers=headers) as reply:
                    body = await reply.read()
                page = decoder.decode(body)
                conn.execute("BEGIN")
                for sql, rows in zip(inserts, _floor_rows(page, items + 1, json), strict=True):
                    conn.executemany(sql, rows)
                conn.execute("COMMIT")
                items += len(page.items)
                start += len(page.items)
                if len(page.items) < PAGE_SIZE:
                    break
    conn.close()
    return items


# -- Reel, in its own process -------------------------------------------------------------


async def _reel(url: str, username: str, password: str, data_dir: Path) -> None:
    from reel_qt.backends.jellyfin.signin import sign_in_with_password
    from reel_qt.core.paths import DataPaths
    from reel_qt.runtime import Runtime
    from reel_qt.sync.credentials import CredentialStore

    # The test suite's in-memory keyring: the bench must not touch the user's real one.
    keyrings = importlib.import_module("tests.fakes.keyrings")
    runtime = await Runtime.create(
        DataPaths(data_dir), credentials=CredentialStore(keyrings.InMemoryKeyring())
    )
    signed_in = await sign_in_with_password(url, username, password, runtime.identity)
    await runtime.setup.add_jellyfin(signed_in)
    await report_syncs(runtime)


def child(argv: list[str]) -> int:
    """Entry point of the child processes: `floor URL USER PW DB` or `reel URL USER PW DIR`."""
    role, url, username, password, path = argv
    if role == "floor":
        run_floor(_floor(url, username, password, Path(path)))
    else:
        asyncio.run(_reel(url, username, password, Path(path)))
    return 0


# -- the driver ---------------------------------------------------------------------------


async def _run(scale: str) -> None:
    from tests.fakes.jellyfin import FakeJellyfin

    server = FakeJellyfin(size=scale)
    await server.start()

    def change() -> int:
        server.change_items(1_000)
        server.delete_items(100)
        return 100

    try:
        await drive(
            "sync_jellyfin",
            "bench.sync_jellyfin",
            (server.url, server.username, server.password),
            sum(server.counts.values()),
            # Floor of an unchanged sync: the three smallest questions per library.
            quiet_floor=lambda: _quiet_floor(server),
            change=change,
            page_cache=server.page_cache,
        )
    finally:
        await server.stop()


async def _quiet_floor(server: Any) -> float:
    """Time three empty `/Items` questions per library, as an unchanged sync must ask."""
    token = server.issue_token()
    header = (
        f'MediaBrowser Client="floor", Device="bench", DeviceId="q", Version="1", Token="{token}"'
    )
    started = time.perf_counter()
    async with aiohttp.ClientSession(headers={"Authorization": header}) as session:
        for view in server.library.views:
            for query in ("MinDateLastSaved", "MinDateLastSavedForUser", None):
                params = {"userId": server.user_id, "ParentId": view.id, "Recursive": "true"}
                if query:
                    params[query] = "2999-01-01T00:00:00Z"
                else:
                    params["Limit"] = "0"
                async with session.get(f"{server.url}/Items", params=params) as reply:
                    await reply.read()
    return time.perf_counter() - started


def main(scale: str = "bench") -> None:
    """Print the figures of both sync benchmarks."""
    asyncio.run(_run(scale))


if __name__ == "__main__":
    child_main(child, main)
