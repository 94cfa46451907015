"""Fixtures for the fake servers the integration tests talk to over loopback."""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable
from typing import Any

import pytest

from tests.fakes.jellyfin import FakeJellyfin
from tests.fakes.plex import FakePlex


@pytest.fixture
async def fake_jellyfin() -> AsyncIterator[FakeJellyfin]:
    """A started fake Jellyfin with the small library (user "reel", password "secret")."""
    server = FakeJellyfin(size="small", username="reel", password="secret", seed=1)
    await server.start()
    yield server
    await server.stop()


@pytest.fixture
async def make_fake_jellyfin() -> AsyncIterator[Callable[..., Awaitable[FakeJellyfin]]]:
    """Start fake Jellyfin servers with custom options (size, base_path, tls, ...)."""
    started: list[FakeJellyfin] = []

    async def make(**options: Any) -> FakeJellyfin:
        server = FakeJellyfin(**options)
        await server.start()
        started.append(server)
        return server

    yield make
    for server in started:
        await server.stop()


@pytest.fixture
async def fake_plex() -> AsyncIterator[FakePlex]:
    """A started fake plex.tv + Plex Media Server with the small library (seed 1)."""
    plex = FakePlex(size="small", seed=1)
    await plex.start()
    yield plex
    await plex.stop()


@pytest.fixture
async def make_fake_plex() -> AsyncIterator[Callable[..., Awaitable[FakePlex]]]:
    """Start fake Plex servers with custom options (size, seed, tls, ...)."""
    started: list[FakePlex] = []

    async def make(**options: Any) -> FakePlex:
        plex = FakePlex(**options)
        await plex.start()
        started.append(plex)
        return plex

    yield make
    for plex in started:
        await plex.stop()
