"""A GDM ("G'Day Mate") responder: answers `M-SEARCH * HTTP/1.0` like a Plex Media Server.

Real servers listen on multicast 239.0.0.250:32414; tests bind a free loopback port
instead and send the search there. The reply is plexapi.gdm's format: a `HTTP/1.0 200 OK`
line, then `Key: value` lines whose values hold no colon (plexapi splits lines on ':').
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import cast

SEARCH = b"M-SEARCH * HTTP/1."


class GdmProtocol(asyncio.DatagramProtocol):
    """Replies to a search with the server's description; ignores anything else."""

    def __init__(self, describe: Callable[[], dict[str, str]]) -> None:
        """`describe` builds the reply's fields, so it reflects the server's current port."""
        self._describe = describe
        self._transport: asyncio.DatagramTransport | None = None
        self.queries: list[tuple[str, int]] = []

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        """Keep the transport to answer on."""
        # The selector loop's datagram transport does not subclass DatagramTransport.
        self._transport = cast(asyncio.DatagramTransport, transport)

    def datagram_received(self, data: bytes, addr: tuple[str, int]) -> None:
        """Answer searches (plexapi sends the bare request line, without CRLF)."""
        if not data.startswith(SEARCH):
            return
        self.queries.append(addr)
        lines = ["HTTP/1.0 200 OK", *(f"{k}: {v}" for k, v in self._describe().items())]
        if self._transport is not None:
            self._transport.sendto(("\r\n".join(lines) + "\r\n").encode("utf-8"), addr)


async def start_responder(
    describe: Callable[[], dict[str, str]], host: str = "127.0.0.1", port: int = 0
) -> tuple[asyncio.DatagramTransport, GdmProtocol]:
    """Bind the responder (port 0 = a free one); close the transport to stop it."""
    loop = asyncio.get_running_loop()
    transport, protocol = await loop.create_datagram_endpoint(
        lambda: GdmProtocol(describe), local_addr=(host, port)
    )
    return transport, protocol
