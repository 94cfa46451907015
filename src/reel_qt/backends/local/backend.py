"""The local folders MediaBackend: one library over a source's folders, read from disk.

The database is the truth for watched state and resume points of local items, so
pushing user state succeeds at once; the player opens the file itself.
"""

from __future__ import annotations

import asyncio
import logging
import os
from collections.abc import AsyncIterator, Sequence

from reel_qt.backends.base import ItemPage, PlaybackState
from reel_qt.backends.local.artwork import FrameCache
from reel_qt.backends.local.assemble import markers
from reel_qt.backends.local.examine import Examiner
from reel_qt.backends.local.index import FileIndex
from reel_qt.backends.local.names import Kind
from reel_qt.backends.local.probe import ProbeError, probe_file
from reel_qt.backends.local.scan import Scan
from reel_qt.backends.local.subtitles import external_subtitles
from reel_qt.backends.local.walk import DEFAULT_SKIP_FOLDERS
from reel_qt.core.errors import BackendConnectionError, RemoteNotFoundError
from reel_qt.core.records import (
    ExternalSubtitle,
    LibraryKind,
    LibraryRecord,
    MarkerRecord,
    PlaybackTarget,
)

log = logging.getLogger("reel.local")

LIBRARY_ID = "folders"
_KINDS = {"movies": LibraryKind.MOVIES, "shows": LibraryKind.SHOWS, "auto": LibraryKind.MIXED}


class LocalBackend:
    """A set of folders of films or series (or both, told apart by their names)."""

    def __init__(
        self,
        *,
        name: str,
        roots: Sequence[str],
        kind: Kind,
        index: FileIndex,
        frames: FrameCache | None = None,
        skip: Sequence[str] = DEFAULT_SKIP_FOLDERS,
        examiner: Examiner | None = None,
    ) -> None:
        self.name = name
        self.roots = [os.path.abspath(root) for root in roots]
        self.kind = kind
        self.index = index
        self.frames = frames
        self.skip = skip
        self.examiner = examiner or Examiner()
        #: The last scan (problems, unreachable folders, files read), for callers and tests.
        self.last_scan: Scan | None = None

    async def check(self) -> str:
        """How many of the folders can be reached.

        Raises:
            BackendConnectionError: none of them can.
        """
        reachable = await asyncio.to_thread(lambda: [r for r in self.roots if os.path.isdir(r)])
        if not reachable:
            raise BackendConnectionError(f"None of the folders of {self.name} can be reached.")
        missing = len(self.roots) - len(reachable)
        return f"{len(reachable)} folder(s)" + (f", {missing} unreachable" if missing else "")

    async def libraries(self) -> list[LibraryRecord]:
        """One library holding every folder of the source."""
        return [LibraryRecord(remote_id=LIBRARY_ID, name=self.name, kind=_KINDS[self.kind])]

    async def items(
        self, library: LibraryRecord, *, cursor: str | None, full: bool
    ) -> AsyncIterator[ItemPage]:
        """Every item, each scan complete; `full` reads unchanged files again too.

        Raises:
            BackendConnectionError: none of the folders can be reached (items are kept).
        """
        del library, cursor  # one library; a scan is always whole (and cheap when unchanged)
        scan = Scan(
            self.roots, self.kind, self.skip, self.index, self.examiner, self.frames, name=self.name
        )
        self.last_scan = scan
        async for page in scan.pages(full=full):
            yield page

    async def present_ids(self, library: LibraryRecord, known: int) -> set[str] | None:
        """Never needed: every listing is complete."""
        return None

    async def push_user_state(self, remote_id: str, *, position_ms: int, watched: bool) -> None:
        """Nothing to send: the local database already holds it."""

    async def report_playback(
        self,
        remote_id: str,
        state: PlaybackState,
        *,
        position_ms: int,
        duration_ms: int | None,
        target: PlaybackTarget | None,
    ) -> None:
        """Nothing to tell: no server watches what plays from a folder."""

    async def playback_target(
        self,
        remote_id: str,
        *,
        max_bitrate: int | None = None,
        start_ms: int = 0,
        version: str | None = None,
    ) -> PlaybackTarget:
        """The file itself, with the subtitle files beside it.

        Raises:
            RemoteNotFoundError: the file is gone.
        """
        del max_bitrate, start_ms, version  # files play as they are; the player seeks itself
        path = remote_id

        def look() -> list[str] | None:
            if not os.path.exists(path):
                return None
            return [] if os.path.isdir(path) else os.listdir(os.path.dirname(path))

        names = await asyncio.to_thread(look)
        if names is None:
            raise RemoteNotFoundError(f"{path} is not there any more (or its drive is unplugged).")
        subtitles = tuple(
            ExternalSubtitle(
                index=s.index, url=s.location or "", language=s.language, codec=s.codec
            )
            for s in external_subtitles(path, names, 0)
        )
        return PlaybackTarget(url=path, subtitles=subtitles)

    async def markers(self, remote_id: str) -> list[MarkerRecord]:
        """The file's chapters (and intro/credits chapters) as it is now."""
        try:
            probe = await asyncio.to_thread(probe_file, remote_id)
        except ProbeError:
            return []
        return list(markers(probe))

    async def close(self) -> None:
        """Stop the worker processes."""
        self.examiner.close()
