"""Secrets go to the keyring by reference, or stay in memory when no keyring is safe."""

from __future__ import annotations

import logging

import pytest
from keyring.backends import fail, null

from reel_qt.core.errors import CredentialsError
from reel_qt.sync.credentials import SERVICE, CredentialStore
from tests.fakes.keyrings import InMemoryKeyring, LockedKeyring


def test_round_trip_through_the_keyring() -> None:
    backend = InMemoryKeyring()
    store = CredentialStore(backend)
    ref = store.new_ref("jellyfin")
    store.save(ref, "tok-1")
    assert backend.entries == {(SERVICE, ref): "tok-1"}
    assert store.load(ref) == "tok-1"
    store.delete(ref)
    store.delete(ref)  # forgetting twice is fine
    assert store.load(ref) is None
    assert store.is_secure and store.warning is None


def test_refs_are_unique_and_name_the_kind() -> None:
    refs = {CredentialStore.new_ref("plex") for _ in range(100)}
    assert len(refs) == 100
    assert all(ref.startswith("plex:") for ref in refs)


@pytest.mark.expect_log_warnings
@pytest.mark.parametrize("backend", [fail.Keyring(), null.Keyring()])
def test_without_a_secure_keyring_secrets_last_the_session(backend: object) -> None:
    store = CredentialStore(backend)  # type: ignore[arg-type]
    assert not store.is_secure
    assert store.warning is not None and "this session only" in store.warning
    store.save("jellyfin:1", "tok")
    assert store.load("jellyfin:1") == "tok"
    assert CredentialStore(backend).load("jellyfin:1") is None  # type: ignore[arg-type]


@pytest.mark.expect_log_warnings
def test_a_locked_keyring_never_loses_the_secret() -> None:
    store = CredentialStore(LockedKeyring())
    assert store.is_secure
    store.save("plex:1", "account-token")
    assert store.warning is not None and "session only" in store.warning
    assert store.load("plex:1") == "account-token"
    with pytest.raises(CredentialsError, match="unlock it or sign in again"):
        store.load("plex:other")


async def test_async_variants() -> None:
    store = CredentialStore(InMemoryKeyring())
    await store.asave("local:1", "s3")
    assert await store.aload("local:1") == "s3"
    await store.adelete("local:1")
    assert await store.aload("local:1") is None


@pytest.mark.expect_log_warnings
def test_secrets_never_reach_the_log(caplog: pytest.LogCaptureFixture) -> None:
    secret = "very-secret-token-0451"
    with caplog.at_level(logging.DEBUG):
        for backend in (InMemoryKeyring(), LockedKeyring(), null.Keyring()):
            store = CredentialStore(backend)
            store.save("jellyfin:x", secret)
            store.load("jellyfin:x")
    assert caplog.records
    assert all(secret not in r.getMessage() for r in caplog.records)
