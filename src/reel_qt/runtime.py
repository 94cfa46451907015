"""The headless composition shared by the window and the CLI: store, bus, sync, secrets."""

from __future__ import annotations

import asyncio
import sqlite3
from dataclasses import dataclass

from sqlalchemy.exc import SQLAlchemyError

from reel_qt.backends.base import MediaBackend
from reel_qt.backends.page_parsing import PageParser
from reel_qt.backends.registry import BackendRegistry
from reel_qt.core.device import DeviceIdentity, device_identity
from reel_qt.core.errors import StorageError
from reel_qt.core.events import EventBus
from reel_qt.core.paths import DataPaths
from reel_qt.core.records import SourceType
from reel_qt.store.database import Database
from reel_qt.store.migrations import MigrationReport, upgrade_database
from reel_qt.store.service import DataService
from reel_qt.store.views import SourceView
from reel_qt.sync.credentials import CredentialStore
from reel_qt.sync.local_frames import frames_folder
from reel_qt.sync.manager import SyncManager
from reel_qt.sync.sources import SourceSetup, jellyfin_backend, local_backend, plex_backend


def default_backends(
    credentials: CredentialStore,
    identity: DeviceIdentity,
    parser: PageParser | None = None,
    service: DataService | None = None,
) -> BackendRegistry:
    """The backends this build can sync; each source type registers its factory here."""
    registry = BackendRegistry()

    async def jellyfin(source: SourceView) -> MediaBackend:
        return await jellyfin_backend(source, credentials, identity, parser)

    async def plex(source: SourceView) -> MediaBackend:
        return await plex_backend(source, credentials, identity, parser, service)

    registry.register(SourceType.JELLYFIN.value, jellyfin)
    registry.register(SourceType.PLEX.value, plex)
    return registry


@dataclass
class Runtime:
    """Everything a command or the window needs, wired once."""

    paths: DataPaths
    database: Database
    service: DataService
    credentials: CredentialStore
    backends: BackendRegistry
    sync: SyncManager
    migration: MigrationReport
    identity: DeviceIdentity
    setup: SourceSetup
    parser: PageParser

    @classmethod
    async def create(
        cls,
        paths: DataPaths,
        *,
        backends: BackendRegistry | None = None,
        credentials: CredentialStore | None = None,
    ) -> Runtime:
        """Upgrade the database off the loop, then wire the services on the calling thread.

        QObjects (the event bus) must be made on the thread whose loop delivers their
        signals, so only the blocking work (migrations, the keyring probe) runs elsewhere.

        Raises:
            MigrationError: the schema upgrade failed; the previous file was restored.
            StorageError: the data folder or the database file cannot be used.
        """

        def blocking() -> tuple[MigrationReport, CredentialStore, DeviceIdentity]:
            try:
                paths.ensure()
                report = upgrade_database(paths.database, paths.backups)
                identity = device_identity(paths.root)
            except (OSError, sqlite3.Error, SQLAlchemyError) as error:
                raise StorageError(
                    f"Reel cannot open its library database at {paths.database} ({error}). "
                    "Check that the folder exists and is writable, or choose another one "
                    "with --data-dir."
                ) from error
            return report, credentials or CredentialStore(), identity

        migration, store, identity = await asyncio.to_thread(blocking)
        database = Database(paths.database)
        service = DataService(database, EventBus())
        parser = PageParser()
        registry = backends or default_backends(store, identity, parser, service)
        if backends is None:  # local sources need the store (their file index) and the paths
            frames = frames_folder(paths.image_cache)
            registry.register(
                SourceType.LOCAL.value, lambda source: local_backend(source, service, frames)
            )
        return cls(
            paths=paths,
            database=database,
            service=service,
            credentials=store,
            backends=registry,
            sync=SyncManager(service, registry),
            migration=migration,
            identity=identity,
            setup=SourceSetup(service, store, identity),
            parser=parser,
        )

    @property
    def bus(self) -> EventBus:
        """The event bus every service announces on."""
        return self.service.bus

    def close(self) -> None:
        """Stop the page parsing process, finish pending writes, release the database (blocking)."""
        self.parser.close()
        self.database.close()
