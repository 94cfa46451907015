"""Jellyfin sign-in from address to stored source, shared by the CLI and the window.

The steps: normalise the address and ask the server who it is (its name and version are
shown before any password is typed), settle trust in a self-signed certificate with the
user, sign in with a password or a Quick Connect code, then store the source (or give an
existing source its new token, when it is still the same server).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from reel_qt.backends.http import TlsTrust
from reel_qt.backends.jellyfin.address import normalise_server_url
from reel_qt.backends.jellyfin.signin import (
    QuickConnect,
    ServerInfo,
    SignedIn,
    probe,
    sign_in_with_password,
)
from reel_qt.core.device import DeviceIdentity
from reel_qt.core.errors import InvalidArgumentError
from reel_qt.store.views import SourceView

if TYPE_CHECKING:  # types only: the store loads after the window shows
    from reel_qt.sync.sources import SourceSetup


def source_trust(source: SourceView) -> TlsTrust:
    """The certificate decision stored with a source."""
    return TlsTrust(source.config.get("certificate_sha256"))


class JellyfinSignIn:
    """One sign-in to one server address, with the certificate the user chose to trust."""

    def __init__(
        self, url: str, identity: DeviceIdentity, *, trusted_certificate: str | None = None
    ) -> None:
        """Raises InvalidArgumentError when url cannot be a server address."""
        self.url = normalise_server_url(url)
        self.identity = identity
        self.trusted_certificate = trusted_certificate

    @classmethod
    def for_source(cls, source: SourceView, identity: DeviceIdentity) -> JellyfinSignIn:
        """A sign-in again to a stored source: its address and its certificate decision."""
        return cls(
            source.url or "",
            identity,
            trusted_certificate=source.config.get("certificate_sha256"),
        )

    @property
    def trust(self) -> TlsTrust:
        """What requests verify the certificate against."""
        return TlsTrust(self.trusted_certificate)

    async def check(self) -> ServerInfo:
        """Ask the server who it is (`/System/Info/Public`).

        Raises:
            BackendConnectionError: nothing answers there.
            UntrustedCertificateError: its certificate needs the user's decision.
            BackendError: something answers, but not a Jellyfin server.
        """
        return await probe(self.url, self.identity, self.trust)

    async def with_password(self, username: str, password: str) -> SignedIn:
        """Sign in with a user name and password.

        Raises:
            InvalidArgumentError: no user name given.
            AuthenticationError: wrong user name or password.
        """
        if not username.strip():
            raise InvalidArgumentError("Type your Jellyfin user name, or use Quick Connect.")
        return await sign_in_with_password(
            self.url, username.strip(), password, self.identity, self.trust
        )

    def quick_connect(self) -> QuickConnect:
        """A Quick Connect session on this server (start, show the code, wait, close)."""
        return QuickConnect(self.url, self.identity, self.trust)

    async def add(
        self, setup: SourceSetup, signed_in: SignedIn, extra_addresses: Sequence[str] = ()
    ) -> SourceView:
        """Store the signed-in server as a new source, with the trust decision.

        Raises:
            InvalidArgumentError: the same user on the same server is already a source.
        """
        return await setup.add_jellyfin(
            signed_in,
            extra_addresses=extra_addresses,
            trusted_certificate=self.trusted_certificate,
        )


async def sign_in_again(setup: SourceSetup, source: SourceView, signed_in: SignedIn) -> SourceView:
    """Give a stored source the token of a new sign-in, if it is still the same server.

    Raises:
        InvalidArgumentError: the address now leads to a different server.
    """
    if signed_in.server.server_id != source.config.get("server_id"):
        raise InvalidArgumentError(
            f"{source.url} is now a different server ({signed_in.server.name}); add it as a "
            "new source instead."
        )
    return await setup.sign_in_again(source, signed_in)
