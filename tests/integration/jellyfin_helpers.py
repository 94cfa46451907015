"""Shared set-up for the Jellyfin integration tests: a runtime signed in to a fake server."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

from reel_qt.backends.jellyfin.signin import sign_in_with_password
from reel_qt.core.paths import DataPaths
from reel_qt.runtime import Runtime
from reel_qt.store.views import SourceView
from reel_qt.sync.credentials import CredentialStore
from tests.fakes.jellyfin import FakeJellyfin
from tests.fakes.keyrings import InMemoryKeyring


@asynccontextmanager
async def signed_in_runtime(
    tmp_path: Path, server: FakeJellyfin, *, extra_addresses: tuple[str, ...] = ()
) -> AsyncIterator[tuple[Runtime, SourceView]]:
    """A fresh data dir whose runtime has the fake server added as a source."""
    runtime = await Runtime.create(
        DataPaths(tmp_path / "data"), credentials=CredentialStore(InMemoryKeyring())
    )
    try:
        signed_in = await sign_in_with_password(
            server.url, server.username, server.password, runtime.identity
        )
        source = await runtime.setup.add_jellyfin(signed_in, extra_addresses=extra_addresses)
        yield runtime, source
    finally:
        await asyncio.to_thread(runtime.close)


class TcpRelay:
    """A loopback TCP relay to a server: a second address of it that can be switched off."""

    def __init__(self, target_port: int) -> None:
        self.target_port = target_port
        self.port = 0
        self._server: asyncio.Server | None = None
        self._pipes: set[asyncio.Task[None]] = set()

    async def start(self) -> str:
        """Listen on a free port; returns the relay's base URL."""
        self._server = await asyncio.start_server(self._serve, "127.0.0.1", 0)
        self.port = self._server.sockets[0].getsockname()[1]
        return f"http://127.0.0.1:{self.port}"

    async def _serve(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        up_reader, up_writer = await asyncio.open_connection("127.0.0.1", self.target_port)
        for source, sink in ((reader, up_writer), (up_reader, writer)):
            task = asyncio.create_task(self._pipe(source, sink))
            self._pipes.add(task)
            task.add_done_callback(self._pipes.discard)

    @staticmethod
    async def _pipe(source: asyncio.StreamReader, sink: asyncio.StreamWriter) -> None:
        try:
            while data := await source.read(65536):
                sink.write(data)
                await sink.drain()
        except (ConnectionError, asyncio.CancelledError):
            pass
        finally:
            sink.close()

    async def stop(self) -> None:
        """Stop answering, and cut every open connection (the address is gone)."""
        server, self._server = self._server, None
        if server is not None:
            server.close()
        for task in list(self._pipes):
            task.cancel()
        await asyncio.gather(*self._pipes, return_exceptions=True)
        if server is not None:
            await server.wait_closed()
