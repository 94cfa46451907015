"""Parse the command line and hand over to the headless commands or the window."""

from __future__ import annotations

import sys

from reel_qt.core.logs import configure_logging
from reel_qt.core.paths import DataPaths, resolve_data_dir


def main(argv: list[str] | None = None) -> int:
    """The `reel` entry point."""
    from reel_qt import cli

    args = cli.parse(argv)
    paths = DataPaths(resolve_data_dir(getattr(args, "data_dir", None)))
    verbose = bool(getattr(args, "verbose", False))
    paths.ensure()
    configure_logging(paths.logs, verbose=verbose)
    if args.command is None:
        from reel_qt.app import run_app  # the window pulls in Qt Quick; commands do not

        return run_app(paths, verbose=verbose)
    return cli.run_command(args, paths)


if __name__ == "__main__":
    sys.exit(main())
