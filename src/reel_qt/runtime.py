"""The headless composition shared by the window and the CLI: store, bus, sync, secrets."""

from __future__ import annotations

from dataclasses import dataclass

from reel_qt.backends.registry import BackendRegistry
from reel_qt.core.events import EventBus
from reel_qt.core.paths import DataPaths
from reel_qt.store.database import Database
from reel_qt.store.migrations import MigrationReport, upgrade_database
from reel_qt.store.service import DataService
from reel_qt.sync.credentials import CredentialStore
from reel_qt.sync.manager import SyncManager


def default_backends(credentials: CredentialStore) -> BackendRegistry:
    """The backends this build can sync; each source issue registers its factory here."""
    del credentials  # the Jellyfin and Plex factories will read their tokens through it
    return BackendRegistry()


@dataclass
class Runtime:
    """Everything a command or the window needs, wired once."""

    paths: DataPaths
    database: Database
    bus: EventBus
    service: DataService
    credentials: CredentialStore
    backends: BackendRegistry
    sync: SyncManager
    migration: MigrationReport

    @classmethod
    def open(
        cls,
        paths: DataPaths,
        *,
        backends: BackendRegistry | None = None,
        credentials: CredentialStore | None = None,
    ) -> Runtime:
        """Upgrade the database and wire the services (blocking: call it off the UI thread).

        Raises:
            MigrationError: the schema upgrade failed; the previous file was restored.
        """
        paths.ensure()
        migration = upgrade_database(paths.database, paths.backups)
        database = Database(paths.database)
        bus = EventBus()
        service = DataService(database, bus)
        credentials = credentials or CredentialStore()
        backends = backends or default_backends(credentials)
        return cls(
            paths=paths,
            database=database,
            bus=bus,
            service=service,
            credentials=credentials,
            backends=backends,
            sync=SyncManager(service, backends),
            migration=migration,
        )

    def close(self) -> None:
        """Finish pending writes and release the database."""
        self.database.close()
