"""Run every benchmark: `python -m bench [store_upsert|search ...] [--scale S]`."""

from __future__ import annotations

import argparse
import platform
import sqlite3
import sys
import tempfile
import time
from pathlib import Path

from bench import (
    library_open,
    play_start,
    raw_floor,
    scan_local,
    search_as_you_type,
    search_bench,
    startup,
    store_upsert,
    sync_jellyfin,
    sync_plex,
    synthetic,
    ui_stall_during_sync,
)

BENCHES = (
    "store_upsert",
    "search",
    "sync_jellyfin",
    "sync_plex",
    "scan_local",
    "play_start",
    "library_open",
    "search_as_you_type",
    "startup",
    "ui_stall_during_sync",
)
# Run only when named: proofs rather than figures to track.
ON_REQUEST = ("raw_floor",)


def main(argv: list[str] | None = None) -> int:
    """Run the chosen benchmarks (all by default); one JSON line per figure on stdout."""
    parser = argparse.ArgumentParser(prog="python -m bench")
    parser.add_argument(
        "benches",
        nargs="*",
        metavar="BENCH",
        help=f"any of {', '.join(BENCHES + ON_REQUEST)} (default: {', '.join(BENCHES)})",
    )
    parser.add_argument("--scale", type=float, default=1.0, help="library size factor")
    args = parser.parse_args(argv)
    unknown = set(args.benches) - set(BENCHES + ON_REQUEST)
    if unknown:
        parser.error(f"unknown benchmarks: {', '.join(sorted(unknown))}")
    wanted = set(args.benches or BENCHES)
    if wanted & {"store_upsert", "search", "raw_floor"}:
        _store_benches(args.scale, wanted)
    if "sync_jellyfin" in wanted:
        sync_jellyfin.main("bench" if args.scale >= 1 else "medium")
    if "sync_plex" in wanted:
        sync_plex.main("bench" if args.scale >= 1 else "medium")
    if "scan_local" in wanted:
        scan_local.main(max(100, int(scan_local.FILES * args.scale)))
    if "play_start" in wanted:
        play_start.main()
    if "library_open" in wanted:
        library_open.main()
    if "search_as_you_type" in wanted:
        search_as_you_type.main()
    if "startup" in wanted:
        startup.main()
    if "ui_stall_during_sync" in wanted:
        ui_stall_during_sync.main(args.scale)
    return 0


def _store_benches(scale: float, wanted: set[str]) -> None:
    """Build the synthetic library once; run store_upsert, search on its database, raw_floor."""
    started = time.perf_counter()
    library = synthetic.build(scale)
    sys.stderr.write(
        f"built {library.size} synthetic items in {time.perf_counter() - started:.1f} s "
        f"(python {platform.python_version()}, sqlite {sqlite3.sqlite_version})\n"
    )
    with tempfile.TemporaryDirectory(prefix="reel-bench-") as folder:
        if wanted & {"store_upsert", "search"}:
            database = store_upsert.main(Path(folder), library)
            if "search" in wanted:
                search_bench.main(Path(folder), library, database)
        if "raw_floor" in wanted:
            raw_floor.main(Path(folder), library)


if __name__ == "__main__":
    sys.exit(main())
