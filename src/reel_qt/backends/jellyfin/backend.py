"""The Jellyfin MediaBackend: libraries from `/UserViews`, items in pages from `/Items`.

A library is read as one paged stream of every item type it holds, oldest first, so an
interrupted listing resumes at an offset that items added meanwhile do not disturb.
Once a library has been read completely, later syncs ask only for what changed since
(`MinDateLastSaved` for metadata, `MinDateLastSavedForUser` for watched state and
resume points), measured on the server's own clock.
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator

from reel_qt.backends.base import ItemPage, PlaybackState
from reel_qt.backends.decoding import StoredCursor
from reel_qt.backends.jellyfin import dto, parsers
from reel_qt.backends.jellyfin.client import JellyfinClient
from reel_qt.backends.jellyfin.playback import JellyfinPlayback
from reel_qt.backends.page_parsing import PageParser
from reel_qt.core.clock import now_ms
from reel_qt.core.records import LibraryKind, LibraryRecord, MarkerRecord, PlaybackTarget

log = logging.getLogger("reel.jellyfin")

# Measured with bench/sync_jellyfin.py (175k items from the fake on loopback): pages of
# 500, 1,000 and 2,000 items gave 8.5k, 9.6k and 9.1k items/s; a 1,000-item page (~4 MB
# of JSON with streams and people) decodes in ~25 ms while the previous one is written.
PAGE_SIZE = 1_000
IDS_PAGE_SIZE = 20_000
# Items saved on the server while a listing runs must be seen by the next sync.
_CLOCK_MARGIN_MS = 60_000

SYNC_FIELDS = ",".join(
    (
        "Overview",
        "Genres",
        "Studios",
        "People",
        # The versions, each with its tracks: the first one's are the item's tracks
        # (asking for MediaStreams as well would send those twice).
        "MediaSources",
        "DateCreated",
        "DateLastSaved",
        "SortName",
        "OriginalTitle",
        "ParentId",
    )
)
TYPES_BY_KIND = {
    LibraryKind.MOVIES: "Movie",
    LibraryKind.SHOWS: "Series,Season,Episode",
    LibraryKind.MIXED: "Movie,Series,Season,Episode",
}


class Cursor(StoredCursor):
    """Where a library's sync stands: mid-listing (`phase`, `start`) or done up to `since`."""

    phase: str | None = None  # "all", "saved" or "user" while a listing runs
    start: int = 0
    since: int | None = None  # changes at or after this server time are still to read
    next_since: int | None = None  # what `since` becomes once this listing completes


class JellyfinBackend:
    """One signed-in user's view of one Jellyfin server."""

    def __init__(
        self,
        client: JellyfinClient,
        *,
        page_size: int = PAGE_SIZE,
        parser: PageParser | None = None,
    ) -> None:
        self.client = client
        self.playback = JellyfinPlayback(client)
        self.page_size = page_size
        self.parser = parser or PageParser(use_process=False)
        self._playing: set[str] = set()  # items whose session the server was told began

    async def check(self) -> str:
        """The server's name and version."""
        info = await self.client.public_info()
        return f"{info.server_name or 'Jellyfin'} (Jellyfin {info.version or 'unknown version'})"

    async def libraries(self) -> list[LibraryRecord]:
        """Every view; those that are not movies or series come marked unsupported."""
        return [parsers.library(view) for view in await self.client.views()]

    async def items(
        self, library: LibraryRecord, *, cursor: str | None, full: bool
    ) -> AsyncIterator[ItemPage]:
        """Pages of the library: everything, the rest of an interrupted listing, or changes."""
        state = None if full else Cursor.parse(cursor)
        if state is None or state.phase == "all":
            async for page in self._listing(library, state):
                yield page
            return
        next_since = state.next_since or await self._server_now()
        since = state.since or 0
        phases = ("saved", "user")
        first = phases.index(state.phase) if state.phase in phases else 0
        for index, phase in enumerate(phases[first:], start=first):
            start = state.start if index == first else 0
            async for page in self._pages(library, phase, start, since, next_since):
                yield page
        # Even with nothing changed, move the mark so the next sync asks about less.
        yield ItemPage(records=[], total=None, cursor=Cursor(since=next_since).encode())

    async def _listing(
        self, library: LibraryRecord, state: Cursor | None
    ) -> AsyncIterator[ItemPage]:
        start = state.start if state is not None else 0
        next_since = (state.next_since if state is not None else None) or await self._server_now()
        async for page in self._pages(library, "all", start, None, next_since):
            yield page

    async def _pages(
        self, library: LibraryRecord, phase: str, start: int, since: int | None, next_since: int
    ) -> AsyncIterator[ItemPage]:
        while True:
            params = self._query(library, start, self.page_size)
            if phase == "saved":
                params.append(("MinDateLastSaved", parsers.iso_utc(since or 0)))
            elif phase == "user":
                params.append(("MinDateLastSavedForUser", parsers.iso_utc(since or 0)))
            response = await self.client.items(params)
            # The page may hold fewer records than items (types Reel skips), so the
            # offset advances by what the server sent.
            # Decoded off the loop's thread: the window keeps drawing while a page parses.
            parsed = await self.parser.parse(
                parsers.media_page,
                response.body,
                f"items {start}–{start + self.page_size} of “{library.name}”",
            )
            total = parsed.total
            end = start + parsed.sent
            finished = parsed.sent < self.page_size or (total is not None and end >= total)
            if finished and phase in ("all", "user"):
                cursor = Cursor(since=next_since)
            elif finished:
                cursor = Cursor(phase="user", start=0, since=since, next_since=next_since)
            else:
                cursor = Cursor(phase=phase, start=end, since=since, next_since=next_since)
            yield ItemPage(
                records=parsed.records,
                prepared=parsed.prepared,
                total=total,
                cursor=cursor.encode(),
            )
            if finished:
                return
            start = end

    def _query(self, library: LibraryRecord, start: int, limit: int) -> list[tuple[str, object]]:
        return [
            ("ParentId", library.remote_id),
            ("Recursive", "true"),
            ("IncludeItemTypes", TYPES_BY_KIND[library.kind]),
            ("Fields", SYNC_FIELDS),
            ("EnableUserData", "true"),
            ("EnableImages", "true"),
            ("ImageTypeLimit", "1"),
            ("EnableImageTypes", "Primary,Backdrop,Thumb"),
            ("SortBy", "DateCreated,SortName"),
            ("SortOrder", "Ascending"),
            ("StartIndex", str(start)),
            ("Limit", str(limit)),
        ]

    async def present_ids(self, library: LibraryRecord, known: int) -> set[str] | None:
        """Every id the library holds now, or None when the counts show nothing was deleted.

        `known` is how many items Reel holds for the library after this sync's writes:
        every item the server added since was just written, so equal counts mean the
        server deleted nothing, and the listing of every id can be skipped.
        """
        base = [
            ("ParentId", library.remote_id),
            ("Recursive", "true"),
            ("IncludeItemTypes", TYPES_BY_KIND[library.kind]),
            ("EnableUserData", "false"),
            ("EnableImages", "false"),
            ("Fields", ""),
        ]
        counted = await self.client.items([*base, ("StartIndex", "0"), ("Limit", "0")])
        total = parsers.decode(counted.body, dto.IdsResult, "the item count").total_record_count
        if total is not None and total == known:
            return None
        present: set[str] = set()
        start = 0
        while True:
            response = await self.client.items(
                [
                    *base,
                    ("SortBy", "DateCreated,SortName"),
                    ("StartIndex", str(start)),
                    ("Limit", str(IDS_PAGE_SIZE)),
                ]
            )
            page = parsers.decode(response.body, dto.IdsResult, "the list of item ids")
            present.update(item.id for item in page.items)
            start += len(page.items)
            if len(page.items) < IDS_PAGE_SIZE:
                return present

    async def _server_now(self) -> int:
        """The server's clock (from its Date header), less a margin; ours if it sends none."""
        response = await self.client.get("/System/Info/Public")
        server_time = response.server_time_ms()
        return (server_time if server_time is not None else now_ms()) - _CLOCK_MARGIN_MS

    async def push_user_state(self, remote_id: str, *, position_ms: int, watched: bool) -> None:
        """Store a resume point and watched state made in Reel (possibly offline)."""
        await self.playback.save_user_state(remote_id, position_ms=position_ms, watched=watched)

    async def playback_target(
        self,
        remote_id: str,
        *,
        max_bitrate: int | None = None,
        start_ms: int = 0,
        version: str | None = None,
    ) -> PlaybackTarget:
        """Direct play of the original file, or a transcode below max_bitrate.

        The version is the media source's id (`MediaSourceId`).
        """
        return await self.playback.target(
            remote_id, max_bitrate=max_bitrate, start_ms=start_ms, media_source_id=version
        )

    async def markers(self, remote_id: str) -> list[MarkerRecord]:
        """Intro, outro, recap and preview segments (Jellyfin 10.10+)."""
        return await self.playback.markers(remote_id)

    async def report_playback(
        self,
        remote_id: str,
        state: PlaybackState,
        *,
        position_ms: int,
        duration_ms: int | None,
        target: PlaybackTarget | None,
    ) -> None:
        """`/Sessions/Playing` once, then `/Progress` (paused or not), `/Stopped` at the end."""
        ids = {
            "media_source_id": target.media_source_id if target else None,
            "play_session_id": target.play_session_id if target else None,
        }
        if state is PlaybackState.STOPPED:
            self._playing.discard(remote_id)
            await self.playback.stopped(remote_id, position_ms, **ids)
            return
        if remote_id not in self._playing:
            await self.playback.started(remote_id, position_ms, **ids)
            self._playing.add(remote_id)
            if state is PlaybackState.PLAYING:
                return
        await self.playback.progress(
            remote_id, position_ms, paused=state is PlaybackState.PAUSED, **ids
        )

    def image_url(self, ref: str, width: int) -> str:
        """The path below the server address of an image ref, scaled to at most width pixels."""
        # Refs carry their tag (`?tag=...`), so a changed image gets a new URL.
        joiner = "&" if "?" in ref else "?"
        return f"{ref}{joiner}maxWidth={width}&quality=90"

    async def close(self) -> None:
        """Close the connection pool."""
        await self.client.close()
