"""Keyring backends for unit tests: an in-memory secure one and one that breaks."""

from __future__ import annotations

from keyring.backend import KeyringBackend
from keyring.errors import KeyringLocked, PasswordDeleteError


class InMemoryKeyring(KeyringBackend):
    """A secure-looking keyring that keeps secrets in a dict."""

    priority = 10  # type: ignore[assignment]

    def __init__(self) -> None:
        super().__init__()
        self.entries: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        """The stored secret or None."""
        return self.entries.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        """Store a secret."""
        self.entries[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        """Remove a secret; complain if missing, as real backends do."""
        if self.entries.pop((service, username), None) is None:
            raise PasswordDeleteError("not found")


class LockedKeyring(InMemoryKeyring):
    """A secure keyring that refuses every call, as a locked collection does."""

    def get_password(self, service: str, username: str) -> str | None:
        """Refuse."""
        raise KeyringLocked("collection is locked")

    def set_password(self, service: str, username: str, password: str) -> None:
        """Refuse."""
        raise KeyringLocked("collection is locked")
