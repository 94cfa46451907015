"""An in-memory MediaBackend: serves fixed records in pages, honours cursors, can fail."""

from __future__ import annotations

from collections.abc import AsyncIterator, Sequence
from dataclasses import dataclass, field

from reel_qt.backends.base import ItemPage, PlaybackState
from reel_qt.core.errors import BackendError
from reel_qt.core.records import LibraryRecord, MarkerRecord, MediaRecord, PlaybackTarget


@dataclass
class MemoryBackend:
    """Pages through records per library; the cursor is the index of the next record."""

    libraries_served: list[LibraryRecord]
    records: dict[str, list[MediaRecord]]
    page_size: int = 2
    fail_after_pages: int | None = None
    failure: Exception = field(default_factory=lambda: BackendError("Connection reset by peer"))
    requested_starts: list[tuple[str, int]] = field(default_factory=list)
    closed: int = 0
    pushed: list[tuple[str, int, bool]] = field(default_factory=list)
    reported: list[tuple[str, PlaybackState, int]] = field(default_factory=list)
    push_failure: Exception | None = None
    markers_by_item: dict[str, list[MarkerRecord]] = field(default_factory=dict)
    # Per library: what an incremental sync past the end is sent, as changed-since queries.
    changed: dict[str, list[MediaRecord]] = field(default_factory=dict)

    async def check(self) -> str:
        """Describe the fake server."""
        return "Memory server 1.0"

    async def libraries(self) -> list[LibraryRecord]:
        """The libraries it serves."""
        return list(self.libraries_served)

    async def items(
        self, library: LibraryRecord, *, cursor: str | None, full: bool
    ) -> AsyncIterator[ItemPage]:
        """Pages from the cursor (a start index); 'done' means nothing changed since."""
        records = self.records.get(library.remote_id, [])
        if cursor == "done" and not full:
            changed = self.changed.get(library.remote_id)
            if changed:
                yield ItemPage(records=changed, total=None, cursor="done")
            return
        start = 0 if full or cursor is None else int(cursor)
        for served, offset in enumerate(range(start, len(records), self.page_size)):
            if self.fail_after_pages is not None and served >= self.fail_after_pages:
                raise self.failure
            self.requested_starts.append((library.remote_id, offset))
            page = records[offset : offset + self.page_size]
            end = offset + len(page)
            yield ItemPage(
                records=page, total=len(records), cursor="done" if end >= len(records) else str(end)
            )

    async def present_ids(self, library: LibraryRecord, known: int) -> set[str] | None:
        """Every remote id of the library."""
        return {r.remote_id for r in self.records.get(library.remote_id, [])}

    async def push_user_state(self, remote_id: str, *, position_ms: int, watched: bool) -> None:
        """Record what was pushed, or fail as configured."""
        if self.push_failure is not None:
            raise self.push_failure
        self.pushed.append((remote_id, position_ms, watched))

    async def report_playback(
        self,
        remote_id: str,
        state: PlaybackState,
        *,
        position_ms: int,
        duration_ms: int | None,
        target: PlaybackTarget | None,
    ) -> None:
        """Record the live report."""
        self.reported.append((remote_id, state, position_ms))

    async def playback_target(
        self,
        remote_id: str,
        *,
        max_bitrate: int | None = None,
        start_ms: int = 0,
        version: str | None = None,
    ) -> PlaybackTarget:
        """A file URL named after the item."""
        return PlaybackTarget(url=f"file:///media/{remote_id}.mkv", transcoded=bool(max_bitrate))

    async def markers(self, remote_id: str) -> list[MarkerRecord]:
        """The markers configured for the item, or a failure when offline."""
        if self.push_failure is not None:
            raise self.push_failure
        return list(self.markers_by_item.get(remote_id, []))

    async def close(self) -> None:
        """Count closes, so tests can check the manager always closes."""
        self.closed += 1


def remote_ids(records: Sequence[MediaRecord]) -> list[str]:
    """The remote ids of records, in order."""
    return [r.remote_id for r in records]
