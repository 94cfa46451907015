"""The headless commands: `reel source ...`, `reel sync`, `reel ls`, `reel doctor` ..."""

from __future__ import annotations

import argparse
import asyncio
import logging
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING

from reel_qt.cli.parser import build_parser
from reel_qt.core.errors import ReelError
from reel_qt.core.logs import LOG_FILE
from reel_qt.core.paths import DataPaths

if TYPE_CHECKING:  # the store and the backends load only when a command runs (not for the window)
    from reel_qt.backends.registry import BackendRegistry
    from reel_qt.runtime import Runtime
    from reel_qt.sync.credentials import CredentialStore

log = logging.getLogger("reel.cli")


def _handlers() -> dict[str, Callable[[argparse.Namespace, Runtime], Awaitable[int]]]:
    from reel_qt.cli import browse, play, sources, sync

    return {
        "source add": sources.add,
        "source list": sources.list_sources,
        "source remove": sources.remove,
        "source signin": sources.sign_in,
        "source discover": sources.discover,
        "sync": sync.run_sync,
        "ls": browse.ls,
        "search": browse.search,
        "info": browse.info,
        "play": play.play,
    }


def run_command(
    args: argparse.Namespace,
    paths: DataPaths,
    *,
    backends: BackendRegistry | None = None,
    credentials: CredentialStore | None = None,
) -> int:
    """Run one parsed headless command; errors become one line on stderr and exit code 1."""
    from reel_qt.cli import doctor, output, play

    try:
        if args.command == "doctor":
            return doctor.run(args, paths, backends=backends)
        if args.command == "play":
            return play.open_player(args, paths, backends=backends, credentials=credentials)
        return asyncio.run(_run(args, paths, backends, credentials))
    except ReelError as error:
        output.fail(str(error))
    except KeyboardInterrupt:
        output.fail("interrupted")
        return 130
    except Exception as error:
        log.exception("command %s failed", args.command)
        output.fail(
            f"unexpected error ({type(error).__name__}); see the log at {paths.logs / LOG_FILE}"
        )
    return 1


async def _run(
    args: argparse.Namespace,
    paths: DataPaths,
    backends: BackendRegistry | None,
    credentials: CredentialStore | None,
) -> int:
    from reel_qt.runtime import Runtime

    runtime = await Runtime.create(paths, backends=backends, credentials=credentials)
    try:
        key = f"{args.command} {args.action}" if args.command == "source" else args.command
        return await _handlers()[key](args, runtime)
    finally:
        runtime.close()


def parse(argv: list[str] | None) -> argparse.Namespace:
    """Parse the command line; exits with code 2 and one line on bad arguments."""
    return build_parser().parse_args(argv)


__all__ = ["parse", "run_command"]
