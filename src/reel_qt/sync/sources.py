"""Adding sources and rebuilding their backends: where sign-ins meet the keyring and the store.

The token of a signed-in source goes to the keyring under a fresh reference; the
database keeps the reference and the non-secret details (user id, addresses, the
certificate the user chose to trust).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from reel_qt.backends.http import HttpTransport, TlsTrust
from reel_qt.backends.jellyfin.address import normalise_server_url
from reel_qt.backends.jellyfin.backend import JellyfinBackend
from reel_qt.backends.jellyfin.client import JellyfinClient
from reel_qt.backends.jellyfin.signin import SignedIn
from reel_qt.core.device import DeviceIdentity
from reel_qt.core.errors import AuthenticationError, InvalidArgumentError
from reel_qt.core.records import SourceType
from reel_qt.store.service import DataService
from reel_qt.store.views import SourceView
from reel_qt.sync.credentials import CredentialStore


def jellyfin_addresses(primary: str, extra: Sequence[str]) -> list[str]:
    """Every address of a server, normalised, primary first, without repeats."""
    seen: list[str] = []
    for address in (primary, *extra):
        url = normalise_server_url(address)
        if url not in seen:
            seen.append(url)
    return seen


class SourceSetup:
    """Creates sources from sign-ins and makes the backend for a stored source."""

    def __init__(
        self, service: DataService, credentials: CredentialStore, identity: DeviceIdentity
    ) -> None:
        self.service = service
        self.credentials = credentials
        self.identity = identity

    async def add_jellyfin(
        self,
        signed_in: SignedIn,
        *,
        extra_addresses: Sequence[str] = (),
        trusted_certificate: str | None = None,
    ) -> SourceView:
        """Store a signed-in Jellyfin server as a new source (its token in the keyring).

        Raises:
            InvalidArgumentError: the same user on the same server is already a source.
        """
        for existing in await self.service.list_sources():
            config = existing.config
            if (
                existing.type == SourceType.JELLYFIN.value
                and config.get("server_id") == signed_in.server.server_id
                and config.get("user_id") == signed_in.user_id
            ):
                raise InvalidArgumentError(
                    f"{signed_in.server.name} is already source {existing.id} for "
                    f"{signed_in.user_name or 'this user'}."
                )
        ref = CredentialStore.new_ref(SourceType.JELLYFIN.value)
        await self.credentials.asave(ref, signed_in.token)
        return await self.service.add_source(
            type=SourceType.JELLYFIN.value,
            name=signed_in.server.name,
            url=signed_in.server.url,
            config=_jellyfin_config(signed_in, extra_addresses, trusted_certificate),
            credential_ref=ref,
        )

    async def sign_in_again(self, source: SourceView, signed_in: SignedIn) -> SourceView:
        """Replace a source's token after a new sign-in and clear "needs sign-in"."""
        ref = source.credential_ref or CredentialStore.new_ref(source.type)
        await self.credentials.asave(ref, signed_in.token)
        config = {**source.config, "user_id": signed_in.user_id, "user_name": signed_in.user_name}
        return await self.service.update_source(
            source.id, credential_ref=ref, config=config, needs_sign_in=False, last_error=None
        )


async def jellyfin_backend(
    source: SourceView, credentials: CredentialStore, identity: DeviceIdentity
) -> JellyfinBackend:
    """The backend of a stored Jellyfin source, signed in with its keyring token.

    Raises:
        AuthenticationError: the token is missing from the keyring.
    """
    token = await credentials.aload(source.credential_ref) if source.credential_ref else None
    user_id = source.config.get("user_id")
    if not token or not user_id:
        raise AuthenticationError(
            f"Reel has no sign-in for {source.name} in the keyring. Sign in again."
        )
    addresses = source.config.get("addresses") or [source.url]
    transport = HttpTransport(addresses, trust=TlsTrust(source.config.get("certificate_sha256")))
    client = JellyfinClient(transport, identity, token=token, user_id=str(user_id))
    return JellyfinBackend(client)


def _jellyfin_config(
    signed_in: SignedIn, extra: Sequence[str], certificate: str | None
) -> dict[str, Any]:
    config: dict[str, Any] = {
        "server_id": signed_in.server.server_id,
        "user_id": signed_in.user_id,
        "user_name": signed_in.user_name,
        "version": signed_in.server.version,
        "addresses": jellyfin_addresses(signed_in.server.url, extra),
    }
    if certificate:
        config["certificate_sha256"] = certificate.upper()
    return config
