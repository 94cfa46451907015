"""Reading many videos in parallel: name parsing and probing in worker processes.

Both halves are CPU-bound and guessit is pure Python, so threads would share one core;
a process pool uses them all. Workers are forked from a fork server that has already
imported guessit and pymediainfo (fork from the app itself would copy Qt's and SQLite's
threads mid-flight). Files go to workers in chunks and come back as msgpack bytes, which
keeps the pickling cost per file small. A handful of files (a watcher's change) is read
in threads instead, since starting the pool costs more than it saves.
"""

from __future__ import annotations

import asyncio
import multiprocessing
import os
from collections.abc import AsyncIterator, Sequence
from concurrent.futures import Executor, ProcessPoolExecutor, ThreadPoolExecutor

import msgspec

from reel_qt.backends.local.facts import FileFacts
from reel_qt.backends.local.names import Kind, parse_name
from reel_qt.backends.local.probe import ProbeError, probe_file
from reel_qt.backends.local.walk import FoundVideo

CHUNK = 32
#: Fewer files than this are read in threads in this process.
POOL_THRESHOLD = 48

_ENCODER = msgspec.msgpack.Encoder()
_RESULTS = msgspec.msgpack.Decoder(list[FileFacts])


def examine_one(video: FoundVideo, kind: Kind) -> FileFacts:
    """Parse the name and probe the file of one video (blocking)."""
    try:
        name = parse_name(video.path, video.root, kind, disc=video.disc)
    except Exception as error:  # guessit fails on a few pathological names
        return FileFacts(kind=kind, error=f"its name cannot be parsed ({error})")
    try:
        probe = probe_file(video.probe_path)
    except ProbeError as error:
        return FileFacts(kind=kind, name=name, error=str(error))
    return FileFacts(kind=kind, name=name, probe=probe)


def examine_chunk(videos: Sequence[FoundVideo], kind: Kind) -> bytes:
    """Examine a chunk in a worker; the facts come back as msgpack."""
    return _ENCODER.encode([examine_one(video, kind) for video in videos])


def _warm_up() -> None:
    """Build guessit's rules once in the fork server, before workers are forked from it."""
    from reel_qt.backends.local.names import _guess

    _guess("Show.S01E01.mkv", "episode")


def workers() -> int:
    """How many files are read at once: one per core."""
    return max(1, len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else 1)


class Examiner:
    """Reads batches of videos on every core, off the event loop."""

    def __init__(self, *, processes: int | None = None) -> None:
        self.processes = processes or workers()
        self._pool: Executor | None = None

    def _process_pool(self) -> Executor:
        if self._pool is None:
            context = multiprocessing.get_context("forkserver")
            context.set_forkserver_preload(["reel_qt.backends.local.examine"])
            self._pool = ProcessPoolExecutor(
                self.processes, mp_context=context, initializer=_warm_up
            )
        return self._pool

    async def examine(
        self, videos: Sequence[FoundVideo], kind: Kind
    ) -> AsyncIterator[list[tuple[FoundVideo, FileFacts]]]:
        """Yield (video, facts) in chunks, in the order chunks finish."""
        loop = asyncio.get_running_loop()
        if len(videos) < POOL_THRESHOLD:
            with ThreadPoolExecutor(self.processes, thread_name_prefix="reel-probe") as threads:
                results = await asyncio.gather(
                    *(loop.run_in_executor(threads, examine_one, v, kind) for v in videos)
                )
            yield list(zip(videos, results, strict=True))
            return
        pool = self._process_pool()

        async def run(chunk: Sequence[FoundVideo]) -> tuple[Sequence[FoundVideo], bytes]:
            return chunk, await asyncio.wrap_future(pool.submit(examine_chunk, chunk, kind))

        tasks = [
            asyncio.ensure_future(run(videos[i : i + CHUNK])) for i in range(0, len(videos), CHUNK)
        ]
        try:
            for done in asyncio.as_completed(tasks):
                chunk, data = await done
                yield list(zip(chunk, _RESULTS.decode(data), strict=True))
        finally:
            for task in tasks:
                task.cancel()

    def close(self) -> None:
        """Stop the worker processes."""
        if self._pool is not None:
            self._pool.shutdown(wait=False, cancel_futures=True)
            self._pool = None
