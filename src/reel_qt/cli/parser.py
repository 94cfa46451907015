"""The argument parser: every command, its options, and one-line errors."""

from __future__ import annotations

import argparse
from typing import NoReturn

ITEM_TYPES = ("movie", "show", "season", "episode")


class OneLineParser(argparse.ArgumentParser):
    """An ArgumentParser whose errors are one line on stderr and exit code 2."""

    def error(self, message: str) -> NoReturn:
        """Report a usage error in one line."""
        self.exit(2, f"{self.prog}: error: {message} (see '{self.prog} --help')\n")


def _globals() -> OneLineParser:
    common = OneLineParser(add_help=False)
    common.add_argument(
        "--data-dir",
        metavar="DIR",
        default=argparse.SUPPRESS,
        help="where Reel keeps its files (default: $REEL_DATA_DIR or the user data dir)",
    )
    common.add_argument(
        "--verbose", action="store_true", default=argparse.SUPPRESS, help="log debug to stderr"
    )
    return common


def _json(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--json", action="store_true", help="print one JSON document")


def _positive(text: str) -> int:
    value = int(text)
    if value <= 0:
        raise argparse.ArgumentTypeError(f"must be a positive whole number, not {text}")
    return value


def build_parser() -> argparse.ArgumentParser:
    """The `reel` command line."""
    common = _globals()
    parser = OneLineParser(
        prog="reel",
        parents=[common],
        description="Reel: a media player for Jellyfin, Plex and local folders. "
        "With no command, opens the window.",
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=OneLineParser)

    source = commands.add_parser("source", parents=[common], help="add, list or remove sources")
    actions = source.add_subparsers(dest="action", metavar="ACTION", required=True)
    add = actions.add_parser("add", parents=[common], help="add a source")
    kinds = add.add_subparsers(dest="source_type", metavar="TYPE", required=True)
    jellyfin = kinds.add_parser("jellyfin", parents=[common], help="a Jellyfin server")
    jellyfin.add_argument("url", metavar="URL")
    jellyfin.add_argument("--username", metavar="NAME")
    jellyfin.add_argument("--password-stdin", action="store_true", help="read the password")
    jellyfin.add_argument(
        "--quick-connect", action="store_true", help="sign in with a Quick Connect code"
    )
    jellyfin.add_argument(
        "--address",
        action="append",
        default=[],
        metavar="URL",
        help="another address of the same server (LAN, VPN, public); repeatable",
    )
    jellyfin.add_argument(
        "--trust-certificate",
        metavar="SHA256",
        help="trust this self-signed certificate (its SHA-256 fingerprint)",
    )
    _json(jellyfin)
    plex = kinds.add_parser(
        "plex",
        parents=[common],
        help="a Plex account's servers (PIN sign-in through plex.tv) or one server",
    )
    plex.add_argument(
        "--server-url", metavar="URL", help="add this server directly (with --token-stdin)"
    )
    plex.add_argument(
        "--token-stdin",
        action="store_true",
        help="read a token from stdin: the account's, or with --server-url the server's",
    )
    plex.add_argument(
        "--server",
        action="append",
        default=[],
        metavar="NAME|ID",
        help="add only this server of the account; repeatable (default: every one reachable)",
    )
    plex.add_argument("--user", metavar="NAME", help="add the servers as this Plex Home user")
    plex.add_argument(
        "--pin-stdin", action="store_true", help="read the home user's PIN (after any token)"
    )
    plex.add_argument(
        "--trust-certificate",
        metavar="SHA256",
        help="trust this self-signed certificate (its SHA-256 fingerprint)",
    )
    _json(plex)
    local = kinds.add_parser("local", parents=[common], help="folders of films or series")
    local.add_argument("paths", metavar="PATH", nargs="+")
    local.add_argument("--name", metavar="NAME")
    local.add_argument("--kind", choices=("movies", "shows", "auto"), default="auto")
    _json(local)
    signin = actions.add_parser(
        "signin", parents=[common], help="sign a source in again (revoked or expired token)"
    )
    signin.add_argument("source_id", metavar="ID", type=int)
    signin.add_argument("--username", metavar="NAME")
    signin.add_argument("--password-stdin", action="store_true", help="read the password")
    signin.add_argument(
        "--quick-connect", action="store_true", help="sign in with a Quick Connect code"
    )
    signin.add_argument(
        "--token-stdin", action="store_true", help="Plex: read a token instead of a PIN sign-in"
    )
    signin.add_argument(
        "--pin-stdin", action="store_true", help="Plex: read the home user's PIN (after any token)"
    )
    discover = actions.add_parser(
        "discover", parents=[common], help="list Jellyfin and Plex servers on the local network"
    )
    _json(discover)
    listing = actions.add_parser("list", parents=[common], help="list sources")
    _json(listing)
    remove = actions.add_parser("remove", parents=[common], help="remove a source")
    remove.add_argument("source_id", metavar="ID", type=int)

    sync = commands.add_parser("sync", parents=[common], help="sync sources")
    sync.add_argument("source_ids", metavar="SOURCE_ID", type=int, nargs="*")
    sync.add_argument("--full", action="store_true", help="re-read everything")
    _json(sync)

    ls = commands.add_parser("ls", parents=[common], help="list items")
    ls.add_argument("--source", type=int, metavar="ID")
    ls.add_argument("--library", type=int, metavar="ID")
    ls.add_argument("--type", choices=ITEM_TYPES)
    _json(ls)

    search = commands.add_parser("search", parents=[common], help="search every source")
    search.add_argument("query", metavar="QUERY")
    search.add_argument("--limit", type=_positive, default=20, metavar="N")
    _json(search)

    info = commands.add_parser("info", parents=[common], help="everything about one item")
    info.add_argument("item_id", metavar="ID", type=int)
    _json(info)

    play = commands.add_parser("play", parents=[common], help="play an item or a file")
    play.add_argument("target", metavar="ID|PATH")

    doctor = commands.add_parser("doctor", parents=[common], help="check this installation")
    _json(doctor)
    return parser
