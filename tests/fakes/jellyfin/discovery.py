"""The UDP discovery responder: answers `who is JellyfinServer?` like UdpServer.cs."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Callable
from typing import Any, cast

MESSAGE = "who is jellyfinserver?"


class DiscoveryProtocol(asyncio.DatagramProtocol):
    """Replies to the sender with ServerDiscoveryInfo JSON; ignores anything else."""

    def __init__(self, info: Callable[[], dict[str, Any]]) -> None:
        """`info` builds the reply, so it reflects the server's current address."""
        self._info = info
        self._transport: asyncio.DatagramTransport | None = None
        self.queries: list[tuple[str, int]] = []

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        """Keep the transport to answer on."""
        # The selector loop's datagram transport does not subclass DatagramTransport.
        self._transport = cast(asyncio.DatagramTransport, transport)

    def datagram_received(self, data: bytes, addr: tuple[str, int]) -> None:
        """A substring match, case-insensitive, as the real server does."""
        if MESSAGE not in data[:8192].decode("utf-8", "replace").lower():
            return
        self.queries.append(addr)
        if self._transport is not None:
            self._transport.sendto(json.dumps(self._info(), separators=(",", ":")).encode(), addr)


async def start_responder(
    info: Callable[[], dict[str, Any]], host: str = "127.0.0.1", port: int = 0
) -> tuple[asyncio.DatagramTransport, DiscoveryProtocol]:
    """Bind the responder (port 0 = a free one); close the transport to stop it."""
    loop = asyncio.get_running_loop()
    transport, protocol = await loop.create_datagram_endpoint(
        lambda: DiscoveryProtocol(info), local_addr=(host, port)
    )
    return transport, protocol
