"""Watching folders with watchfiles, and noticing folders that come and go.

A drive that is unplugged takes its inotify watches with it, and one plugged back in is
not watched again by itself, so besides the file events the watcher checks every few
seconds which roots exist, and starts watching afresh whenever that set changes. Each
watch, once in place, first reports every root, so changes made before it started (or
while it restarted) are not missed.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
from collections.abc import AsyncIterator, Sequence

import msgspec
from watchfiles import Change, awatch

log = logging.getLogger("reel.local.watch")

DEBOUNCE_MS = 400
PRESENCE_POLL_MS = 2_000


class FolderChange(msgspec.Struct, frozen=True):
    """Roots under which something changed, and whether the set of reachable roots did."""

    roots: frozenset[str]
    presence_changed: bool = False


def _present(roots: Sequence[str]) -> frozenset[str]:
    return frozenset(root for root in roots if os.path.isdir(root))


def _root_of(path: str, roots: Sequence[str]) -> str | None:
    for root in roots:
        if path == root or path.startswith(root.rstrip(os.sep) + os.sep):
            return root
    return None


async def watch_folders(
    roots: Sequence[str],
    stop: asyncio.Event,
    *,
    debounce_ms: int = DEBOUNCE_MS,
    poll_ms: int = PRESENCE_POLL_MS,
) -> AsyncIterator[FolderChange]:
    """Yield the roots with changes (debounced) until stop is set; roots may come and go."""
    present = await asyncio.to_thread(_present, roots)
    while not stop.is_set():
        if not present:
            # Nothing to watch: only wait for a folder to appear.
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(stop.wait(), poll_ms / 1000)
            now = await asyncio.to_thread(_present, roots)
            if now != present:
                yield FolderChange(now ^ present, presence_changed=True)
                present = now
            continue
        restart = asyncio.Event()
        relay = asyncio.ensure_future(_relay(stop, restart))
        caught_up = False
        try:
            async for changes in awatch(
                *sorted(present),
                stop_event=restart,
                debounce=debounce_ms,
                rust_timeout=poll_ms,
                yield_on_timeout=True,
                ignore_permission_denied=True,
            ):
                if not caught_up:
                    # The first yield means the watch is in place: whatever changed before
                    # (between the last scan and now, or while the watch restarted) went
                    # unseen, so every root is reported once; the rescan is cheap.
                    caught_up = True
                    changes = {(Change.modified, root) for root in present}
                touched = {_root_of(path, sorted(present)) for _change, path in changes}
                now = await asyncio.to_thread(_present, roots)
                if now != present:
                    yield FolderChange(frozenset(now ^ present), presence_changed=True)
                    present = now
                    break
                touched.discard(None)
                if touched:
                    yield FolderChange(frozenset(r for r in touched if r is not None))
        except (OSError, RuntimeError) as error:
            # A root vanishing mid-watch can end the watch with an error: look again soon.
            log.info("watching stopped (%s); looking at the folders again", error)
            await asyncio.sleep(poll_ms / 1000)
            now = await asyncio.to_thread(_present, roots)
            if now != present:
                yield FolderChange(frozenset(now ^ present), presence_changed=True)
            present = now
        finally:
            relay.cancel()


async def _relay(stop: asyncio.Event, restart: asyncio.Event) -> None:
    """Stop the current watch when the caller asks the whole watcher to stop."""
    await stop.wait()
    restart.set()
