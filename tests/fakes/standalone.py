"""Running a fake server from the command line: announce it, serve until interrupted."""

from __future__ import annotations

import asyncio
import json
import signal
import sys
from collections.abc import Awaitable, Callable
from typing import Any


async def serve_until_interrupted(
    start: Callable[[], Awaitable[dict[str, Any]]], stop: Callable[[], Awaitable[None]]
) -> None:
    """Start, print the one JSON line start returns, wait for SIGINT/SIGTERM, stop."""
    interrupted = asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(signum, interrupted.set)
    try:
        ready = await start()
        sys.stdout.write(json.dumps(ready) + "\n")
        sys.stdout.flush()
        await interrupted.wait()
    finally:
        await stop()
