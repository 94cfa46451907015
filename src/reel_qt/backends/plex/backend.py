"""The Plex MediaBackend: sections from `/library/sections`, items in pages per type.

Listings (`/library/sections/{key}/all`) are partial on purpose in PMS (a few genres,
three actors, no streams), so Reel reads them only for their rating keys and asks for
the items in full through `/library/metadata/{k1,k2,...}`, several batches at once.
Measured against the fake server in its own process (loopback, 2 cores): keys-only
listings plus batched details deliver ~10,000 items/s to the writer, about what the
server can render; listings with `includeElements=Stream&includeMarkers=1` alone are
no faster per item (~14,000/s for the server's part) and still lack most of the cast,
genres and writers. Details are also where markers and chapters come from.

A library is read as one paged stream per item type (shows, seasons, episodes of the
whole section; or movies), oldest first, so an interrupted listing resumes at an offset
that items added meanwhile do not disturb. Later syncs ask only for what changed since
(`updatedAt`), for what was viewed since (`lastViewedAt`), and check with one count per
type whether anything was un-viewed (see `cursor.py`).
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncGenerator, AsyncIterator, Awaitable, Callable, Sequence
from dataclasses import dataclass
from urllib.parse import urlencode

from reel_qt.backends.base import ItemPage, PlaybackState
from reel_qt.backends.page_parsing import PageParser, ParsedPage
from reel_qt.backends.plex import parsers
from reel_qt.backends.plex.client import PlexClient
from reel_qt.backends.plex.cursor import Cursor, decode_keys, encode_keys
from reel_qt.backends.plex.playback import PlexPlayback
from reel_qt.core.clock import now_ms
from reel_qt.core.prepared import PreparedRows
from reel_qt.core.records import (
    ItemType,
    LibraryKind,
    LibraryRecord,
    MarkerRecord,
    MediaRecord,
    PlaybackTarget,
)

log = logging.getLogger("reel.plex")

# Measured on loopback (see the module docstring): listing pages of 600 keys, fetched in
# full as three concurrent batches of 200, keep both the server and the writer busy;
# bigger batches make URLs long and a failed request costlier, smaller ones add requests.
PAGE_SIZE = 600
DETAIL_BATCH = 200
DETAIL_CONCURRENCY = 3
KEYS_PAGE_SIZE = 10_000
# Items saved on the server while a listing runs must be seen by the next sync.
_CLOCK_MARGIN_S = 60
_RECHECK_S = 86_400

TYPES_BY_KIND = {
    LibraryKind.MOVIES: (ItemType.MOVIE,),
    LibraryKind.SHOWS: (ItemType.SHOW, ItemType.SEASON, ItemType.EPISODE),
    LibraryKind.MIXED: (ItemType.MOVIE, ItemType.SHOW, ItemType.SEASON, ItemType.EPISODE),
}
LEAVES = (ItemType.MOVIE, ItemType.EPISODE)  # what has a view state of its own
_VIEWED = ("lastViewedAt>>", "0")  # PMS puts the operator in the key: "after 0"
# Listings are read for keys only: servers that honour these send far less (the child
# elements are most of a listing's bytes, the attributes most of the rest: a movie's
# entry shrinks from ~640 bytes to ~60, and the id listings behind deletion checks with
# it); the rest ignore them. Never `includeFields`: a server reading it differently could
# leave out the keys themselves, which these lists never name.
_LISTING_FIELDS = (
    "key,guid,type,title,titleSort,originalTitle,studio,contentRating,summary,tagline,"
    "index,parentIndex,rating,ratingImage,audienceRating,audienceRatingImage,year,"
    "parentYear,thumb,art,parentThumb,grandparentThumb,grandparentArt,duration,"
    "originallyAvailableAt,addedAt,updatedAt,viewOffset,viewCount,lastViewedAt,"
    "leafCount,viewedLeafCount,childCount,skipCount,chapterSource,librarySectionTitle,"
    "librarySectionID,librarySectionKey,parentKey,parentGuid,parentTitle,grandparentKey,"
    "grandparentGuid,grandparentTitle"
)
KEYS_ONLY = (
    ("excludeElements", "Media,Genre,Country,Director,Writer,Producer,Role,Guid,Collection"),
    ("excludeFields", _LISTING_FIELDS),
)
# Details carry the skippable spans and chapters, which Reel keeps with each item.
DETAILS = (("includeMarkers", "1"), ("includeChapters", "1"))


@dataclass(frozen=True, slots=True)
class _Details:
    """Items read in full, prepared for the store where they were parsed."""

    records: list[MediaRecord]
    prepared: PreparedRows

    def __add__(self, other: _Details) -> _Details:
        joined = PreparedRows.joined([self.prepared, other.prepared])
        return _Details(self.records + other.records, joined)

    def page(self, cursor: str, total: int | None = None) -> ItemPage:
        """These items as one page of the listing."""
        return ItemPage(records=self.records, prepared=self.prepared, total=total, cursor=cursor)

    def chunks(self, size: int) -> list[_Details]:
        """These items in pieces of at most size (one, empty, when there are none)."""
        return [
            _Details(self.records[i : i + size], self.prepared.sliced(i, i + size))
            for i in range(0, max(len(self.records), 1), size)
        ]


def _viewed(records: Sequence[MediaRecord]) -> set[str]:
    return {r.remote_id for r in records if r.user is not None and r.user.last_played_at}


def _encode(viewed: dict[ItemType, set[str]]) -> dict[str, str]:
    out = {}
    for item_type, keys in viewed.items():
        encoded = encode_keys(keys)
        if encoded is not None:
            out[item_type.value] = encoded
    return out


class PlexBackend:
    """One user's view of one Plex Media Server."""

    def __init__(
        self,
        client: PlexClient,
        *,
        page_size: int = PAGE_SIZE,
        detail_batch: int = DETAIL_BATCH,
        parser: PageParser | None = None,
        remember_address: Callable[[str], Awaitable[None]] | None = None,
    ) -> None:
        self.client = client
        # Told, on close, of an address that took over from the first one.
        self.remember_address = remember_address
        self._first_address = client.base_url
        self.parser = parser or PageParser(use_process=False)
        self.page_size = page_size
        self.detail_batch = detail_batch
        self._details_gate = asyncio.Semaphore(DETAIL_CONCURRENCY)

    async def check(self) -> str:
        """The server's name and version."""
        described = await self.client.describe()
        name = described.friendly_name or "Plex Media Server"
        return f"{name} (Plex Media Server {described.version or 'unknown version'})"

    async def libraries(self) -> list[LibraryRecord]:
        """Every section; those that are not movies or shows come marked unsupported."""
        return parsers.libraries((await self.client.sections()).body)

    # -- items --------------------------------------------------------------------------

    async def items(
        self, library: LibraryRecord, *, cursor: str | None, full: bool
    ) -> AsyncIterator[ItemPage]:
        """Pages of the library: everything, the rest of an interrupted listing, or changes."""
        state = None if full else Cursor.parse(cursor)
        types = TYPES_BY_KIND[library.kind]
        if state is None or state.phase == "all" or state.since is None:
            async for page in self._full(library, types, state):
                yield page
        else:
            async for page in self._incremental(library, types, state):
                yield page

    async def _full(
        self, library: LibraryRecord, types: Sequence[ItemType], state: Cursor | None
    ) -> AsyncIterator[ItemPage]:
        if state is not None and state.phase == "all":  # resuming an interrupted listing
            first, offset, content = state.step, state.start, state.content
            next_since = state.next_since or (await self._mark(library))[1]
            viewed = None  # only a listing read from its very start knows every viewed item
        else:
            first, offset = 0, 0
            content, next_since = await self._mark(library)
            viewed = {t: set[str]() for t in types if t in LEAVES}
        total = sum([await self._count(library, t, ()) for t in types])
        for step in range(first, len(types)):
            item_type = types[step]
            start = offset if step == first else 0
            async for found, end, finished in self._prefetched(library, item_type, start):
                if viewed is not None and item_type in viewed:
                    viewed[item_type] |= _viewed(found.records)
                if finished and step == len(types) - 1:
                    cursor = Cursor(
                        since=next_since, viewed=_encode(viewed) if viewed else None,
                        content=content, checked=next_since,
                    )  # fmt: skip
                else:
                    cursor = Cursor(
                        phase="all", step=step + 1 if finished else step,
                        start=0 if finished else end, next_since=next_since, content=content,
                    )  # fmt: skip
                yield found.page(cursor.encode(), total)

    async def _incremental(
        self, library: LibraryRecord, types: Sequence[ItemType], state: Cursor
    ) -> AsyncIterator[ItemPage]:
        since = state.since or 0
        leaves = [t for t in types if t in LEAVES]
        if state.phase is None:  # a fresh run
            content, next_since = await self._mark(library)
            # PMS bumps a section's contentChangedAt on every addition, edit and deletion:
            # unchanged, the pass over changed items can be skipped (re-run daily anyway).
            skip = (
                content is not None
                and content == state.content
                and state.checked is not None
                and next_since - state.checked < _RECHECK_S
            )
            checked = state.checked if skip else next_since
            first = 1 if skip else 0
        else:  # resuming an interrupted run where it stopped
            content, checked = state.content, state.checked
            next_since = state.next_since or (await self._mark(library))[1]
            first = 1 if state.phase == "viewed" else 0
        phases = (("changed", "updatedAt", list(types)), ("viewed", "lastViewedAt", leaves))
        # Resuming inside the viewed pass loses what it saw: then count nothing as proof.
        exact = not (state.phase == "viewed" and (state.step or state.start))
        # The view state of every movie and episode read in this run, as read.
        fresh: dict[ItemType, dict[str, bool]] = {t: {} for t in leaves}
        parents: dict[str, None] = {}  # shows and seasons whose episodes changed
        emitted: set[str] = set()

        def at(phase: str, step: int, start: int = 0) -> str:
            return Cursor(
                phase=phase, step=step, start=start, since=since, next_since=next_since,
                viewed=state.viewed, content=content, checked=checked,
            ).encode()  # fmt: skip

        for index in range(first, len(phases)):
            phase, field, kinds = phases[index]
            resuming = index == first and state.phase is not None
            for step in range(state.step if resuming else 0, len(kinds)):
                item_type = kinds[step]
                start = state.start if resuming and step == state.step else 0
                filters = ((f"{field}>>", str(since - 1)),)
                async for keys, end, finished in self._key_pages(
                    library, item_type, start, filters
                ):
                    wanted = [k.rating_key for k in keys]
                    found = await self._details(wanted)
                    records = found.records
                    emitted.update(wanted)
                    if item_type is ItemType.EPISODE:
                        for key in keys:
                            lineage = (key.parent, key.grandparent)
                            parents.update(dict.fromkeys(k for k in lineage if k))
                    if item_type in fresh:
                        viewed = _viewed(records)
                        fresh[item_type].update(
                            (r.remote_id, r.remote_id in viewed) for r in records
                        )
                    if not finished:
                        cursor = at(phase, step, end)
                    elif step + 1 < len(kinds):
                        cursor = at(phase, step + 1)
                    else:  # the next phase, or the check that follows the last one
                        cursor = at("viewed", 0 if index == 0 else len(leaves))
                    yield found.page(cursor)
        gone, viewed_now = await self._check_views(library, leaves, state, fresh, exact)
        stale = [k for k in gone if k not in emitted]
        refresh = await self._details(stale)
        emitted.update(stale)
        for record in refresh.records:
            if record.type is ItemType.EPISODE:
                lineage = (record.parent_remote_id, record.show_remote_id)
                parents.update(dict.fromkeys(k for k in lineage if k))
        # Shows and seasons carry their episodes' watched state: read them again too.
        refresh += await self._details([k for k in parents if k not in emitted])
        final = Cursor(
            since=next_since, viewed=_encode(viewed_now), content=content, checked=checked
        ).encode()
        chunks = refresh.chunks(self.page_size)
        for index, chunk in enumerate(chunks):
            # A resumed run repeats the check, which finds the same items again.
            yield chunk.page(final if index == len(chunks) - 1 else at("viewed", len(leaves)))

    async def _check_views(
        self,
        library: LibraryRecord,
        leaves: Sequence[ItemType],
        state: Cursor,
        fresh: dict[ItemType, dict[str, bool]],
        exact: bool,
    ) -> tuple[list[str], dict[ItemType, set[str]]]:
        """The items viewed before that are not any more, and which are viewed now."""
        before = {t: decode_keys((state.viewed or {}).get(t.value)) for t in leaves}
        gone: list[str] = []
        viewed_now: dict[ItemType, set[str]] = {}
        for item_type in leaves:
            known, read = before[item_type], fresh[item_type]
            expected = None
            if known is not None:
                expected = {k for k in known if k not in read}
                expected.update(k for k, viewed in read.items() if viewed)
            count = await self._count(library, item_type, (_VIEWED,))
            # A view sets lastViewedAt, so every item viewed now that was not viewed before
            # was read in this run, and its state is known; what else changed can only be
            # an un-view, which lowers the count. Equal counts prove there was none.
            if exact and expected is not None and count == len(expected):
                viewed_now[item_type] = expected
                continue
            listed = await self._all_keys(library, item_type, (_VIEWED,))
            viewed_now[item_type] = listed
            if expected is not None:
                gone.extend(sorted(expected - listed, key=lambda k: (len(k), k)))
        if gone:
            log.info("%d items of “%s” were marked unwatched elsewhere", len(gone), library.name)
        return gone, viewed_now

    # -- requests -----------------------------------------------------------------------

    def _params(
        self, item_type: ItemType, start: int, size: int, filters: Sequence[tuple[str, str]]
    ) -> list[tuple[str, str]]:
        return [
            ("type", str(parsers.TYPE_NUMBERS[item_type])),
            ("sort", "addedAt"),
            *filters,
            *KEYS_ONLY,
            ("X-Plex-Container-Start", str(start)),
            ("X-Plex-Container-Size", str(size)),
        ]

    async def _key_pages(
        self,
        library: LibraryRecord,
        item_type: ItemType,
        start: int,
        filters: Sequence[tuple[str, str]],
        size: int | None = None,
    ) -> AsyncGenerator[tuple[list[parsers.Keys], int, bool], None]:
        """Pages of one item type's keys: (keys, offset after the page, whether it was last)."""
        size = size or self.page_size
        while True:
            response = await self.client.listing(
                library.remote_id, self._params(item_type, start, size, filters)
            )
            what = f"{item_type.value}s {start}–{start + size} of “{library.name}”"
            keys, sent, total = await asyncio.to_thread(parsers.keys_page, response.body, what)
            end = start + sent
            finished = sent < size or (total is not None and end >= total)
            yield keys, end, finished
            if finished:
                return
            start = end

    async def _prefetched(
        self, library: LibraryRecord, item_type: ItemType, start: int
    ) -> AsyncIterator[tuple[_Details, int, bool]]:
        """Pages of one item type in full: (items, offset after the page, whether last).

        The next page's keys and details are asked for while this page is written, so the
        parsing process need not wait for each page's keys and first batch, and the writer
        for the parsing (bench sync_plex on 2 busy cores: 6.9k -> 9.1k items/s, the writer
        then busy ~90% of the time).
        """
        listing = self._key_pages(library, item_type, start, ())
        pending: tuple[asyncio.Task[_Details], int, bool] | None = None
        try:
            try:
                async for keys, end, finished in listing:
                    task = asyncio.ensure_future(self._details([k.rating_key for k in keys]))
                    previous, pending = pending, (task, end, finished)
                    if previous is not None:
                        yield await previous[0], previous[1], previous[2]
            except Exception:
                # The listing failed further on: the page already asked for still counts.
                if pending is not None:
                    previous, pending = pending, None
                    yield await previous[0], previous[1], previous[2]
                raise
            if pending is not None:
                previous, pending = pending, None
                yield await previous[0], previous[1], previous[2]
        finally:
            if pending is not None:
                ahead = pending[0]
                ahead.cancel()
                if ahead.done() and not ahead.cancelled():
                    ahead.exception()  # a failure read ahead is moot: what ended the run came first
            await listing.aclose()

    async def _details(self, keys: Sequence[str]) -> _Details:
        """Items in full, in the order asked, several batches at once."""
        wanted = [k for k in keys if k]
        batches = [
            wanted[i : i + self.detail_batch] for i in range(0, len(wanted), self.detail_batch)
        ]
        pages = await asyncio.gather(*(self._detail_batch(batch) for batch in batches))
        return _Details(
            [record for page in pages for record in page.records],
            PreparedRows.joined([page.prepared for page in pages]),
        )

    async def _detail_batch(self, keys: list[str]) -> ParsedPage:
        async with self._details_gate:
            response = await self.client.metadata(keys, DETAILS)
        if response is None:
            return ParsedPage(records=[], prepared=PreparedRows.of([]), sent=0, total=None)
        what = f"the details of {len(keys)} items"
        return await self.parser.parse(parsers.details_page, response.body, what)

    async def _count(
        self, library: LibraryRecord, item_type: ItemType, filters: Sequence[tuple[str, str]]
    ) -> int:
        response = await self.client.listing(
            library.remote_id, self._params(item_type, 0, 0, filters)
        )
        return parsers.total_size(response.body, f"the {item_type.value}s of “{library.name}”")

    async def _all_keys(
        self, library: LibraryRecord, item_type: ItemType, filters: Sequence[tuple[str, str]]
    ) -> set[str]:
        found: set[str] = set()
        async for keys, _, _ in self._key_pages(library, item_type, 0, filters, KEYS_PAGE_SIZE):
            found.update(k.rating_key for k in keys)
        return found

    async def present_ids(self, library: LibraryRecord, known: int) -> set[str] | None:
        """Every rating key the library holds now, or None when the counts show nothing
        was deleted (every item added since was just written, so equal counts suffice)."""
        types = TYPES_BY_KIND[library.kind]
        total = sum([await self._count(library, t, ()) for t in types])
        if total == known:
            return None
        present: set[str] = set()
        for item_type in types:
            present |= await self._all_keys(library, item_type, ())
        return present

    async def _mark(self, library: LibraryRecord) -> tuple[int | None, int]:
        """The section's contentChangedAt and the server's clock (epoch seconds, from the
        Date header, less a margin), read together before a listing starts."""
        response = await self.client.sections()
        content = next(
            (s.content_changed_at for s in parsers.sections(response.body)
             if parsers.key(s.key) == library.remote_id),
            None,
        )  # fmt: skip
        server_ms = response.server_time_ms()
        now = (server_ms if server_ms is not None else now_ms()) // 1000
        return content, now - _CLOCK_MARGIN_S

    # -- playback -------------------------------------------------------------------------

    async def push_user_state(self, remote_id: str, *, position_ms: int, watched: bool) -> None:
        """Store a resume point and watched state made in Reel (possibly offline)."""
        await PlexPlayback(self.client).save_user_state(
            remote_id, position_ms=position_ms, watched=watched
        )

    async def report_playback(
        self,
        remote_id: str,
        state: PlaybackState,
        *,
        position_ms: int,
        duration_ms: int | None,
        target: PlaybackTarget | None,
    ) -> None:
        """A `/:/timeline` report: playing, paused or stopped, with time and duration."""
        await PlexPlayback(self.client).timeline(remote_id, state.value, position_ms, duration_ms)

    async def playback_target(
        self,
        remote_id: str,
        *,
        max_bitrate: int | None = None,
        start_ms: int = 0,
        version: str | None = None,
    ) -> PlaybackTarget:
        """Direct play of the file, or an HLS transcode below max_bitrate.

        The version is the Media's id: its first Part is played.
        """
        return await PlexPlayback(self.client).target(
            remote_id, max_bitrate=max_bitrate, start_ms=start_ms, media_id=version
        )

    async def markers(self, remote_id: str) -> list[MarkerRecord]:
        """Intro, credits and commercial markers and chapters."""
        return await PlexPlayback(self.client).markers(remote_id)

    def image_url(self, ref: str, width: int) -> str:
        """The photo transcoder's path for an image ref, scaled to at most width pixels wide."""
        # Posters are 2:3; the transcoder keeps the aspect and only scales down.
        query = urlencode(
            {"width": width, "height": width * 3 // 2, "minSize": 1, "upscale": 0, "url": ref}
        )
        return f"/photo/:/transcode?{query}"

    async def close(self) -> None:
        """Remember the address that answered last, if it is not the first; close the pool."""
        try:
            address = self.client.base_url
            if self.remember_address is not None and address != self._first_address:
                await self.remember_address(address)
        finally:
            await self.client.close()
