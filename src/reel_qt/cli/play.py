"""`reel play ID|PATH`: opens the player (wired by the player issue)."""

from __future__ import annotations

import argparse
import asyncio
from pathlib import Path

from reel_qt.core.errors import NotAvailableError, NotFoundError
from reel_qt.runtime import Runtime


def _exists(path: str) -> bool:
    return Path(path).expanduser().exists()


async def play(args: argparse.Namespace, runtime: Runtime) -> int:
    """Check the target exists, then report that playback has not landed yet."""
    target: str = args.target
    if target.isdigit():
        await runtime.service.get_item(int(target))
    elif not await asyncio.to_thread(_exists, target):
        raise NotFoundError(f"No item with id {target!r} and no file at {target}.")
    raise NotAvailableError("Playback is not available yet in this version of Reel.")
