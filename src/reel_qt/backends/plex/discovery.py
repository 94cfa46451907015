"""LAN discovery of Plex Media Servers: GDM ("G'Day Mate") on UDP 32414.

Reel sends `M-SEARCH * HTTP/1.0` to the GDM multicast group; every server answers with
an HTTP-like datagram of `Key: value` lines (its machine identifier, name and port).
This finds servers that are not linked to the signed-in account, too.
"""

from __future__ import annotations

import asyncio
import logging
import socket
from collections.abc import Sequence
from dataclasses import dataclass

log = logging.getLogger("reel.plex.discovery")

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


class _Collector(asyncio.DatagramProtocol):
    def __init__(self) -> None:
        self.found: dict[str, DiscoveredPlexServer] = {}

    def datagram_received(self, data: bytes, addr: tuple[str | object, ...]) -> None:
        server = parse_reply(data, str(addr[0]))
        if server is not None:
            self.found.setdefault(server.machine_identifier, server)

    def error_received(self, exc: Exception) -> None:
        log.debug("GDM socket error: %s", exc)


async def discover(
    *, timeout_s: float = 1.0, targets: Sequence[tuple[str, int]] = (GDM_GROUP,)
) -> list[DiscoveredPlexServer]:
    """Ask the network for Plex servers; every distinct answer within timeout_s."""
    loop = asyncio.get_running_loop()
    try:
        transport, protocol = await loop.create_datagram_endpoint(
            _Collector, local_addr=("0.0.0.0", 0), family=socket.AF_INET
        )
    except OSError as error:
        log.info("Plex LAN discovery unavailable: %s", error)
        return []
    try:
        sock = transport.get_extra_info("socket")
        if sock is not None:
            # One hop: GDM answers come from this network only.
            sock.setsockopt(socket.IPPROTO_IP, socket.IP_MULTICAST_TTL, 1)
        for target in targets:
            try:
                transport.sendto(SEARCH, target)
            except OSError as error:  # no route for multicast (no network)
                log.info("GDM search to %s failed: %s", target, error)
        await asyncio.sleep(timeout_s)
    finally:
        transport.close()
    return sorted(protocol.found.values(), key=lambda s: s.name.casefold())
