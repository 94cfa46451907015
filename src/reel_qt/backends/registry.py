"""Which backend serves which source type; only the composition root fills it."""

from __future__ import annotations

import inspect
from collections.abc import Awaitable, Callable

from reel_qt.backends.base import MediaBackend
from reel_qt.core.errors import NotAvailableError
from reel_qt.core.records import SourceType
from reel_qt.store.views import SourceView

# Factories may be coroutines: making a backend can mean reading a token from the keyring.
BackendFactory = Callable[[SourceView], MediaBackend | Awaitable[MediaBackend]]

_TYPE_NAMES = {
    SourceType.JELLYFIN.value: "Jellyfin",
    SourceType.PLEX.value: "Plex",
    SourceType.LOCAL.value: "local folder",
}


def describe_type(source_type: str) -> str:
    """A source type as people say it mid-sentence ("Jellyfin", "Plex", "local folder")."""
    return _TYPE_NAMES.get(source_type, source_type)


class BackendRegistry:
    """Maps source types to factories that build a backend for a stored source."""

    def __init__(self, factories: dict[str, BackendFactory] | None = None) -> None:
        self._factories: dict[str, BackendFactory] = dict(factories or {})

    def register(self, source_type: str, factory: BackendFactory) -> None:
        """Serve sources of this type with backends made by factory."""
        self._factories[source_type] = factory

    def supports(self, source_type: str) -> bool:
        """Whether sources of this type can be synced in this build."""
        return source_type in self._factories

    async def create(self, source: SourceView) -> MediaBackend:
        """Build the backend for a source.

        Raises:
            NotAvailableError: this build cannot sync sources of that type yet.
            AuthenticationError: the source's sign-in is missing from the keyring.
        """
        factory = self._factories.get(source.type)
        if factory is None:
            name = describe_type(source.type)
            raise NotAvailableError(
                f"{name[:1].upper()}{name[1:]} sources are not available yet in this "
                "version of Reel."
            )
        made = factory(source)
        return await made if inspect.isawaitable(made) else made
