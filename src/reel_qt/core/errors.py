"""The error hierarchy every layer raises and the UI and CLI turn into words."""


class ReelError(Exception):
    """Base of every error Reel raises on purpose; its message is shown to the user."""


class NotFoundError(ReelError):
    """An id or path names nothing Reel knows."""


class NotAvailableError(ReelError):
    """A capability that this build of Reel does not provide yet."""


class InvalidArgumentError(ReelError):
    """A user-supplied value cannot be used."""


class StorageError(ReelError):
    """The local database could not be read or written."""


class MigrationError(StorageError):
    """Upgrading the database schema failed; the previous file was restored."""


class CredentialsError(ReelError):
    """A secret could not be stored in or read from the keyring."""


class BackendError(ReelError):
    """A media server or folder could not answer as expected."""


class BackendConnectionError(BackendError):
    """The server could not be reached."""


class BackendTimeoutError(BackendConnectionError):
    """The server did not answer in time."""


class UntrustedCertificateError(BackendConnectionError):
    """The server's TLS certificate is not trusted; the user must decide explicitly."""

    def __init__(self, message: str, *, url: str) -> None:
        super().__init__(message)
        self.url = url


class RemoteNotFoundError(BackendError):
    """The server has nothing at the requested address (HTTP 404)."""


class AuthenticationError(BackendError):
    """The server refused the credentials; the user has to sign in again."""


class InvalidResponseError(BackendError):
    """The server answered with something that cannot be understood."""
