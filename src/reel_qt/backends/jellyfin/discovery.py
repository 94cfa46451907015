"""LAN discovery: the UDP `who is JellyfinServer?` broadcast on port 7359."""

from __future__ import annotations

import asyncio
import logging
import socket
from collections.abc import Sequence
from dataclasses import dataclass
from urllib.parse import urlsplit

import msgspec

from reel_qt.backends.jellyfin import dto

log = logging.getLogger("reel.jellyfin.discovery")

DISCOVERY_PORT = 7359
QUESTION = b"who is JellyfinServer?"
BROADCAST = ("255.255.255.255", DISCOVERY_PORT)


@dataclass(frozen=True, slots=True)
class DiscoveredServer:
    """A server that answered the broadcast."""

    server_id: str
    name: str
    address: str


class _Collector(asyncio.DatagramProtocol):
    def __init__(self) -> None:
        self.found: dict[str, DiscoveredServer] = {}

    def datagram_received(self, data: bytes, addr: tuple[str | object, ...]) -> None:
        server = parse_reply(data)
        if server is not None:
            self.found.setdefault(server.server_id or server.address, server)

    def error_received(self, exc: Exception) -> None:
        log.debug("discovery socket error: %s", exc)


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
        address = f"{parts.scheme}://{host}:{parts.port or DISCOVERY_PORT}"
    return DiscoveredServer(
        server_id=reply.id or "", name=(reply.name or "Jellyfin")[:200], address=address
    )


async def discover(
    *, timeout_s: float = 1.5, targets: Sequence[tuple[str, int]] = (BROADCAST,)
) -> list[DiscoveredServer]:
    """Ask the network for Jellyfin servers; every distinct answer within timeout_s."""
    loop = asyncio.get_running_loop()
    try:
        transport, protocol = await loop.create_datagram_endpoint(
            _Collector, local_addr=("0.0.0.0", 0), family=socket.AF_INET, allow_broadcast=True
        )
    except OSError as error:
        log.info("LAN discovery unavailable: %s", error)
        return []
    try:
        for target in targets:
            try:
                transport.sendto(QUESTION, target)
            except OSError as error:  # no route for broadcasts (no network)
                log.info("discovery broadcast to %s failed: %s", target, error)
        await asyncio.sleep(timeout_s)
    finally:
        transport.close()
    return sorted(protocol.found.values(), key=lambda s: s.name.casefold())
