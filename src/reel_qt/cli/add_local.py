"""`reel source add local PATH [PATH...]`: store folders of films or series as a source."""

from __future__ import annotations

import argparse

from reel_qt.cli import output
from reel_qt.runtime import Runtime


async def add_local(args: argparse.Namespace, runtime: Runtime) -> int:
    """Add the folders as one local source; `reel sync` then scans them."""
    source = await runtime.setup.add_local(args.paths, kind=args.kind, name=args.name)
    if args.json:
        output.print_json(output.added_source(source, None))
    else:
        folders = ", ".join(source.config.get("paths", []))
        print(
            f"Added source {source.id}: {source.name} ({folders}). "
            f"Run `reel sync {source.id}` to scan it."
        )
    return 0
