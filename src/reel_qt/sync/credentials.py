"""Secrets (passwords, tokens) in the OS keyring, never in SQLite, logs or settings.

The database keeps only a reference naming the keyring entry. When no secure keyring
exists, or it stops answering, secrets are kept in memory for this session only and
`warning` says so in words for the UI and `reel doctor`.
"""

from __future__ import annotations

import asyncio
import logging
import uuid

import keyring
import keyring.errors
from keyring.backend import KeyringBackend

from reel_qt.core.errors import CredentialsError

SERVICE = "reel"
log = logging.getLogger("reel.credentials")

# Backends that do not protect secrets: the failing/null stand-ins keyring falls back to,
# and plaintext files (keyrings.alt). keyring marks unusable backends with priority <= 0.
_INSECURE_MODULES = ("keyring.backends.fail", "keyring.backends.null", "keyrings.alt")


def _is_secure(backend: KeyringBackend) -> bool:
    module = type(backend).__module__
    if module.startswith(_INSECURE_MODULES):
        return False
    children = getattr(backend, "backends", None)
    if children is not None:  # a chainer is as good as its best child
        return any(_is_secure(child) for child in children)
    try:
        return float(backend.priority) > 0
    except Exception:  # priority probes the system; a failure means unusable
        return False


class CredentialStore:
    """Reads and writes secrets by reference; falls back to session memory when it must."""

    def __init__(self, backend: KeyringBackend | None = None) -> None:
        self._backend = backend if backend is not None else keyring.get_keyring()
        self._secure = _is_secure(self._backend)
        self._session: dict[str, str] = {}
        self.warning: str | None = None
        if not self._secure:
            self.warning = (
                f"No secure keyring is available ({self.backend_name}); sign-in details are "
                "kept for this session only and you will need to sign in again next time."
            )
            log.warning("no secure keyring (%s): secrets kept for this session", self.backend_name)

    @property
    def is_secure(self) -> bool:
        """Whether secrets outlive the session in a protected store."""
        return self._secure

    @property
    def backend_name(self) -> str:
        """The keyring backend's class name, for diagnostics."""
        return f"{type(self._backend).__module__}.{type(self._backend).__name__}"

    @staticmethod
    def new_ref(source_kind: str) -> str:
        """A fresh, unique reference for a new source's secret."""
        return f"{source_kind}:{uuid.uuid4().hex}"

    def _fall_back(self, ref: str, error: Exception) -> None:
        self.warning = (
            f"The keyring stopped answering ({type(error).__name__}); sign-in details are "
            "kept for this session only."
        )
        log.warning(
            "keyring failed for %s (%s); keeping it for this session", ref, type(error).__name__
        )

    def save(self, ref: str, secret: str) -> None:
        """Store secret under ref (blocking: may talk to D-Bus)."""
        if not self._secure:
            self._session[ref] = secret
            return
        try:
            self._backend.set_password(SERVICE, ref, secret)
        except Exception as error:  # locked, gone, refused: never lose the secret
            self._fall_back(ref, error)
            self._session[ref] = secret
            return
        self._session.pop(ref, None)
        log.debug("stored secret %s in %s", ref, self.backend_name)

    def load(self, ref: str) -> str | None:
        """The secret stored under ref, or None (blocking).

        Raises:
            CredentialsError: the keyring refused to answer and no session copy exists.
        """
        if ref in self._session or not self._secure:
            return self._session.get(ref)
        try:
            return self._backend.get_password(SERVICE, ref)
        except Exception as error:
            raise CredentialsError(
                f"Could not read sign-in details from the keyring ({type(error).__name__}); "
                "unlock it or sign in again."
            ) from error

    def delete(self, ref: str) -> None:
        """Forget the secret under ref; forgetting a missing one is fine (blocking)."""
        self._session.pop(ref, None)
        if not self._secure:
            return
        try:
            self._backend.delete_password(SERVICE, ref)
        except keyring.errors.PasswordDeleteError:
            pass
        except Exception as error:
            raise CredentialsError(
                f"Could not remove sign-in details from the keyring ({type(error).__name__})."
            ) from error

    async def asave(self, ref: str, secret: str) -> None:
        """save() without blocking the event loop."""
        await asyncio.to_thread(self.save, ref, secret)

    async def aload(self, ref: str) -> str | None:
        """load() without blocking the event loop."""
        return await asyncio.to_thread(self.load, ref)

    async def adelete(self, ref: str) -> None:
        """delete() without blocking the event loop."""
        await asyncio.to_thread(self.delete, ref)
