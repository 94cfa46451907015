"""Plex sign-in from start to stored source, shared by `reel source add plex` and the window.

The steps: an account token (the plex.tv PIN flow, or one the user pastes), the account
or one of its Plex Home users (with that user's PIN), the servers to add, each probed and
stored through `SourceSetup`; or one server reached directly with a URL and a token. The
same steps sign an existing source in again.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from reel_qt.backends.http import TlsTrust
from reel_qt.backends.plex import dto
from reel_qt.backends.plex.signin import (
    AccountServer,
    PlexAccount,
    PlexSignedIn,
    connect,
    sign_in_with_token,
)
from reel_qt.core.device import DeviceIdentity
from reel_qt.core.errors import BackendError, InvalidArgumentError
from reel_qt.store.views import SourceView

if TYPE_CHECKING:  # types only: the store loads after the window shows
    from reel_qt.sync.sources import SourceSetup


@dataclass(frozen=True, slots=True)
class PlexHome:
    """Who signed in, the members of their Plex Home and the servers the account reaches."""

    user: dto.Account
    home_users: list[dto.HomeUser]
    servers: list[AccountServer]


@dataclass(frozen=True, slots=True)
class ActingAs:
    """The account servers are added as: its plex.tv user and its Plex Home name."""

    user: dto.Account
    home_user: str | None
    servers: list[AccountServer]


@dataclass(slots=True)
class AddedServers:
    """What adding a set of servers did: the new sources and the servers left out (why)."""

    added: list[tuple[SourceView, PlexSignedIn]] = field(default_factory=list)
    skipped: list[tuple[AccountServer, BackendError]] = field(default_factory=list)
    already: list[tuple[AccountServer, SourceView]] = field(default_factory=list)


def user_label(user: dto.Account | dto.HomeUser) -> str:
    """A plex.tv user as people know them."""
    return user.title or user.username or str(user.id)


async def read_home(
    account_token: str, identity: DeviceIdentity, *, base_url: str | None = None
) -> PlexHome:
    """Whose the token is, their Plex Home and their servers.

    Raises:
        AuthenticationError: plex.tv does not accept the token.
        BackendError: plex.tv cannot be reached.
    """
    account = PlexAccount(account_token, identity, base_url=base_url)
    try:
        user = await account.user()
        return PlexHome(user, await account.home_users(), await account.servers())
    finally:
        await account.close()


async def act_as(
    account_token: str,
    identity: DeviceIdentity,
    home_user: dto.HomeUser | str | None,
    pin: str | None,
    *,
    base_url: str | None = None,
) -> ActingAs:
    """The account itself (home_user None) or a Plex Home member, and the servers they reach.

    Raises:
        InvalidArgumentError: no home user by that name.
        AuthenticationError: the user's PIN is missing or wrong, or the token was revoked.
    """
    account = PlexAccount(account_token, identity, base_url=base_url)
    acting = account
    try:
        if home_user is None:
            user = await account.user()
            name = None
        else:
            chosen = await account.home_user(home_user) if isinstance(home_user, str) else home_user
            acting, user = await account.switch(chosen, pin)
            name = user_label(user)
        return ActingAs(user, name, await acting.servers())
    finally:
        await account.close()
        if acting is not account:
            await acting.close()


async def add_servers(
    setup: SourceSetup,
    servers: Sequence[AccountServer],
    acting: ActingAs,
    account_token: str,
    *,
    trusted_certificate: str | None = None,
    strict: bool = False,
) -> AddedServers:
    """Probe each server and store it as a source; with strict, the first failure raises.

    Not strict, a server that cannot be reached is skipped (with why) and one that is
    already a source left as it is, so one dead server does not stop the others.

    Raises:
        BackendError: (strict only) a server could not be reached.
        InvalidArgumentError: (strict only) a server is already a source for that user.
    """
    trust = TlsTrust(trusted_certificate)
    outcome = AddedServers()
    for server in servers:
        try:
            signed = await connect(
                server,
                setup.identity,
                user=acting.user,
                account_token=account_token,
                home_user=acting.home_user,
                trust=trust,
            )
            existing = await setup.find_plex(signed)
            if existing is not None and not strict:
                outcome.already.append((server, existing))
                continue
            source = await setup.add_plex(signed, trusted_certificate=trusted_certificate)
        except BackendError as error:
            if strict:
                raise
            outcome.skipped.append((server, error))
            continue
        outcome.added.append((source, signed))
    return outcome


async def add_direct(
    setup: SourceSetup, url: str, token: str, *, trusted_certificate: str | None = None
) -> tuple[SourceView, PlexSignedIn]:
    """Check a server reached with its URL and a token, and store it as a source.

    Raises:
        InvalidArgumentError: the address or the token cannot be used, or it is a source.
        AuthenticationError: the server does not accept the token.
        BackendError: the server cannot be reached or is not Plex.
    """
    signed = await sign_in_with_token(url, token, setup.identity, TlsTrust(trusted_certificate))
    source = await setup.add_plex(signed, trusted_certificate=trusted_certificate)
    return source, signed


def signs_in_through_plex_tv(source: SourceView) -> bool:
    """Whether a Plex source was added through plex.tv (else with a server token)."""
    return bool(source.config.get("account_ref"))


async def sign_in_again_with_token(
    setup: SourceSetup, source: SourceView, token: str
) -> SourceView:
    """Give a source added with a server token its new token.

    Raises:
        AuthenticationError: the server does not accept the token.
        InvalidArgumentError: the token reaches another server.
    """
    trust = TlsTrust(source.config.get("certificate_sha256"))
    url = (source.config.get("addresses") or [source.url or ""])[0]
    signed = await sign_in_with_token(url, token, setup.identity, trust)
    return await setup.plex_sign_in_again(source, signed)


async def sign_in_again_through_plex_tv(
    setup: SourceSetup,
    source: SourceView,
    account_token: str,
    pin: str | None = None,
    *,
    base_url: str | None = None,
) -> SourceView:
    """Sign a source in again with a new account token, as the home user it was added as.

    Raises:
        InvalidArgumentError: plex.tv no longer lists the server for that user.
        AuthenticationError: the home user's PIN is missing or wrong.
        BackendError: the server cannot be reached.
    """
    home_user = source.config.get("home_user")
    acting = await act_as(
        account_token, setup.identity, str(home_user) if home_user else None, pin, base_url=base_url
    )
    machine = source.config.get("machine_identifier")
    servers = [s for s in acting.servers if s.machine_identifier == machine]
    if not servers:
        raise InvalidArgumentError(
            f"plex.tv no longer lists {source.name} for {user_label(acting.user)}; it may "
            "have been removed or no longer shared."
        )
    signed = await connect(
        servers[0],
        setup.identity,
        user=acting.user,
        account_token=account_token,
        home_user=acting.home_user,
        trust=TlsTrust(source.config.get("certificate_sha256")),
    )
    return await setup.plex_sign_in_again(source, signed)
