"""Adding sources and rebuilding their backends: where sign-ins meet the keyring and the store.

The token of a signed-in source goes to the keyring under a fresh reference; the
database keeps the reference and the non-secret details (user id, addresses, the
certificate the user chose to trust).
"""

from __future__ import annotations

import asyncio
import contextlib
import os
from collections.abc import Sequence
from typing import Any

from reel_qt.backends.http import HttpTransport, TlsTrust
from reel_qt.backends.jellyfin.address import normalise_server_url
from reel_qt.backends.jellyfin.backend import JellyfinBackend
from reel_qt.backends.jellyfin.client import JellyfinClient
from reel_qt.backends.jellyfin.signin import SignedIn
from reel_qt.backends.local.artwork import FrameCache
from reel_qt.backends.local.backend import LocalBackend
from reel_qt.backends.local.walk import DEFAULT_SKIP_FOLDERS
from reel_qt.backends.page_parsing import PageParser
from reel_qt.backends.plex.backend import PlexBackend
from reel_qt.backends.plex.client import PlexClient
from reel_qt.backends.plex.signin import PlexSignedIn
from reel_qt.core.device import DeviceIdentity
from reel_qt.core.errors import AuthenticationError, InvalidArgumentError, NotFoundError
from reel_qt.core.records import SourceType
from reel_qt.store.service import DataService
from reel_qt.store.views import SourceView
from reel_qt.sync.credentials import CredentialStore
from reel_qt.sync.local_index import StoredFileIndex


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

    async def add_plex(
        self, signed_in: PlexSignedIn, *, trusted_certificate: str | None = None
    ) -> SourceView:
        """Store a signed-in Plex server as a new source (its tokens in the keyring).

        The server token goes under the source's own reference; the plex.tv account token,
        when there is one, under a reference shared by the sources of that sign-in (Reel
        needs it to switch home users and to find the server again after a move).

        Raises:
            InvalidArgumentError: the same user on the same server is already a source.
        """
        existing = await self.find_plex(signed_in)
        if existing is not None:
            raise InvalidArgumentError(
                f"{signed_in.name} is already source {existing.id}"
                + (f" for {signed_in.user_name}." if signed_in.user_name else ".")
            )
        config = _plex_config(signed_in, trusted_certificate)
        if signed_in.account_token:
            config["account_ref"] = await self._account_ref(signed_in.account_token)
        ref = CredentialStore.new_ref(SourceType.PLEX.value)
        await self.credentials.asave(ref, signed_in.token)
        return await self.service.add_source(
            type=SourceType.PLEX.value,
            name=signed_in.name,
            url=signed_in.addresses[0],
            config=config,
            credential_ref=ref,
        )

    async def find_plex(self, signed_in: PlexSignedIn) -> SourceView | None:
        """The source that already holds this user on this server, if any."""
        for existing in await self.service.list_sources():
            if (
                existing.type == SourceType.PLEX.value
                and existing.config.get("machine_identifier") == signed_in.machine_identifier
                and existing.config.get("user_id") == signed_in.user_id
            ):
                return existing
        return None

    async def _account_ref(self, account_token: str) -> str:
        # One keyring entry per account: sources of the same sign-in share it.
        for source in await self.service.list_sources():
            ref = source.config.get("account_ref")
            if ref and await self.credentials.aload(str(ref)) == account_token:
                return str(ref)
        ref = CredentialStore.new_ref(f"{SourceType.PLEX.value}-account")
        await self.credentials.asave(ref, account_token)
        return ref

    async def plex_sign_in_again(self, source: SourceView, signed_in: PlexSignedIn) -> SourceView:
        """Replace a Plex source's tokens and addresses after a new sign-in.

        Raises:
            InvalidArgumentError: the sign-in is for another server.
        """
        if signed_in.machine_identifier != source.config.get("machine_identifier"):
            raise InvalidArgumentError(
                f"That sign-in reaches {signed_in.name}, not {source.name}; add it as a new "
                "source instead."
            )
        ref = source.credential_ref or CredentialStore.new_ref(source.type)
        await self.credentials.asave(ref, signed_in.token)
        config = {
            **source.config,
            **_plex_config(signed_in, source.config.get("certificate_sha256")),
        }
        previous = source.config.get("account_ref")
        if signed_in.account_token and previous:
            # A revocation on plex.tv ends every token of the account: the sources that
            # share this entry all get the new one.
            await self.credentials.asave(str(previous), signed_in.account_token)
        elif signed_in.account_token:
            config["account_ref"] = await self._account_ref(signed_in.account_token)
        return await self.service.update_source(
            source.id,
            credential_ref=ref,
            config=config,
            url=signed_in.addresses[0],
            needs_sign_in=False,
            last_error=None,
        )

    async def forget_plex_account(self, source: SourceView) -> None:
        """Delete a removed source's account token unless another source still uses it."""
        ref = source.config.get("account_ref")
        if not ref:
            return
        for other in await self.service.list_sources():
            if other.id != source.id and other.config.get("account_ref") == ref:
                return
        await self.credentials.adelete(str(ref))

    async def add_local(
        self, paths: Sequence[str], *, kind: str = "auto", name: str | None = None
    ) -> SourceView:
        """Store folders (absolute, existing) as a new local source.

        Raises:
            InvalidArgumentError: a folder is not there, or is already in a local source.
        """
        folders, missing = await asyncio.to_thread(_local_folders, paths)
        if missing:
            raise InvalidArgumentError(f"{missing[0]} is not a folder Reel can reach.")
        for existing in await self.service.list_sources():
            if existing.type != SourceType.LOCAL.value:
                continue
            taken = set(existing.config.get("paths", [])) & set(folders)
            if taken:
                raise InvalidArgumentError(
                    f"{sorted(taken)[0]} is already in source {existing.id} ({existing.name})."
                )
        return await self.service.add_source(
            type=SourceType.LOCAL.value,
            name=name or os.path.basename(folders[0].rstrip(os.sep)) or folders[0],
            config={"paths": list(dict.fromkeys(folders)), "kind": kind},
        )

    async def sign_in_again(self, source: SourceView, signed_in: SignedIn) -> SourceView:
        """Replace a source's token after a new sign-in and clear "needs sign-in"."""
        ref = source.credential_ref or CredentialStore.new_ref(source.type)
        await self.credentials.asave(ref, signed_in.token)
        config = {**source.config, "user_id": signed_in.user_id, "user_name": signed_in.user_name}
        return await self.service.update_source(
            source.id, credential_ref=ref, config=config, needs_sign_in=False, last_error=None
        )


async def _signed_in_transport(
    source: SourceView, credentials: CredentialStore
) -> tuple[str, HttpTransport]:
    """A stored source's keyring token and a transport over its addresses and trust.

    Raises:
        AuthenticationError: the token is missing from the keyring.
    """
    token = await credentials.aload(source.credential_ref) if source.credential_ref else None
    if not token:
        raise AuthenticationError(
            f"Reel has no sign-in for {source.name} in the keyring. Sign in again."
        )
    addresses = source.config.get("addresses") or [source.url]
    trust = TlsTrust(source.config.get("certificate_sha256"))
    return token, HttpTransport(addresses, trust=trust)


async def jellyfin_backend(
    source: SourceView,
    credentials: CredentialStore,
    identity: DeviceIdentity,
    parser: PageParser | None = None,
) -> JellyfinBackend:
    """The backend of a stored Jellyfin source, signed in with its keyring token.

    Raises:
        AuthenticationError: the token or the user is missing.
    """
    token, transport = await _signed_in_transport(source, credentials)
    user_id = source.config.get("user_id")
    if not user_id:  # the transport opens nothing until its first request
        raise AuthenticationError(f"Reel does not know who to be on {source.name}. Sign in again.")
    client = JellyfinClient(transport, identity, token=token, user_id=str(user_id))
    return JellyfinBackend(client, parser=parser)


async def plex_backend(
    source: SourceView,
    credentials: CredentialStore,
    identity: DeviceIdentity,
    parser: PageParser | None = None,
    service: DataService | None = None,
) -> PlexBackend:
    """The backend of a stored Plex source, signed in with its keyring token.

    With `service`, an address the backend switched to (its first stopped answering)
    becomes the source's preferred one when the backend closes, so the next start tries
    it first.

    Raises:
        AuthenticationError: the token is missing from the keyring.
    """
    token, transport = await _signed_in_transport(source, credentials)
    remember = None
    if service is not None:

        async def remember(address: str) -> None:
            await prefer_address(service, source.id, address)

    return PlexBackend(
        PlexClient(transport, identity, token=token), parser=parser, remember_address=remember
    )


async def prefer_address(service: DataService, source_id: int, address: str) -> None:
    """Make address the source's first one (and its URL); a source removed meanwhile is
    left alone."""
    try:
        source = await service.get_source(source_id)
    except NotFoundError:
        return
    known = [str(a) for a in source.config.get("addresses") or [source.url] if a]
    addresses = [address, *(a for a in known if a != address)]
    if source.url == address and known == addresses:
        return
    with contextlib.suppress(NotFoundError):
        await service.update_source(
            source_id, url=address, config={**source.config, "addresses": addresses}
        )


def _local_folders(paths: Sequence[str]) -> tuple[list[str], list[str]]:
    """The paths made absolute, and those that are not reachable folders (blocking)."""
    folders = [os.path.abspath(os.path.expanduser(path)) for path in paths]
    return folders, [f for f in folders if not os.path.isdir(f)]


def local_backend(
    source: SourceView, service: DataService, frames_folder: str | None
) -> LocalBackend:
    """The backend of a stored local source; frames go to frames_folder (None: no frames)."""
    kind = source.config.get("kind", "auto")
    return LocalBackend(
        name=source.name,
        roots=[str(p) for p in source.config.get("paths", [])],
        kind=kind if kind in ("movies", "shows", "auto") else "auto",
        index=StoredFileIndex(service, source.id),
        frames=FrameCache(frames_folder) if frames_folder else None,
        skip=source.config.get("skip_folders") or DEFAULT_SKIP_FOLDERS,
    )


def _with_certificate(config: dict[str, Any], certificate: str | None) -> dict[str, Any]:
    if certificate:
        config["certificate_sha256"] = certificate.upper()
    return config


def _plex_config(signed_in: PlexSignedIn, certificate: str | None) -> dict[str, Any]:
    config: dict[str, Any] = {
        "machine_identifier": signed_in.machine_identifier,
        "version": signed_in.version,
        "addresses": list(signed_in.addresses),
        "user_id": signed_in.user_id,
        "user_name": signed_in.user_name,
        "home_user": signed_in.home_user,
        "owned": signed_in.owned,
    }
    return _with_certificate(config, certificate)


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
    return _with_certificate(config, certificate)
