"""`reel play ID|PATH`: check the target, then open the window straight into the player."""

from __future__ import annotations

import argparse
import asyncio
from pathlib import Path

from reel_qt.backends.registry import BackendRegistry
from reel_qt.core.errors import NotFoundError
from reel_qt.core.paths import DataPaths
from reel_qt.runtime import Runtime
from reel_qt.sync.credentials import CredentialStore


def _existing(path: str) -> str | None:
    found = Path(path).expanduser()
    return str(found.resolve()) if found.exists() else None


async def play(args: argparse.Namespace, runtime: Runtime) -> int:
    """Check the target: a library item id, or a file that exists (or a URL).

    Raises:
        NotFoundError: no such item and no such file.
    """
    target: str = args.target
    if target.isdigit():
        await runtime.service.get_item(int(target))
    elif "://" not in target and await asyncio.to_thread(_existing, target) is None:
        raise NotFoundError(f"No item with id {target!r} and no file at {target}.")
    return 0


async def _check(
    args: argparse.Namespace,
    paths: DataPaths,
    backends: BackendRegistry | None,
    credentials: CredentialStore | None,
) -> None:
    runtime = await Runtime.create(paths, backends=backends, credentials=credentials)
    try:
        await play(args, runtime)
    finally:
        await asyncio.to_thread(runtime.close)


def open_player(
    args: argparse.Namespace,
    paths: DataPaths,
    *,
    backends: BackendRegistry | None = None,
    credentials: CredentialStore | None = None,
) -> int:
    """Check the target (errors raise before any window), then play it in the window.

    Raises:
        NotFoundError: no such item and no such file.
    """
    asyncio.run(_check(args, paths, backends, credentials))
    from reel_qt.app import run_app  # the window pulls in Qt Quick; the check does not

    target: str = args.target
    if not target.isdigit() and "://" not in target:
        target = _existing(target) or target
    return run_app(paths, verbose=bool(getattr(args, "verbose", False)), play=target)
