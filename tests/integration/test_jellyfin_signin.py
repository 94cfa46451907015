"""Signing in to Jellyfin over loopback: addresses, password, Quick Connect, TLS, discovery."""

from __future__ import annotations

import asyncio
import hashlib
import ssl
from collections.abc import Awaitable, Callable
from pathlib import Path

import pytest

from reel_qt.backends.http import TlsTrust, fetch_certificate_fingerprint
from reel_qt.backends.jellyfin.discovery import discover
from reel_qt.backends.jellyfin.signin import QuickConnect, probe, sign_in_with_password
from reel_qt.core.device import DeviceIdentity, load_device_id
from reel_qt.core.errors import AuthenticationError, BackendError, UntrustedCertificateError
from tests.fakes.jellyfin import FakeJellyfin

MakeFake = Callable[..., Awaitable[FakeJellyfin]]
IDENTITY = DeviceIdentity(device_id="0123456789abcdef0123456789abcdef", device_name="Test PC")


async def test_probe_names_the_server_before_sign_in(fake_jellyfin: FakeJellyfin) -> None:
    typed = f"127.0.0.1:{fake_jellyfin.port}/"  # no scheme, trailing slash
    server = await probe(typed, IDENTITY)
    assert server.url == f"http://127.0.0.1:{fake_jellyfin.port}"
    assert (server.name, server.version) == (fake_jellyfin.server_name, "10.11.0")
    assert server.server_id == fake_jellyfin.server_id


async def test_password_sign_in_sends_the_mediabrowser_header(
    fake_jellyfin: FakeJellyfin,
) -> None:
    signed = await sign_in_with_password(
        fake_jellyfin.url, fake_jellyfin.username, fake_jellyfin.password, IDENTITY
    )
    assert signed.user_id == fake_jellyfin.user_id
    assert signed.user_name == fake_jellyfin.username
    assert signed.token
    [login] = fake_jellyfin.requests_to("/Users/AuthenticateByName", "POST")
    assert login.json == {"Username": "reel", "Pw": "secret"}
    assert login.auth == {
        "Client": "Reel",
        "Device": "Test PC",
        "DeviceId": IDENTITY.device_id,
        "Version": IDENTITY.version,
    }
    assert login.status == 200


async def test_wrong_password_is_said_in_words(fake_jellyfin: FakeJellyfin) -> None:
    with pytest.raises(AuthenticationError, match="did not accept that user name and password"):
        await sign_in_with_password(fake_jellyfin.url, "reel", "wrong", IDENTITY)


async def test_a_base_path_is_kept(make_fake_jellyfin: MakeFake) -> None:
    server = await make_fake_jellyfin(base_path="/jellyfin")
    signed = await sign_in_with_password(
        f"http://127.0.0.1:{server.port}/jellyfin/", "reel", "secret", IDENTITY
    )
    assert signed.server.url == f"http://127.0.0.1:{server.port}/jellyfin"


async def test_something_else_at_the_address_is_not_taken_for_jellyfin(
    fake_jellyfin: FakeJellyfin,
) -> None:
    fake_jellyfin.faults.malformed_next(1, path="/System/Info/Public")
    with pytest.raises(BackendError, match="cannot read"):
        await probe(fake_jellyfin.url, IDENTITY)


async def test_quick_connect_shows_a_code_and_signs_in_once_approved(
    fake_jellyfin: FakeJellyfin,
) -> None:
    session = QuickConnect(fake_jellyfin.url, IDENTITY)
    try:
        code = await session.start()
        assert code.isdigit()
        waiting = asyncio.create_task(session.wait(poll_s=0.05, timeout_s=10))
        await asyncio.sleep(0.2)
        assert not waiting.done()
        assert fake_jellyfin.approve_quick_connect(code)
        signed = await waiting
    finally:
        await session.close()
    assert signed.user_id == fake_jellyfin.user_id
    assert len(fake_jellyfin.requests_to("/QuickConnect/Connect")) >= 2
    [exchange] = fake_jellyfin.requests_to("/Users/AuthenticateWithQuickConnect", "POST")
    assert exchange.auth["DeviceId"] == IDENTITY.device_id


async def test_quick_connect_that_is_never_approved_times_out(
    fake_jellyfin: FakeJellyfin,
) -> None:
    session = QuickConnect(fake_jellyfin.url, IDENTITY)
    try:
        code = await session.start()
        with pytest.raises(BackendError, match=f"code {code} was not approved in time"):
            await session.wait(poll_s=0.05, timeout_s=0.3)
    finally:
        await session.close()


async def test_quick_connect_switched_off_is_explained(fake_jellyfin: FakeJellyfin) -> None:
    fake_jellyfin.quick_connect_enabled = False
    session = QuickConnect(fake_jellyfin.url, IDENTITY)
    try:
        with pytest.raises(BackendError, match="Quick Connect is switched off"):
            await session.start()
    finally:
        await session.close()


def _fingerprint(cert_path: Path) -> str:
    der = ssl.PEM_cert_to_DER_cert(cert_path.read_text())
    digest = hashlib.sha256(der).hexdigest().upper()
    return ":".join(digest[i : i + 2] for i in range(0, 64, 2))


async def test_self_signed_certificate_needs_an_explicit_trust(
    make_fake_jellyfin: MakeFake,
) -> None:
    server = await make_fake_jellyfin(tls=True)
    assert server.certificate is not None
    expected = _fingerprint(server.certificate.cert_path)

    with pytest.raises(UntrustedCertificateError, match="not trusted"):
        await probe(server.url, IDENTITY)
    assert await fetch_certificate_fingerprint(server.url) == expected

    trusted = await probe(server.url, IDENTITY, TlsTrust(expected))
    assert trusted.server_id == server.server_id

    other = "AB:" * 31 + "AB"
    with pytest.raises(UntrustedCertificateError, match="changed since you trusted it"):
        await probe(server.url, IDENTITY, TlsTrust(other))


async def test_lan_discovery_finds_the_server(fake_jellyfin: FakeJellyfin) -> None:
    port = await fake_jellyfin.start_discovery()
    found = await discover(timeout_s=0.5, targets=[("127.0.0.1", port)])
    assert [(s.server_id, s.name, s.address) for s in found] == [
        (fake_jellyfin.server_id, fake_jellyfin.server_name, fake_jellyfin.url)
    ]


def test_device_id_is_stable_per_install(tmp_path: Path) -> None:
    first = load_device_id(tmp_path)
    assert len(first) == 32 and int(first, 16) >= 0
    assert load_device_id(tmp_path) == first
    (tmp_path / "device-id").write_text("garbage")
    replaced = load_device_id(tmp_path)
    assert replaced != first and load_device_id(tmp_path) == replaced
    assert load_device_id(tmp_path / "other") != replaced
