"""sync_plex_full / sync_plex_incremental: the fake Plex Media Server on loopback into SQLite.

The fake serves from this process, its pages rendered before the timed runs; Reel and
the floor each sync in a child process of their own (see `bench.sync_common`). The floor
is the simplest program doing the same work: one aiohttp loop asking the same questions
Reel needs for full metadata (pages of rating keys, then the items in full by batches of
keys, with markers and chapters), decoding them with msgspec and inserting the same rows
with raw sqlite3 executemany.
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
# The floor decodes every field Reel keeps (people, streams, user state, artwork, markers)
# and writes what Reel writes for an item: its row, its people, its streams and its
# markers and chapters as one JSON row each, and its user state. The shapes are the
# floor's own, written from the Plex API description, not Reel's.


class _Tag(msgspec.Struct, rename="camel"):
    id: int | None = None
    tag: str | None = None
    role: str | None = None
    thumb: str | None = None


class _Stream(msgspec.Struct, rename="camel"):
    stream_type: int | None = None
    index: int | None = None
    codec: str | None = None
    language_code: str | None = None
    display_title: str | None = None
    default: bool | None = None
    forced: bool | None = None
    channels: int | None = None
    width: int | None = None
    height: int | None = None
    key: str | None = None


class _Part(msgspec.Struct):
    Stream: list[_Stream] | None = None
    size: int | None = None


class _Media(msgspec.Struct, rename="camel"):
    Part: list[_Part] | None = msgspec.field(default=None, name="Part")
    id: int | None = None
    width: int | None = None
    height: int | None = None
    bitrate: int | None = None
    video_codec: str | None = None


class _Span(msgspec.Struct, rename="camel"):
    type: str | None = None
    tag: str | None = None
    start_time_offset: int | None = None
    end_time_offset: int | None = None


class _Item(msgspec.Struct, rename="camel"):
    rating_key: str
    type: str | None = None
    title: str | None = None
    title_sort: str | None = None
    original_title: str | None = None
    parent_rating_key: str | None = None
    grandparent_rating_key: str | None = None
    index: int | None = None
    parent_index: int | None = None
    year: int | None = None
    duration: int | None = None
    audience_rating: float | None = None
    content_rating: str | None = None
    summary: str | None = None
    studio: str | None = None
    originally_available_at: str | None = None
    added_at: int | None = None
    updated_at: int | None = None
    thumb: str | None = None
    art: str | None = None
    grandparent_art: str | None = None
    view_count: int | None = None
    view_offset: int | None = None
    last_viewed_at: int | None = None
    leaf_count: int | None = None
    viewed_leaf_count: int | None = None
    genres: list[_Tag] | None = msgspec.field(default=None, name="Genre")
    roles: list[_Tag] | None = msgspec.field(default=None, name="Role")
    directors: list[_Tag] | None = msgspec.field(default=None, name="Director")
    writers: list[_Tag] | None = msgspec.field(default=None, name="Writer")
    producers: list[_Tag] | None = msgspec.field(default=None, name="Producer")
    media: list[_Media] | None = msgspec.field(default=None, name="Media")
    markers: list[_Span] | None = msgspec.field(default=None, name="Marker")
    chapters: list[_Span] | None = msgspec.field(default=None, name="Chapter")


class _Container(msgspec.Struct, rename="camel"):
    total_size: int | None = None
    metadata: list[_Item] = msgspec.field(default_factory=list, name="Metadata")


class _Reply(msgspec.Struct):
    MediaContainer: _Container


class _Key(msgspec.Struct, rename="camel"):
    rating_key: str


class _KeysContainer(msgspec.Struct, rename="camel"):
    metadata: list[_Key] = msgspec.field(default_factory=list, name="Metadata")


class _KeysReply(msgspec.Struct):
    MediaContainer: _KeysContainer


class _Section(msgspec.Struct):
    key: str
    type: str


class _Sections(msgspec.Struct):
    Directory: list[_Section]


class _SectionsReply(msgspec.Struct):
    MediaContainer: _Sections


_FLOOR_SCHEMA = (
    "CREATE TABLE items (id INTEGER PRIMARY KEY, remote_id TEXT UNIQUE, type, title, "
    "sort_title, original_title, parent, show, season_number, episode_number, year, "
    "duration, rating, content_rating, overview, genres, studio, premiere, added, updated, "
    "poster, backdrop, thumb)",
    "CREATE TABLE credits (item_id INTEGER PRIMARY KEY, people)",
    "CREATE TABLE streams (item_id INTEGER PRIMARY KEY, streams)",
    "CREATE TABLE progress (item_id INTEGER PRIMARY KEY, position, watched, plays, last_played)",
    "CREATE TABLE markers (item_id INTEGER PRIMARY KEY, markers)",
    "CREATE TABLE versions (item_id INTEGER PRIMARY KEY, versions)",
)
_INSERTS = (
    "INSERT INTO items VALUES (" + ", ".join("?" * 23) + ")",
    "INSERT INTO credits VALUES (?, ?)",
    "INSERT INTO streams VALUES (?, ?)",
    "INSERT INTO progress VALUES (?, ?, ?, ?, ?)",
    "INSERT INTO markers VALUES (?, ?)",
    "INSERT INTO versions VALUES (?, ?)",
)
_SECTION_TYPES = {"movie": ("1",), "show": ("2", "3", "4")}


def _floor_rows(
    items: list[_Item], first_id: int, json: msgspec.json.Encoder
) -> tuple[list[tuple[Any, ...]], ...]:
    rows, credits, streams, progress, spans, versions = [], [], [], [], [], []
    for n, i in enumerate(items, start=first_id):
        episode = i.type == "episode"
        rows.append(
            (
                n,
                i.rating_key,
                i.type,
                i.title,
                i.title_sort,
                i.original_title,
                i.parent_rating_key,
                i.grandparent_rating_key if episode else i.parent_rating_key,
                i.parent_index if episode else i.index,
                i.index if episode else None,
                i.year,
                i.duration,
                i.audience_rating,
                i.content_rating,
                i.summary,
                json.encode([g.tag for g in i.genres or ()]),
                i.studio,
                i.originally_available_at,
                i.added_at,
                i.updated_at,
                i.thumb,
                i.art or i.grandparent_art,
                i.thumb if episode else None,
            )
        )
        people = [*(i.roles or ()), *(i.directors or ()), *(i.writers or ()), *(i.producers or ())]
        if people:
            credits.append((n, json.encode(people)))
        part = i.media[0].Part[0] if i.media and i.media[0].Part else None
        if part is not None and part.Stream:
            streams.append((n, json.encode(part.Stream)))
        if i.media and len(i.media) > 1:
            found = [
                (
                    m.id,
                    m.width,
                    m.height,
                    m.video_codec,
                    m.bitrate,
                    sum(p.size or 0 for p in m.Part or ()),
                )
                for m in i.media
            ]
            versions.append((n, json.encode(found)))
        plays = i.view_count or 0
        if i.type in ("show", "season"):
            leaves = i.leaf_count or 0
            watched = leaves > 0 and (i.viewed_leaf_count or 0) >= leaves
        else:
            watched = plays > 0
        progress.append((n, i.view_offset or 0, watched, plays, i.last_viewed_at))
        found_spans = [
            (span.type or "chapter", span.start_time_offset, span.end_time_offset, span.tag)
            for span in (*(i.markers or ()), *(i.chapters or ()))
        ]
        if found_spans:
            spans.append((n, json.encode(found_spans)))
    return rows, credits, streams, progress, spans, versions


def _write(conn: sqlite3.Connection, found: list[_Item], first_id: int, json: Any) -> None:
    conn.execute("BEGIN")
    for sql, rows in zip(_INSERTS, _floor_rows(found, first_id, json), strict=True):
        conn.executemany(sql, rows)
    conn.execute("COMMIT")


async def _floor(url: str, token: str, database: Path) -> int:
    from reel_qt.backends.plex.backend import DETAIL_BATCH, DETAILS, KEYS_ONLY, PAGE_SIZE

    headers = {
        "Accept": "application/json",
        "X-Plex-Token": token,
        "X-Plex-Client-Identifier": "floor",
        "X-Plex-Product": "floor",
    }
    reply_decoder = msgspec.json.Decoder(_Reply)
    keys_decoder = msgspec.json.Decoder(_KeysReply)
    json = msgspec.json.Encoder()
    conn = sqlite3.connect(database, isolation_level=None)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("PRAGMA synchronous=NORMAL")
    for statement in _FLOOR_SCHEMA:
        conn.execute(statement)
    written = 0
    async with aiohttp.ClientSession(headers=headers) as session:

        async def keys(section: str, item_type: str, start: int) -> list[str]:
            params = [
                ("type", item_type),
                ("sort", "addedAt"),
                *KEYS_ONLY,
                ("X-Plex-Container-Start", str(start)),
                ("X-Plex-Container-Size", str(PAGE_SIZE)),
            ]
            listing = f"{url}/library/sections/{section}/all"
            async with session.get(listing, params=params) as reply:
                found = keys_decoder.decode(await reply.read()).MediaContainer.metadata
            return [k.rating_key for k in found]

        async def details(wanted: list[str]) -> list[_Item]:
            path = f"{url}/library/metadata/{','.join(wanted)}"
            async with session.get(path, params=list(DETAILS)) as reply:
                return reply_decoder.decode(await reply.read()).MediaContainer.metadata

        async with session.get(f"{url}/library/sections") as reply:
            sections = msgspec.json.decode(await reply.read(), type=_SectionsReply)
        for section in sections.MediaContainer.Directory:
            for item_type in _SECTION_TYPES.get(section.type, ()):
                start = 0
                while True:
                    wanted = await keys(section.key, item_type, start)
                    batches = [
                        wanted[i : i + DETAIL_BATCH] for i in range(0, len(wanted), DETAIL_BATCH)
                    ]
                    pages = await asyncio.gather(*map(details, batches))
                    found = [item for page in pages for item in page]
                    _write(conn, found, written + 1, json)
                    written += len(found)
                    start += len(wanted)
                    if len(wanted) < PAGE_SIZE:
                        break
    conn.close()
    return written


# -- Reel, in its own process -------------------------------------------------------------


async def _reel(url: str, token: str, data_dir: Path) -> None:
    from reel_qt.backends.plex.signin import sign_in_with_token
    from reel_qt.core.paths import DataPaths
    from reel_qt.runtime import Runtime
    from reel_qt.sync.credentials import CredentialStore

    # The test suite's in-memory keyring: the bench must not touch the user's real one.
    keyrings = importlib.import_module("tests.fakes.keyrings")
    runtime = await Runtime.create(
        DataPaths(data_dir), credentials=CredentialStore(keyrings.InMemoryKeyring())
    )
    signed_in = await sign_in_with_token(url, token, runtime.identity)
    await runtime.setup.add_plex(signed_in)
    await report_syncs(runtime)


def child(argv: list[str]) -> int:
    """Entry point of the child processes: `floor URL TOKEN DB` or `reel URL TOKEN DIR`."""
    role, url, token, path = argv
    if role == "floor":
        run_floor(_floor(url, token, Path(path)))
    else:
        asyncio.run(_reel(url, token, Path(path)))
    return 0


# -- the driver ---------------------------------------------------------------------------


async def _run(scale: str) -> None:
    from tests.fakes.plex import FakePlex

    server = FakePlex(size=scale)
    await server.start()

    def change() -> int:
        server.change_items(1_000)
        return len(server.delete_items(100))

    try:
        await drive(
            "sync_plex",
            "bench.sync_plex",
            (server.server_url, server.server_token()),
            sum(server.counts.values()),
            quiet_floor=lambda: _quiet_floor(server),
            change=change,
            page_cache=server.page_cache,
        )
    finally:
        await server.stop()


async def _quiet_floor(server: Any) -> float:
    """Time what an unchanged sync must ask at least: the sections (whose contentChangedAt
    says nothing was edited), and one empty count per item type, and of viewed movies and
    episodes, per section (counts that prove nothing was deleted or un-viewed)."""
    from reel_qt.backends.plex.backend import KEYS_ONLY

    headers = {"Accept": "application/json", "X-Plex-Token": server.server_token()}
    started = time.perf_counter()
    async with aiohttp.ClientSession(headers=headers) as session:
        async with session.get(f"{server.server_url}/library/sections") as reply:
            sections = msgspec.json.decode(await reply.read(), type=_SectionsReply)
        for section in sections.MediaContainer.Directory:
            for item_type in _SECTION_TYPES.get(section.type, ()):
                questions: list[list[tuple[str, str]]] = [[]]
                if item_type in ("1", "4"):
                    questions.append([("lastViewedAt>>", "0")])
                for extra in questions:
                    # Asked as Reel asks, so the server's caches serve both alike.
                    params = [
                        ("type", item_type),
                        ("sort", "addedAt"),
                        *extra,
                        *KEYS_ONLY,
                        ("X-Plex-Container-Start", "0"),
                        ("X-Plex-Container-Size", "0"),
                    ]
                    listing = f"{server.server_url}/library/sections/{section.key}/all"
                    async with session.get(listing, params=params) as reply:
                        await reply.read()
    return time.perf_counter() - started


def main(scale: str = "bench") -> None:
    """Print the figures of both Plex sync benchmarks."""
    asyncio.run(_run(scale))


if __name__ == "__main__":
    child_main(child, main)
