"""Signing in to Plex over loopback: PIN, servers and their connections, Plex Home, tokens
given directly, TLS and GDM discovery. Expected values come from the fake's own data."""

from __future__ import annotations

import asyncio
import socket
from collections.abc import Awaitable, Callable

import pytest

from reel_qt.backends.http import TlsTrust, fetch_certificate_fingerprint
from reel_qt.backends.plex.discovery import discover
from reel_qt.backends.plex.signin import PinLogin, PlexAccount, connect, sign_in_with_token
from reel_qt.core.device import DeviceIdentity
from reel_qt.core.errors import (
    AuthenticationError,
    BackendConnectionError,
    InvalidArgumentError,
    UntrustedCertificateError,
)
from tests.fakes.plex import Connection, FakePlex

MakeFake = Callable[..., Awaitable[FakePlex]]
IDENTITY = DeviceIdentity(device_id="0123456789abcdef0123456789abcdef", device_name="Test PC")


def closed_port() -> int:
    """A loopback port nothing listens on."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def assert_identified(plex: FakePlex) -> None:
    """Every request carried Reel's identity headers and no token in its URL."""
    assert plex.requests
    for request in plex.requests:
        assert request.auth["X-Plex-Client-Identifier"] == IDENTITY.device_id, request.path
        assert request.auth["X-Plex-Product"] == "Reel"
        assert request.auth["X-Plex-Device-Name"] == "Test PC"
        assert "X-Plex-Token" not in request.query, request.path
        assert request.headers.get("Accept") == "application/json"


async def test_pin_sign_in_waits_for_approval(fake_plex: FakePlex) -> None:
    login = PinLogin(IDENTITY, base_url=fake_plex.plex_tv_url)
    try:
        pin = await login.start()
        assert f"clientID={IDENTITY.device_id}&code={pin.code}" in login.link
        assert login.link.startswith("https://app.plex.tv/auth/#!?")
        waiting = asyncio.create_task(login.wait(poll_s=0.05))
        await asyncio.sleep(0.2)
        assert not waiting.done()
        fake_plex.approve_pin(pin.id)
        token = await asyncio.wait_for(waiting, 5)
    finally:
        await login.close()
    assert token == fake_plex.account_token
    [created] = fake_plex.requests_to("/api/v2/pins", "POST")
    assert created.query["strong"] == "true" and created.status == 201
    polls = fake_plex.requests_to(f"/api/v2/pins/{pin.id}", "GET")
    assert len(polls) >= 2
    assert_identified(fake_plex)


async def test_expired_pin_says_so(fake_plex: FakePlex) -> None:
    login = PinLogin(IDENTITY, base_url=fake_plex.plex_tv_url)
    try:
        pin = await login.start()
        fake_plex.expire_pin(pin.code)
        with pytest.raises(AuthenticationError, match="expired before it was approved"):
            await login.wait(poll_s=0.05)
    finally:
        await login.close()


async def test_a_cancelled_pin_sign_in_stops_polling(fake_plex: FakePlex) -> None:
    login = PinLogin(IDENTITY, base_url=fake_plex.plex_tv_url)
    try:
        pin = await login.start()
        waiting = asyncio.create_task(login.wait(poll_s=0.05))
        await asyncio.sleep(0.15)
        waiting.cancel()
        with pytest.raises(asyncio.CancelledError):
            await waiting
        polls = len(fake_plex.requests_to(f"/api/v2/pins/{pin.id}"))
        await asyncio.sleep(0.2)
        assert len(fake_plex.requests_to(f"/api/v2/pins/{pin.id}")) == polls
    finally:
        await login.close()


async def test_servers_of_the_account_with_their_own_tokens(fake_plex: FakePlex) -> None:
    fake_plex.plex_tv_faults.retry_after(0.1, n=1, path="^/api/v2/resources")
    account = PlexAccount(fake_plex.account_token, IDENTITY, base_url=fake_plex.plex_tv_url)
    try:
        [server] = await account.servers()  # the player device is left out
        who = await account.user()
    finally:
        await account.close()
    assert (server.machine_identifier, server.name, server.owned) == (
        fake_plex.machine_identifier,
        fake_plex.friendly_name,
        True,
    )
    assert server.token == fake_plex.server_token()
    assert who.id == fake_plex.accounts.owner.id
    [resources, *_] = [
        r for r in fake_plex.requests_to("/api/v2/resources") if r.status == 200
    ]  # the first answer was a 503 with Retry-After
    assert (resources.query["includeHttps"], resources.query["includeRelay"]) == ("1", "1")
    signed = await connect(server, IDENTITY, user=who, account_token=account.token)
    assert signed.addresses == [fake_plex.server_url]
    assert signed.version == fake_plex.version
    assert_identified(fake_plex)


async def test_local_first_then_remote_then_relay_and_silent_ones_kept(
    fake_plex: FakePlex,
) -> None:
    dead_local, dead_relay = closed_port(), closed_port()
    fake_plex.set_connections(
        [
            Connection(f"http://127.0.0.1:{dead_relay}", local=False, relay=True),
            Connection(fake_plex.server_url, local=False),
            Connection(f"http://127.0.0.1:{dead_local}", local=True),
        ]
    )
    account = PlexAccount(fake_plex.account_token, IDENTITY, base_url=fake_plex.plex_tv_url)
    try:
        [server] = await account.servers()
    finally:
        await account.close()
    signed = await connect(server, IDENTITY, timeout_s=1.0)
    # The one that answered first; the dead ones after it, local before relay.
    assert signed.addresses == [
        fake_plex.server_url,
        f"http://127.0.0.1:{dead_local}",
        f"http://127.0.0.1:{dead_relay}",
    ]


async def test_a_connection_to_another_server_is_never_used(
    fake_plex: FakePlex, make_fake_plex: MakeFake
) -> None:
    impostor = await make_fake_plex(seed=2)
    assert impostor.machine_identifier != fake_plex.machine_identifier
    fake_plex.set_connections(
        [Connection(impostor.server_url, local=True), Connection(fake_plex.server_url, local=False)]
    )
    account = PlexAccount(fake_plex.account_token, IDENTITY, base_url=fake_plex.plex_tv_url)
    try:
        [server] = await account.servers()
    finally:
        await account.close()
    signed = await connect(server, IDENTITY, timeout_s=1.0)
    assert signed.addresses == [fake_plex.server_url]
    assert not impostor.requests_to("/library/sections")  # the token never went there

    fake_plex.set_connections([Connection(impostor.server_url, local=True)])
    account = PlexAccount(fake_plex.account_token, IDENTITY, base_url=fake_plex.plex_tv_url)
    try:
        [server] = await account.servers()
    finally:
        await account.close()
    with pytest.raises(BackendConnectionError, match="could not reach Reel Fake Plex"):
        await connect(server, IDENTITY, timeout_s=1.0)


@pytest.mark.parametrize(("user", "pin"), [("Kid", "1234"), ("Guest Room", None)])
async def test_home_users_get_their_own_server_token(
    fake_plex: FakePlex, user: str, pin: str | None
) -> None:
    account = PlexAccount(fake_plex.account_token, IDENTITY, base_url=fake_plex.plex_tv_url)
    try:
        switched, who = await account.switch(await account.home_user(user.lower()), pin)
        try:
            [server] = await switched.servers()
        finally:
            await switched.close()
    finally:
        await account.close()
    member = fake_plex.accounts.user(user)
    assert (who.id, who.title) == (member.id, member.title)
    assert server.token == fake_plex.server_token(user) != fake_plex.server_token()
    assert not server.owned
    [switch] = fake_plex.requests_to(f"/api/v2/home/users/{member.id}/switch", "POST")
    assert switch.status == 201


async def test_home_user_pins_are_checked_in_words(fake_plex: FakePlex) -> None:
    account = PlexAccount(fake_plex.account_token, IDENTITY, base_url=fake_plex.plex_tv_url)
    try:
        kid = await account.home_user("Kid")
        assert kid.protected
        with pytest.raises(AuthenticationError, match="not Kid's PIN"):
            await account.switch(kid, "9999")
        with pytest.raises(AuthenticationError, match="Kid is protected by a PIN"):
            await account.switch(kid, None)
        with pytest.raises(InvalidArgumentError, match=r"no “Nobody” in this Plex Home.*Kid"):
            await account.home_user("Nobody")
    finally:
        await account.close()


async def test_a_revoked_account_token_needs_a_new_sign_in(fake_plex: FakePlex) -> None:
    old = fake_plex.account_token
    fake_plex.revoke_tokens()
    account = PlexAccount(old, IDENTITY, base_url=fake_plex.plex_tv_url)
    try:
        with pytest.raises(AuthenticationError, match=r"plex\.tv no longer accepts"):
            await account.servers()
    finally:
        await account.close()


async def test_a_server_added_directly_with_a_token(fake_plex: FakePlex) -> None:
    signed = await sign_in_with_token(
        f"127.0.0.1:{fake_plex.port}", fake_plex.server_token(), IDENTITY
    )
    assert (signed.name, signed.machine_identifier, signed.addresses) == (
        fake_plex.friendly_name,
        fake_plex.machine_identifier,
        [fake_plex.server_url],
    )
    assert signed.account_token is None
    with pytest.raises(AuthenticationError, match="did not accept that token"):
        await sign_in_with_token(fake_plex.server_url, "not-a-token", IDENTITY)
    assert not fake_plex.requests_to("/api/v2/user")  # plex.tv was never asked
    assert_identified(fake_plex)


async def test_self_signed_certificates_need_an_explicit_trust(make_fake_plex: MakeFake) -> None:
    plex = await make_fake_plex(tls=True)
    with pytest.raises(UntrustedCertificateError, match="not trusted"):
        await sign_in_with_token(plex.server_url, plex.server_token(), IDENTITY)
    fingerprint = await fetch_certificate_fingerprint(plex.server_url)
    assert fingerprint is not None
    signed = await sign_in_with_token(
        plex.server_url, plex.server_token(), IDENTITY, TlsTrust(fingerprint)
    )
    assert signed.machine_identifier == plex.machine_identifier


async def test_gdm_finds_servers_on_the_lan(fake_plex: FakePlex) -> None:
    port = await fake_plex.start_gdm()
    [found] = await discover(timeout_s=0.3, targets=[("127.0.0.1", port)])
    assert (found.machine_identifier, found.name, found.address, found.version) == (
        fake_plex.machine_identifier,
        fake_plex.friendly_name,
        fake_plex.server_url,
        fake_plex.version,
    )
