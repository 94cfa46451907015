"""Run every benchmark: `python -m bench [store_upsert|search ...] [--scale S]`."""

from __future__ import annotations

import argparse
import platform
import sqlite3
import sys
import tempfile
import time
from pathlib import Path

from bench import search_bench, store_upsert, synthetic


def main(argv: list[str] | None = None) -> int:
    """Build the synthetic library once, then run the chosen benchmarks on it."""
    parser = argparse.ArgumentParser(prog="python -m bench")
    parser.add_argument(
        "benches", nargs="*", metavar="BENCH", help="store_upsert and/or search (default: both)"
    )
    parser.add_argument("--scale", type=float, default=1.0, help="library size factor")
    args = parser.parse_args(argv)
    unknown = set(args.benches) - {"store_upsert", "search"}
    if unknown:
        parser.error(f"unknown benchmarks: {', '.join(sorted(unknown))}")
    started = time.perf_counter()
    library = synthetic.build(args.scale)
    sys.stderr.write(
        f"built {library.size} synthetic items in {time.perf_counter() - started:.1f} s "
        f"(python {platform.python_version()}, sqlite {sqlite3.sqlite_version})\n"
    )
    with tempfile.TemporaryDirectory(prefix="reel-bench-") as folder:
        database = store_upsert.main(Path(folder), library)
        if not args.benches or "search" in args.benches:
            search_bench.main(Path(folder), library, database)
    return 0


if __name__ == "__main__":
    sys.exit(main())
