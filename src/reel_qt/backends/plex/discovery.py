"""LAN discovery of Plex Media Servers: GDM ("G'Day Mate") on UDP 32414.

Reel sends `M-SEARCH * HTTP/1.0` to the GDM multicast group; every server answers with
an HTTP-like datagram of `Key: value` lines (its machine identifier, name and port).
This finds servers that are not linked to the signed-in account, too.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from reel_qt.backends.lan import ask_lan

GDM_PORT = 32414
GDM_GROUP = ("239.0.0.250", GDM_PORT)
SEARCH = b"M-SEARCH * HTTP/1.0"
_MAX_REPLY = 8192


@dataclass(frozen=True, slots=True)
class DiscoveredPlexServer:
    """A server that answered the search."""

    machine_identifier: str
    name: str
    address: str
    version: str | None = None


def parse_reply(data: bytes, host: str) -> DiscoveredPlexServer | None:
    """A server from one reply datagram sent from host; None for anything else."""
    text = data[:_MAX_REPLY].decode("utf-8", errors="replace")
    lines = text.replace("\r\n", "\n").split("\n")
    if not lines or "200 OK" not in lines[0]:
        return None
    fields: dict[str, str] = {}
    for line in lines[1:]:
        name, colon, value = line.partition(":")
        if colon:
            fields[name.strip().lower()] = value.strip()
    if fields.get("content-type", "plex/media-server") != "plex/media-server":
        return None  # a player answering, not a server
    machine = fields.get("resource-identifier", "")
    port = fields.get("port", "")
    if not machine or not port.isdigit() or not 0 < int(port) < 65536:
        return None
    shown_host = f"[{host}]" if ":" in host else host
    return DiscoveredPlexServer(
        machine_identifier=machine[:200],
        name=(fields.get("name") or "Plex Media Server")[:200],
        address=f"http://{shown_host}:{int(port)}",
        version=fields.get("version") or None,
    )


async def discover(
    *, timeout_s: float = 1.0, targets: Sequence[tuple[str, int]] = (GDM_GROUP,)
) -> list[DiscoveredPlexServer]:
    """Ask the network for Plex servers; every distinct answer within timeout_s."""
    found: dict[str, DiscoveredPlexServer] = {}
    # One hop: GDM answers come from this network only.
    for data, sender in await ask_lan(SEARCH, targets, timeout_s=timeout_s, multicast_ttl=1):
        server = parse_reply(data, sender)
        if server is not None:
            found.setdefault(server.machine_identifier, server)
    return sorted(found.values(), key=lambda s: s.name.casefold())
