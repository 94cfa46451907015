"""The MediaBackend protocol every source type implements, and the pages it yields."""

from __future__ import annotations

from collections.abc import AsyncIterator, Sequence
from enum import StrEnum
from typing import Protocol

import msgspec

from reel_qt.core.prepared import PreparedRows
from reel_qt.core.records import LibraryRecord, MarkerRecord, MediaRecord, PlaybackTarget


class ItemPage(msgspec.Struct, frozen=True, kw_only=True):
    """One page of a library listing.

    `cursor` is opaque to everyone but the backend: it says where the next sync should
    pick up (a resume position mid-listing, a changed-since time, or both). The sync
    manager stores it only after the page has been committed, so an interrupted sync
    resumes exactly after the last page that reached the database.
    """

    records: Sequence[MediaRecord]
    total: int | None = None
    cursor: str | None = None
    #: Remote ids the source still has but cannot read now (a local folder on an unplugged
    #: drive): not rewritten, and not deleted as missing.
    kept: Sequence[str] = ()
    #: The records' digests and packed rows, when the backend prepared them already.
    prepared: PreparedRows | None = None


class PlaybackState(StrEnum):
    """Where a playback session stands, as reported to the source."""

    PLAYING = "playing"
    PAUSED = "paused"
    STOPPED = "stopped"


class MediaBackend(Protocol):
    """What the sync manager needs from a Jellyfin server, a Plex server or local folders."""

    async def check(self) -> str:
        """Reach the source and describe it in a few words (server name and version).

        Raises:
            BackendError: the source cannot be reached or refuses the credentials.
        """
        ...

    async def libraries(self) -> list[LibraryRecord]:
        """List the libraries this source offers that Reel can show."""
        ...

    def items(
        self, library: LibraryRecord, *, cursor: str | None, full: bool
    ) -> AsyncIterator[ItemPage]:
        """Yield the library's items in pages, starting from cursor unless full."""
        ...

    async def present_ids(self, library: LibraryRecord, known: int) -> set[str] | None:
        """Every remote id the library holds now (to detect deletions), or None if unknown.

        `known` is how many items Reel holds for the library after this sync's writes; a
        backend may answer None when the server's own count shows nothing was deleted.
        """
        ...

    async def push_user_state(self, remote_id: str, *, position_ms: int, watched: bool) -> None:
        """Store the user's resume point and watched state of one item on the source.

        Raises:
            RemoteNotFoundError: the source no longer has the item.
            BackendError: the source could not take it (it stays queued).
        """
        ...

    async def playback_target(
        self,
        remote_id: str,
        *,
        max_bitrate: int | None = None,
        start_ms: int = 0,
        version: str | None = None,
    ) -> PlaybackTarget:
        """How the player opens an item: direct play, or a transcode below max_bitrate.

        `version` picks one of the item's versions by its id (`VersionRecord.id`); None
        plays the source's default one.

        Raises:
            BackendError: the source cannot play the item now.
        """
        ...

    async def markers(self, remote_id: str) -> list[MarkerRecord]:
        """The item's skippable spans and chapters as the source knows them now."""
        ...

    async def report_playback(
        self,
        remote_id: str,
        state: PlaybackState,
        *,
        position_ms: int,
        duration_ms: int | None,
        target: PlaybackTarget | None,
    ) -> None:
        """Tell the source what is playing now (its "now playing" view); best effort.

        Unlike push_user_state this is live and not queued: a report the source misses is
        simply superseded by the next one, while the position itself travels by the queue.

        Raises:
            BackendError: the source could not take the report.
        """
        ...

    async def close(self) -> None:
        """Release connections and files."""
        ...
