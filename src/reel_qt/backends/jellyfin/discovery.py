"""LAN discovery: the UDP `who is JellyfinServer?` broadcast on port 7359."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from urllib.parse import urlsplit

import msgspec

from reel_qt.backends.jellyfin import dto
from reel_qt.backends.lan import ask_lan

DISCOVERY_PORT = 7359
QUESTION = b"who is JellyfinServer?"
BROADCAST = ("255.255.255.255", DISCOVERY_PORT)


@dataclass(frozen=True, slots=True)
class DiscoveredServer:
    """A server that answered the broadcast."""

    server_id: str
    name: str
    address: str


def parse_reply(data: bytes) -> DiscoveredServer | None:
    """A server from one reply datagram; None for anything that is not a valid answer."""
    try:
        reply = msgspec.json.decode(data[:8192], type=dto.DiscoveryReply)
    except msgspec.DecodeError:
        return None
    address = reply.address
    if not address or urlsplit(address).scheme not in ("http", "https"):
        return None
    if reply.endpoint_address:
        # As Jellyfin's own clients do: the endpoint's host with the advertised port.
        parts = urlsplit(address)
        host = reply.endpoint_address.split(":")[0]
        address = f"{parts.scheme}://{host}" + (f":{parts.port}" if parts.port else "")
    return DiscoveredServer(
        server_id=reply.id or "", name=(reply.name or "Jellyfin")[:200], address=address
    )


async def discover(
    *, timeout_s: float = 1.5, targets: Sequence[tuple[str, int]] = (BROADCAST,)
) -> list[DiscoveredServer]:
    """Ask the network for Jellyfin servers; every distinct answer within timeout_s."""
    found: dict[str, DiscoveredServer] = {}
    for data, _sender in await ask_lan(QUESTION, targets, timeout_s=timeout_s):
        server = parse_reply(data)
        if server is not None:
            found.setdefault(server.server_id or server.address, server)
    return sorted(found.values(), key=lambda s: s.name.casefold())
