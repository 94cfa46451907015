"""Choosing how to reach a Plex server among the connections plex.tv lists for it.

A server usually has several: LAN addresses, its public address, HTTPS `plex.direct`
names of both, and a relay through Plex's servers (slow, capped). Reel asks every one
at once with a short timeout whether it is the expected server (`/identity` names its
machineIdentifier), then keeps them in the order it should try them: the ones that
answered first (local, then remote, relay last), then the silent ones in the same order
for later fail-over (a laptop that leaves home loses the LAN but keeps the rest).
Connections that lead to a different server are dropped.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Sequence
from dataclasses import dataclass, field

from reel_qt.backends.http import HttpTransport, RetryPolicy, TlsTrust
from reel_qt.backends.plex import dto
from reel_qt.backends.plex.client import PlexClient
from reel_qt.core.device import DeviceIdentity
from reel_qt.core.errors import BackendError, UntrustedCertificateError

log = logging.getLogger("reel.plex.connections")

PROBE_TIMEOUT_S = 4.0


def rank(connection: dto.Connection) -> int:
    """0 for local, 1 for remote, 2 for relay connections: the order to try them in."""
    if connection.relay:
        return 2
    return 0 if connection.local else 1


def ordered(connections: Sequence[dto.Connection]) -> list[dto.Connection]:
    """Connections with a usable URI, local first, then remote, relay last (stable)."""
    usable = [c for c in connections if c.uri and c.uri.startswith(("http://", "https://"))]
    return sorted(usable, key=rank)


@dataclass(slots=True)
class Reachability:
    """What probing a server's connections found."""

    working: list[str] = field(default_factory=list)  # answered as the right server
    silent: list[str] = field(default_factory=list)  # did not answer (kept for fail-over)
    wrong: list[str] = field(default_factory=list)  # another server answered
    untrusted: list[UntrustedCertificateError] = field(default_factory=list)
    version: str | None = None
    reasons: dict[str, str] = field(default_factory=dict)

    @property
    def addresses(self) -> list[str]:
        """Every address worth keeping, in the order to try them."""
        return [*self.working, *self.silent]


async def _probe(
    uri: str,
    machine_identifier: str,
    identity: DeviceIdentity,
    trust: TlsTrust,
    timeout_s: float,
) -> tuple[str, dto.ServerContainer | BackendError]:
    transport = HttpTransport(
        [uri.rstrip("/")],
        trust=trust,
        retry=RetryPolicy(attempts=1),
        connect_timeout_s=timeout_s,
        read_timeout_s=timeout_s,
    )
    client = PlexClient(transport, identity)  # no token: /identity needs none
    try:
        return uri, await asyncio.wait_for(client.server_identity(), timeout_s + 1)
    except TimeoutError:
        return uri, BackendError("no answer in time")
    except BackendError as error:
        return uri, error
    finally:
        await client.close()


async def probe_connections(
    connections: Sequence[dto.Connection],
    machine_identifier: str,
    identity: DeviceIdentity,
    *,
    trust: TlsTrust | None = None,
    timeout_s: float = PROBE_TIMEOUT_S,
) -> Reachability:
    """Ask every connection at once who answers there; see the module docstring."""
    candidates = ordered(connections)
    trust = trust or TlsTrust()
    results = await asyncio.gather(
        *(_probe(c.uri or "", machine_identifier, identity, trust, timeout_s) for c in candidates)
    )
    found = Reachability()
    for uri, outcome in results:
        address = uri.rstrip("/")
        if isinstance(outcome, UntrustedCertificateError):
            found.untrusted.append(outcome)
            found.silent.append(address)
            found.reasons[address] = str(outcome)
        elif isinstance(outcome, BackendError):
            found.silent.append(address)
            found.reasons[address] = str(outcome)
        elif outcome.machine_identifier != machine_identifier:
            log.info("%s is another server (%s); not using it", address, outcome.machine_identifier)
            found.wrong.append(address)
        else:
            found.working.append(address)
            found.version = found.version or outcome.version
    return found
