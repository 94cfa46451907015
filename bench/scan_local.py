"""scan_local: a 10,000-file tree of real clips hard-linked under many names.

Figures: the first scan against its floor (pymediainfo reading the same files in a plain
loop, in a process pool of the same size), a rescan with nothing changed (floor: walking
and stat-ing the tree), and how soon one added file is in the library while the folder is
watched (floor: how soon watchfiles itself reports it).
"""

from __future__ import annotations

import asyncio
import multiprocessing
import os
import sys
import tempfile
import time
from collections.abc import Sequence
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from tests.clips import Chapter, ClipMaker, ClipSpec

from bench.report import emit
from reel_qt.backends.local.examine import CHUNK, workers
from reel_qt.backends.registry import BackendRegistry
from reel_qt.core.events import EventBus
from reel_qt.core.records import SourceType
from reel_qt.store.database import Database
from reel_qt.store.migrations import upgrade_database
from reel_qt.store.repositories.listing import ItemFilter
from reel_qt.store.service import DataService
from reel_qt.sync.local_watch import LocalWatchService
from reel_qt.sync.manager import SyncManager
from reel_qt.sync.scheduler import SyncScheduler
from reel_qt.sync.sources import local_backend

SPECS = (
    ClipSpec(audio_languages=("eng", "fra"), subtitle_languages=("deu",)),
    ClipSpec(container="mp4", audio_languages=("jpn",)),
    ClipSpec(chapters=(Chapter("Intro", 0, 500), Chapter("Main", 500, 2000))),
    ClipSpec(container="avi", video_codec="mpeg4"),
)
FILES = 10_000
BENCH = "scan_local"


def build_tree(clips: ClipMaker, root: Path, files: int) -> list[Path]:
    """Movies (40%) and episodes of many shows (60%), each a hard link to a real clip."""
    paths: list[Path] = []
    movies = files * 4 // 10
    for n in range(movies):
        year = 1950 + n % 70
        name = f"Film {n:05d} ({year})" if n % 2 else f"Some.Film.{n:05d}.{year}.1080p.BluRay"
        spec = SPECS[n % len(SPECS)]
        suffix = "mkv" if spec.container != "mp4" and spec.container != "avi" else spec.container
        paths.append(clips.place(spec, root / "Films" / name / f"{name}.{suffix}"))
    n = 0
    while len(paths) < files:
        show, season, episode = n // 100, n // 20 % 5 + 1, n % 20 + 1
        folder = root / "Series" / f"Show {show:03d}" / f"Season {season:02d}"
        name = f"Show {show:03d} - S{season:02d}E{episode:02d} - Episode {episode}.mkv"
        paths.append(clips.place(SPECS[n % 3 if n % 3 != 1 else 0], folder / name))
        n += 1
    return paths


def _plain_probe(paths: Sequence[str]) -> int:
    from pymediainfo import MediaInfo

    for path in paths:
        MediaInfo.parse(path)
    return len(paths)


def floor_probe(paths: Sequence[Path]) -> float:
    """pymediainfo over every file, in a forkserver process pool of the scanner's size."""
    context = multiprocessing.get_context("forkserver")
    names = [str(p) for p in paths]
    started = time.perf_counter()
    with ProcessPoolExecutor(workers(), mp_context=context) as pool:
        chunks = [names[i : i + CHUNK] for i in range(0, len(names), CHUNK)]
        done = sum(pool.map(_plain_probe, chunks))
    assert done == len(names)
    return time.perf_counter() - started


def floor_walk(root: Path) -> float:
    """os.walk and a stat of every file: the least an unchanged rescan must do."""
    started = time.perf_counter()
    for folder, _dirs, files in os.walk(root):
        for name in files:
            os.stat(os.path.join(folder, name))
    return time.perf_counter() - started


async def floor_watch(root: Path, clips: ClipMaker) -> float:
    """How soon watchfiles reports a file added under root."""
    from watchfiles import awatch

    stop = asyncio.Event()
    target = root / "Films" / "Floor Watch (2020)" / "Floor Watch (2020).mkv"
    started = 0.0

    async def add() -> None:
        nonlocal started
        await asyncio.sleep(0.5)
        started = time.perf_counter()
        clips.place(SPECS[0], target)

    task = asyncio.ensure_future(add())
    async for changes in awatch(root, stop_event=stop, debounce=400):
        # A new folder's own watch may start after its file was linked in: its event counts.
        if any(path.startswith(str(target.parent)) for _c, path in changes):
            break
    await task
    return time.perf_counter() - started


async def run(folder: Path, files: int) -> None:
    """Build the tree, measure the floors and the scanner."""
    clips = ClipMaker(folder / "clips")
    root = folder / "media"
    started = time.perf_counter()
    paths = build_tree(clips, root, files)
    sys.stderr.write(f"built {len(paths)} files in {time.perf_counter() - started:.1f} s\n")
    probe_floor = floor_probe(paths)
    upgrade_database(folder / "reel.sqlite3", folder / "backups")
    database = Database(folder / "reel.sqlite3")
    service = DataService(database, EventBus())
    # No still frames here: the floor takes none (they come after the scan, in background).
    registry = BackendRegistry(
        {SourceType.LOCAL.value: lambda source: local_backend(source, service, None)}
    )
    manager = SyncManager(service, registry)
    source = await service.add_source(
        type=SourceType.LOCAL.value,
        name="bench",
        config={"paths": [str(root / "Films"), str(root / "Series")], "kind": "auto"},
    )
    try:
        started = time.perf_counter()
        result = await manager.sync_source(source)
        first = time.perf_counter() - started
        assert result.ok, result.error
        count = await service.count_library_items((await service.list_libraries(source.id))[0].id)
        sys.stderr.write(f"first scan: {count} items, {result.items_written} written\n")
        emit(BENCH, "first_scan", first, "s", probe_floor, lower_is_better=True)

        walk_floor = floor_walk(root)
        started = time.perf_counter()
        result = await manager.sync_source(source)
        rescan = time.perf_counter() - started
        assert result.ok and result.items_written == 0, result
        emit(BENCH, "unchanged_rescan", rescan, "s", walk_floor, lower_is_better=True)

        watch_floor = await asyncio.wait_for(floor_watch(root, clips), 30)
        sys.stderr.write(f"watchfiles reports a new file in {watch_floor:.2f} s\n")
        emit(BENCH, "added_file_visible", await _watch(service, manager, root, clips), "s",
             watch_floor, lower_is_better=True)  # fmt: skip
    finally:
        database.close()


async def _watch(service: DataService, manager: SyncManager, root: Path, clips: ClipMaker) -> float:
    scheduler = SyncScheduler(manager, interval_minutes=60)
    watcher = LocalWatchService(service, scheduler.request)
    tasks = [
        asyncio.ensure_future(scheduler.run(startup_delay_s=0)),
        asyncio.ensure_future(watcher.run()),
    ]
    try:
        await asyncio.sleep(1.0)  # the watch is set up and the start-up sync is done
        target = root / "Films" / "Brand New (2024)" / "Brand New (2024).mkv"
        started = time.perf_counter()
        clips.place(SPECS[1], target)
        while True:
            rows = await service.list_items(ItemFilter(type="movie"))
            if any(r.title == "Brand New" for r in rows):
                return time.perf_counter() - started
            await asyncio.sleep(0.05)
    finally:
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)


def main(files: int = FILES) -> None:
    """Run the benchmark in a throwaway folder."""
    with tempfile.TemporaryDirectory(prefix="reel-scan-") as folder:
        asyncio.run(run(Path(folder), files))
