"""Asking the local network who is there: one UDP question, every answer for a while."""

from __future__ import annotations

import asyncio
import logging
import socket
from collections.abc import Sequence

log = logging.getLogger("reel.backends.lan")


class _Collector(asyncio.DatagramProtocol):
    def __init__(self) -> None:
        self.replies: list[tuple[bytes, str]] = []

    def datagram_received(self, data: bytes, addr: tuple[str | object, ...]) -> None:
        self.replies.append((data, str(addr[0])))

    def error_received(self, exc: Exception) -> None:
        log.debug("discovery socket error: %s", exc)


async def ask_lan(
    question: bytes,
    targets: Sequence[tuple[str, int]],
    *,
    timeout_s: float,
    multicast_ttl: int | None = None,
) -> list[tuple[bytes, str]]:
    """Send question to every target (broadcast allowed); every (reply, sender) in time.

    No network, or no route for the broadcast, means no answers rather than an error.
    """
    loop = asyncio.get_running_loop()
    try:
        transport, protocol = await loop.create_datagram_endpoint(
            _Collector, local_addr=("0.0.0.0", 0), family=socket.AF_INET, allow_broadcast=True
        )
    except OSError as error:
        log.info("LAN discovery unavailable: %s", error)
        return []
    try:
        sock = transport.get_extra_info("socket")
        if multicast_ttl is not None and sock is not None:
            sock.setsockopt(socket.IPPROTO_IP, socket.IP_MULTICAST_TTL, multicast_ttl)
        for target in targets:
            try:
                transport.sendto(question, target)
            except OSError as error:
                log.info("discovery question to %s failed: %s", target, error)
        await asyncio.sleep(timeout_s)
    finally:
        transport.close()
    return protocol.replies
