"""`reel source add|list|remove`."""

from __future__ import annotations

import argparse
import asyncio

from reel_qt.backends.jellyfin.discovery import discover as discover_jellyfin
from reel_qt.backends.plex.discovery import discover as discover_plex
from reel_qt.backends.registry import describe_type
from reel_qt.cli import output
from reel_qt.cli.add_jellyfin import add_jellyfin, sign_in_again
from reel_qt.cli.add_local import add_local
from reel_qt.cli.add_plex import add_plex
from reel_qt.cli.add_plex import sign_in_again as plex_sign_in_again
from reel_qt.core.errors import NotAvailableError
from reel_qt.core.records import SourceType
from reel_qt.runtime import Runtime
from reel_qt.store.views import SourceView
from reel_qt.sync.removal import remove_source


async def add(args: argparse.Namespace, runtime: Runtime) -> int:
    """Add a source of the requested type; each backend's issue wires its own sign-in here."""
    if args.source_type == SourceType.JELLYFIN.value:
        return await add_jellyfin(args, runtime)
    if args.source_type == SourceType.PLEX.value:
        return await add_plex(args, runtime)
    if args.source_type == SourceType.LOCAL.value:
        return await add_local(args, runtime)
    raise NotAvailableError(
        f"Adding {describe_type(args.source_type)} sources is not available yet in this version "
        "of Reel."
    )


async def sign_in(args: argparse.Namespace, runtime: Runtime) -> int:
    """Sign a source in again; its cached library was kept meanwhile."""
    source = await runtime.service.get_source(args.source_id)
    if source.type == SourceType.JELLYFIN.value:
        args.json = False
        return await sign_in_again(args, runtime, source)
    if source.type == SourceType.PLEX.value:
        args.json = False
        return await plex_sign_in_again(args, runtime, source)
    raise NotAvailableError(
        f"Signing in to {describe_type(source.type)} sources is not available yet in this "
        "version of Reel."
    )


async def discover(args: argparse.Namespace, runtime: Runtime) -> int:
    """List the Jellyfin and Plex servers that answer on the local network."""
    del runtime
    jellyfin, plex = await asyncio.gather(discover_jellyfin(), discover_plex())
    found = [("jellyfin", s.server_id, s.name, s.address) for s in jellyfin]
    found += [("plex", s.machine_identifier, s.name, s.address) for s in plex]
    if args.json:
        output.print_json(
            [{"type": kind, "id": sid, "name": name, "url": url} for kind, sid, name, url in found]
        )
    elif not found:
        print("No servers answered on the local network.")
    else:
        output.print_table(
            ["TYPE", "NAME", "ADDRESS"],
            [[describe_type(kind), name, url] for kind, _, name, url in found],
        )
    return 0


async def list_sources(args: argparse.Namespace, runtime: Runtime) -> int:
    """Print every source with its status and item count."""
    sources = await runtime.service.list_sources()
    if args.json:
        output.print_json([_as_json(s) for s in sources])
    elif not sources:
        print("No sources yet. Add one with `reel source add jellyfin|plex|local ...`.")
    else:
        output.print_table(
            ["ID", "TYPE", "NAME", "ADDRESS", "STATUS", "LAST SYNC", "ITEMS"],
            [
                [
                    s.id,
                    describe_type(s.type),
                    s.name,
                    s.url or _paths(s) or "",
                    _status(s),
                    output.when(s.last_sync_at),
                    s.item_count,
                ]
                for s in sources
            ],
        )
    return 0


def _paths(source: SourceView) -> str | None:
    return ", ".join(source.config.get("paths", [])) or None


def _as_json(source: SourceView) -> dict[str, object]:
    return {
        "id": source.id,
        "type": source.type,
        "name": source.name,
        "url": source.url,
        "path": _paths(source),
        "online": source.online,
        "status": _status(source),
        "last_sync": source.last_sync_at,
        "last_error": source.last_error,
        "item_count": source.item_count,
    }


def _status(source: SourceView) -> str:
    if source.needs_sign_in:
        return "needs sign-in"
    if not source.online:
        return "offline"
    return "error" if source.last_error else "ok"


async def remove(args: argparse.Namespace, runtime: Runtime) -> int:
    """Remove a source, its cached library and its stored secret."""
    source = await remove_source(runtime.setup, args.source_id)
    print(f"Removed source {source.id} ({source.name}) and its {source.item_count} items.")
    return 0
