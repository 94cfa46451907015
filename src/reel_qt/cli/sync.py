"""`reel sync`: progress as JSON lines or a bar on the terminal, then a summary."""

from __future__ import annotations

import argparse
import sys

from reel_qt.cli import output
from reel_qt.runtime import Runtime


class _TerminalBar:
    """A one-line progress bar on stderr, redrawn in place."""

    def __init__(self) -> None:
        self.active = False

    def draw(self, source_id: int, library_id: int, done: int, total: int) -> None:
        """Redraw the bar for one library."""
        if total > 0:
            filled = min(30, 30 * done // total)
            bar = "#" * filled + "-" * (30 - filled)
            text = f"source {source_id} library {library_id} [{bar}] {done}/{total}"
        else:
            text = f"source {source_id} library {library_id} {done} items"
        sys.stderr.write("\r" + text.ljust(78)[:78])
        sys.stderr.flush()
        self.active = True

    def end(self) -> None:
        """Move past the bar."""
        if self.active:
            sys.stderr.write("\n")
            self.active = False


async def run_sync(args: argparse.Namespace, runtime: Runtime) -> int:
    """Sync the given sources (all by default); exit 1 if any failed."""
    bus = runtime.bus
    if args.json:
        bus.syncStarted.connect(lambda s: output.print_json({"event": "started", "source_id": s}))
        bus.syncProgress.connect(
            lambda s, lib, done, total: output.print_json(
                {
                    "event": "progress",
                    "source_id": s,
                    "library_id": lib,
                    "done": done,
                    "total": None if total < 0 else total,
                }
            )
        )
        bus.syncFailed.connect(
            lambda s, message: output.print_json(
                {"event": "failed", "source_id": s, "error": message}
            )
        )
        bus.syncCompleted.connect(
            lambda s, written: output.print_json(
                {"event": "completed", "source_id": s, "items_written": written}
            )
        )
    elif sys.stderr.isatty():
        bar = _TerminalBar()
        bus.syncProgress.connect(bar.draw)
        bus.syncCompleted.connect(lambda *_: bar.end())
        bus.syncFailed.connect(lambda *_: bar.end())

    results = await runtime.sync.sync_sources(args.source_ids or None, full=args.full)
    ok = all(r.ok for r in results)
    if args.json:
        output.print_json({"event": "summary", "ok": ok, "sources": results})
    else:
        if not results:
            print("No sources to sync. Add one with `reel source add ...`.")
        for r in results:
            if r.ok:
                print(
                    f"{r.source_name}: {r.items_written} items written, {r.items_deleted} removed"
                )
    for r in results:
        if not r.ok:
            output.fail(f"sync of source {r.source_id} ({r.source_name}) failed: {r.error}")
    return 0 if ok else 1
