"""What the sync benchmarks share: peak memory, the child processes and the driver.

A sync bench serves its fake server from the parent process, with its pages rendered
before the timed runs (see `drive`); Reel and the floor each sync in a child process of
their own (`python -m bench.<module> floor|reel ARGS... PATH`), so neither shares an
interpreter with the server and each reports its own peak memory.
The Reel child syncs, reports one JSON line, and syncs again for every non-empty line it
reads on stdin: a full sync, an unchanged one, then one after the parent changed and
deleted items on the server.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import resource
import sys
import tempfile
import time
from collections.abc import Awaitable, Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from bench.report import emit

if TYPE_CHECKING:
    from tests.fakes.page_cache import PageCache

    from reel_qt.runtime import Runtime

ROOT = Path(__file__).resolve().parents[1]
CHILD_ROLES = ("floor", "reel")


def peak_rss_kb(pid: int | str = "self") -> int:
    """A process's peak resident memory since it started (this one's by default).

    Not getrusage's ru_maxrss: Linux carries it across exec, so a child would report the
    parent's peak at the fork (the fake server's library, say).
    """
    with contextlib.suppress(OSError):
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss if pid == "self" else 0


def peak_rss_with_children_kb() -> int:
    """Peak memory of this process plus that of each child still running (the page parser).

    A sum of peaks, so it may overstate the peak the two reached at one moment.
    """
    total = peak_rss_kb()
    me = str(os.getpid())
    for stat in Path("/proc").glob("[0-9]*/stat"):
        with contextlib.suppress(OSError, IndexError):
            # The command may hold spaces and parentheses: the ppid follows the last ")".
            if stat.read_text().rpartition(")")[2].split()[1] == me:
                total += peak_rss_kb(stat.parent.name)
    return total


# -- in the children -------------------------------------------------------------------------


def run_floor(floor: Awaitable[int]) -> None:
    """Run a floor (it returns how many items it wrote) and report on stdout."""

    async def timed() -> tuple[int, float]:
        started = time.perf_counter()
        items = await floor
        return items, time.perf_counter() - started

    items, seconds = asyncio.run(timed())
    print(json.dumps({"seconds": seconds, "items": items, "maxrss_kb": peak_rss_kb()}), flush=True)


async def report_syncs(runtime: Runtime) -> None:
    """Sync every source and report, again for each non-empty stdin line; then close."""
    loop = asyncio.get_running_loop()
    while True:
        started = time.perf_counter()
        results = await runtime.sync.sync_sources()
        seconds = time.perf_counter() - started
        report = {
            "seconds": seconds,
            "ok": all(r.ok for r in results),
            "error": next((r.error for r in results if r.error), None),
            "written": sum(r.items_written for r in results),
            "deleted": sum(r.items_deleted for r in results),
            "maxrss_kb": peak_rss_with_children_kb(),
        }
        sys.stdout.write(json.dumps(report) + "\n")
        sys.stdout.flush()
        if not (await loop.run_in_executor(None, sys.stdin.readline)).strip():
            break
    await asyncio.to_thread(runtime.close)


def child_main(child: Callable[[list[str]], int], main: Callable[[str], None]) -> None:
    """A bench module's `__main__`: a child role when the first argument names one."""
    if len(sys.argv) > 1 and sys.argv[1] in CHILD_ROLES:
        with contextlib.suppress(BrokenPipeError):
            sys.exit(child(sys.argv[1:]))
    main(sys.argv[1] if len(sys.argv) > 1 else "bench")


# -- the driver ----------------------------------------------------------------------------------


async def _spawn(module: str, *args: str) -> asyncio.subprocess.Process:
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join([str(ROOT / "src"), str(ROOT)])
    return await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        module,
        *args,
        stdin=asyncio.subprocess.PIPE,
        stdout=asyncio.subprocess.PIPE,
        env=env,
        limit=1 << 20,
    )


async def _line(process: asyncio.subprocess.Process) -> dict[str, Any]:
    assert process.stdout is not None
    line = await process.stdout.readline()
    if not line:
        raise RuntimeError("the benchmark child ended without a report")
    report: dict[str, Any] = json.loads(line)
    if report.get("ok") is False:
        raise RuntimeError(f"sync failed: {report['error']}")
    return report


async def drive(
    bench: str,
    module: str,
    args: Sequence[str],
    total: int,
    *,
    quiet_floor: Callable[[], Awaitable[float]],
    change: Callable[[], int],
    page_cache: PageCache,
) -> None:
    """Run the floor, then Reel's full, unchanged and changed syncs; emit the figures.

    `args` go to both children (before the path of their database); `change` edits the
    server between the second and third syncs and returns how many items it deleted.

    The server's pages are rendered before the clock starts: a first, untimed run of the
    floor fills the fake's `page_cache` (which the floor and Reel share, as they ask the
    same questions), so neither timed full sync pays for the server, which on a real
    network runs on another machine. The cache goes stale when `change` edits the
    library, so the incremental syncs after it are served as rendered live.
    """
    with tempfile.TemporaryDirectory(prefix="reel-bench-sync-") as folder:
        page_cache.enabled = True
        warm_up = await _spawn(module, "floor", *args, f"{folder}/warm-up.db")
        await _line(warm_up)
        await warm_up.wait()

        hits, misses = page_cache.stats()
        floor_proc = await _spawn(module, "floor", *args, f"{folder}/floor.db")
        floor = await _line(floor_proc)
        await floor_proc.wait()
        assert floor["items"] == total, floor
        _served("floor", page_cache, hits, misses)

        hits, misses = page_cache.stats()
        reel = await _spawn(module, "reel", *args, f"{folder}/reel")
        full = await _line(reel)
        assert full["written"] == total, full
        _served("reel full sync", page_cache, hits, misses)
        emit(
            f"{bench}_full",
            "items_per_s",
            total / full["seconds"],
            "items/s",
            total / floor["seconds"],
            lower_is_better=False,
        )
        emit(
            f"{bench}_full",
            "peak_rss_mb",
            full["maxrss_kb"] / 1024,
            "MB",
            floor["maxrss_kb"] / 1024,
            lower_is_better=True,
        )

        assert reel.stdin is not None
        reel.stdin.write(b"again\n")
        unchanged = await _line(reel)
        quiet = await quiet_floor()
        emit(
            f"{bench}_incremental",
            "unchanged_s",
            unchanged["seconds"],
            "s",
            quiet,
            lower_is_better=True,
        )

        deleted = change()
        reel.stdin.write(b"again\n")
        changed = await _line(reel)
        assert changed["deleted"] == deleted, changed
        emit(
            f"{bench}_incremental",
            "changed_1000_deleted_100_s",
            changed["seconds"],
            "s",
            quiet,
            lower_is_better=True,
        )
        reel.stdin.write(b"\n")
        await reel.stdin.drain()
        await reel.wait()


def _served(who: str, cache: PageCache, hits: int, misses: int) -> None:
    """Say on stderr how many of a run's pages came pre-rendered (it should be nearly all)."""
    now_hits, now_misses = cache.stats()
    sys.stderr.write(
        f"{who}: {now_hits - hits} pages pre-rendered, {now_misses - misses} rendered live\n"
    )
