"""One scan of a local source: walk, reuse what the index knows, read the rest, build pages.

Files whose size and mtime match the index are not read again; their facts come from it,
and when no sidecar changed either, their records are not even rebuilt: the store keeps
them and the scan only vouches for their ids.
Folders that cannot be reached (an unplugged drive, an empty mount point that used to
hold files) keep their items: the ids go out as `kept` so the sync deletes none of them,
and the items are marked unavailable until the folder is back.
"""

from __future__ import annotations

import asyncio
import hashlib
import logging
import os
from collections.abc import AsyncIterator, Iterable, Sequence

import msgspec

from reel_qt.backends.base import ItemPage
from reel_qt.backends.local.artwork import FrameCache
from reel_qt.backends.local.assemble import Assembler, item_ids, report
from reel_qt.backends.local.examine import Examiner
from reel_qt.backends.local.facts import FileFacts, decode_facts, decode_header, encode_facts
from reel_qt.backends.local.index import CONTEXT_PATH, FileIndex, IndexEntry
from reel_qt.backends.local.names import Kind
from reel_qt.backends.local.walk import FoundVideo, Problem, WalkResult, walk_roots
from reel_qt.core.errors import BackendConnectionError
from reel_qt.core.records import MediaRecord

log = logging.getLogger("reel.local")

PAGE_SIZE = 500
#: Bump when records are built differently from the same files: the next scan rebuilds all.
ASSEMBLY_VERSION = 1


def _under(path: str, roots: Iterable[str]) -> bool:
    return any(path == root or path.startswith(root.rstrip(os.sep) + os.sep) for root in roots)


class Scan:
    """Scans a source's folders once and yields its records in pages."""

    def __init__(
        self,
        roots: Sequence[str],
        kind: Kind,
        skip: Sequence[str],
        index: FileIndex,
        examiner: Examiner,
        frames: FrameCache | None,
        *,
        name: str = "this source",
    ) -> None:
        self.name = name
        self.roots = roots
        self.kind = kind
        self.skip = skip
        self.index = index
        self.examiner = examiner
        self.frames = frames
        self.problems: list[Problem] = []
        self._unreadable: list[Problem] = []
        self.unreachable: list[str] = []
        self.probed = 0

    async def pages(self, *, full: bool) -> AsyncIterator[ItemPage]:
        """Every item of the source, in pages; the index is updated as the scan ends.

        Raises:
            BackendConnectionError: none of the folders can be reached.
        """
        walk = await asyncio.to_thread(walk_roots, self.roots, self.skip)
        stored = await self.index.load()
        previous = stored.pop(CONTEXT_PATH, None)
        gone, kept = await self._keep_unreachable(walk, stored, previous is not None)
        context = await asyncio.to_thread(self._context, walk, gone)
        # An unchanged file's records are built again only when what else they are made
        # of changed (sidecars, reachable folders); otherwise the store keeps them as they
        # are, and an unchanged rescan is a walk, one query and a stat compare. What the
        # library holds is checked too: a sync stopped before its last write (the scan
        # runs ahead of the writer), or an item made unavailable, is rebuilt.
        rebuild = full or previous is None or previous.facts != context
        available = set() if rebuild else await self.index.available_ids()
        split = await asyncio.to_thread(self._split, walk.videos, stored, full, available)
        cached, unchanged, todo = split
        kept_ids = sorted(kept.union(unchanged))
        assembler = Assembler(walk.listings, self.frames)
        changed: dict[str, IndexEntry] = {}
        first = True
        async for records in self._records(assembler, cached, todo, changed):
            yield ItemPage(records=records, total=len(walk.videos), kept=kept_ids if first else ())
            first = False
        found = {video.path for video in walk.videos}
        unlisted = list(walk.unlisted)
        removed = [
            p for p in stored if p not in found and not _under(p, gone) and not _under(p, unlisted)
        ]
        if previous is None or previous.facts != context:
            changed[CONTEXT_PATH] = IndexEntry(0, 0, context)
        if changed or removed:
            await self.index.save(changed, removed)
        self.problems = [*walk.problems, *self._unreadable, *assembler.problems]
        report(self.problems)

    async def _keep_unreachable(
        self, walk: WalkResult, stored: dict[str, IndexEntry], has_context: bool
    ) -> tuple[list[str], set[str]]:
        """Unreachable roots, and the ids of their items (now marked unavailable)."""
        gone = self._unreachable(walk, stored)
        kept = await asyncio.to_thread(self._kept_ids, stored, gone, walk.unlisted)
        if kept:
            await self.index.set_unavailable([ids[0] for ids in kept])
        if self.roots and set(self.roots) <= set(gone):
            # Nothing to list at all: the source is offline (the sync records it and
            # deletes nothing); its items stay, unavailable, until a folder is back. The
            # next scan must then rebuild them (as available), whatever else is unchanged.
            if has_context:
                await self.index.save({}, [CONTEXT_PATH])
            why = {p.path: p.reason for p in walk.problems}
            where = ", ".join(f"{root}: {why[root]}" if root in why else root for root in gone)
            raise BackendConnectionError(
                f"None of the folders of {self.name} can be reached ({where}): "
                "is a drive unplugged, a share not mounted or a folder's permission changed? "
                "Its items are kept and come back with the folders."
            )
        return gone, {i for ids in kept for i in ids}

    async def _records(
        self,
        assembler: Assembler,
        cached: Sequence[tuple[FoundVideo, FileFacts]],
        todo: Sequence[FoundVideo],
        changed: dict[str, IndexEntry],
    ) -> AsyncIterator[list[MediaRecord]]:
        """Records in pages: rebuilt ones first, then those of the files read now.

        Always yields at least once (an empty page still carries the kept ids). The facts
        read go into changed, for the index; files that could not be read are noted.
        """
        pending: list[MediaRecord] = []
        yielded = False
        for start in range(0, len(cached), PAGE_SIZE):
            pending += await asyncio.to_thread(_build, assembler, cached[start : start + PAGE_SIZE])
            if len(pending) >= PAGE_SIZE:
                yield pending
                pending, yielded = [], True
        async for results in self.examiner.examine(todo, self.kind):
            for video, facts in results:
                changed[video.path] = IndexEntry(video.size, video.mtime_ns, encode_facts(facts))
                if facts.error is not None:
                    self._unreadable.append(Problem(path=video.path, reason=facts.error))
            self.probed += len(results)
            pending += await asyncio.to_thread(_build, assembler, results)
            if len(pending) >= PAGE_SIZE:
                yield pending
                pending, yielded = [], True
        if pending or not yielded:
            yield pending

    def _context(self, walk: WalkResult, gone: Sequence[str]) -> bytes:
        """A digest of everything records depend on besides the videos' own facts."""
        parts = (
            ASSEMBLY_VERSION,
            self.kind,
            sorted(self.skip),
            sorted(walk.sidecars),
            sorted(gone),
            sorted(walk.unreachable),
            sorted(walk.unlisted),
        )
        return hashlib.blake2b(msgspec.msgpack.encode(parts), digest_size=16).digest()

    def _unreachable(self, walk: WalkResult, stored: dict[str, IndexEntry]) -> list[str]:
        """Roots that are gone, and empty roots under which the index knows files."""
        gone = list(walk.unreachable)
        gone += [root for root in walk.empty if any(_under(p, [root]) for p in stored)]
        for root in gone:
            log.warning("folder %r is unreachable: its items are kept as unavailable", root)
        self.unreachable = gone
        return gone

    def _kept_ids(
        self, stored: dict[str, IndexEntry], gone: Sequence[str], unlisted: dict[str, str]
    ) -> list[list[str]]:
        """The ids of what the index knows under unreachable roots or unlisted folders."""
        kept = []
        for path, entry in stored.items():
            if _under(path, gone):
                video = _placeholder(path, gone)
            else:
                folder = next((f for f in unlisted if _under(path, [f])), None)
                if folder is None:
                    continue
                video = FoundVideo(path=path, root=unlisted[folder], size=0, mtime_ns=0)
            facts = decode_facts(entry.facts)
            if facts is not None and facts.error is None and facts.name is not None:
                kept.append(item_ids(video, facts))
        return kept

    def _split(
        self,
        videos: Sequence[FoundVideo],
        stored: dict[str, IndexEntry],
        full: bool,
        available: set[str],
    ) -> tuple[list[tuple[FoundVideo, FileFacts]], list[str], list[FoundVideo]]:
        """Unchanged videos (to rebuild, or whose items the library has) and those to read."""
        cached: list[tuple[FoundVideo, FileFacts]] = []
        unchanged: list[str] = []
        todo: list[FoundVideo] = []
        for video in videos:
            entry = None if full else stored.get(video.path)
            if entry is None or (entry.size, entry.mtime_ns) != (video.size, video.mtime_ns):
                todo.append(video)
                continue
            header = decode_header(entry.facts, self.kind) if available else None
            if header is not None:
                ids = item_ids(video, header)
                if header.name is None or all(i in available for i in ids):
                    unchanged += ids
                    continue
            facts = decode_facts(entry.facts)
            if facts is not None and facts.kind == self.kind:
                cached.append((video, facts))
            else:
                todo.append(video)
        return cached, unchanged, todo


def _placeholder(path: str, roots: Sequence[str]) -> FoundVideo:
    """A stand-in video for a path under an unreachable root (only its ids are needed)."""
    root = next(r for r in roots if _under(path, [r]))
    return FoundVideo(path=path, root=root, size=0, mtime_ns=0)


def _build(
    assembler: Assembler, results: Iterable[tuple[FoundVideo, FileFacts]]
) -> list[MediaRecord]:
    records: list[MediaRecord] = []
    for video, facts in results:
        records += assembler.records(video, facts)
    return records
