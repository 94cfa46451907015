"""The first frame's reads (Home's rows, the sidebar's sources) through plain sqlite3.

SQLAlchemy, the table classes and the sync stack take ~0.5 s to import, and the first
frame needs a few dozen rows. When the database file is already at this build's schema
(no migration pending), `StartupReader` runs the store's own read functions on a plain
sqlite3 connection while the store opens in the background; the window then switches to
the `DataService`, which reads the same way.
"""

from __future__ import annotations

import asyncio
import contextlib
import sqlite3
import threading
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import Future
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar, cast

from reel_qt.store.migrations import current_revision, quick_head
from reel_qt.store.repositories import browse, libraries, source_reads
from reel_qt.store.views import LibraryView, PosterRow, SourceView

if TYPE_CHECKING:
    from sqlalchemy import Connection

T = TypeVar("T")

#: Posters per Home row (DataService.home_rows' default, which Home asks for).
HOME_LIMIT = 24


class _Result:
    """A statement's rows, with the few result methods the read repositories use."""

    def __init__(self, rows: list[Any]) -> None:
        self._rows = rows

    def __iter__(self) -> Iterator[Any]:
        return iter(self._rows)

    def all(self) -> list[Any]:
        """Every row."""
        return self._rows

    def first(self) -> Any:
        """The first row, or None."""
        return self._rows[0] if self._rows else None

    def scalar(self) -> Any:
        """The first column of the first row, or None."""
        return self._rows[0][0] if self._rows else None

    def scalar_one(self) -> Any:
        """The first column of the only row."""
        if len(self._rows) != 1:
            raise sqlite3.DataError(f"expected one row, got {len(self._rows)}")
        return self._rows[0][0]


class RawConnection:
    """A sqlite3 connection that answers `exec_driver_sql` as SQLAlchemy's Connection does."""

    def __init__(self, connection: sqlite3.Connection) -> None:
        self._connection = connection

    def exec_driver_sql(self, sql: str, parameters: Sequence[Any] = ()) -> _Result:
        """Run one statement with positional parameters."""
        return _Result(self._connection.execute(sql, tuple(parameters)).fetchall())


def _is_current(path: Path) -> bool:
    head = quick_head()
    return head is not None and path.exists() and current_revision(path) == head


class StartupReader:
    """Reads a current database file without the store; `open` says whether it may."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._home: dict[str, list[PosterRow]] | None = None
        self._sources: list[SourceView] | None = None
        self._libraries: list[LibraryView] | None = None

    @classmethod
    async def open(cls, path: Path) -> StartupReader | None:
        """A reader when the file exists at this build's schema, else None (store first)."""
        return cls(path) if await asyncio.to_thread(_is_current, path) else None

    def read_ahead(self) -> None:
        """Read Home's rows and the sources now (blocking); the first call of each is served."""

        def read(c: Connection) -> None:
            self._home = browse.home_rows(c, HOME_LIMIT)
            self._sources = source_reads.list_sources(c)
            self._libraries = libraries.list_libraries(c)

        self._read_now(read)

    async def home_rows(
        self, limit: int = HOME_LIMIT, source_id: int | None = None
    ) -> dict[str, list[PosterRow]]:
        """Continue watching, next up and recently added, as DataService.home_rows."""
        ahead, self._home = self._home, None
        if ahead is not None and limit == HOME_LIMIT and source_id is None:
            return ahead  # read ahead for every source, as Home starts
        return await self._read(lambda c: browse.home_rows(c, limit, source_id))

    async def list_sources(self) -> list[SourceView]:
        """Every source with its item count, as DataService.list_sources."""
        ahead, self._sources = self._sources, None
        return ahead if ahead is not None else await self._read(source_reads.list_sources)

    async def list_libraries(self, source_id: int | None = None) -> list[LibraryView]:
        """The libraries of one source or of all, as DataService.list_libraries."""
        ahead, self._libraries = self._libraries, None
        if ahead is not None and source_id is None:
            return ahead
        return await self._read(lambda c: libraries.list_libraries(c, source_id))

    async def _read(self, work: Callable[[Connection], T]) -> T:
        return await asyncio.to_thread(self._read_now, work)

    def _read_now(self, work: Callable[[Connection], T]) -> T:
        # mode=rw: never create a file; one transaction so the reads agree with each other.
        uri = f"{self.path.as_uri()}?mode=rw"
        with contextlib.closing(sqlite3.connect(uri, uri=True, isolation_level=None)) as conn:
            conn.execute("BEGIN")
            try:
                # The repositories call exec_driver_sql only, which RawConnection answers.
                return work(cast("Connection", RawConnection(conn)))
            finally:
                conn.execute("ROLLBACK")


def read_ahead(path: Path) -> Future[StartupReader | None]:
    """Check the file and read the first frame's rows in a thread, starting now.

    The window calls this before it loads its QML: SQLite runs without the GIL, so the
    reads overlap the QML compilation instead of following it.
    """
    future: Future[StartupReader | None] = Future()

    def run() -> None:
        try:
            reader = StartupReader(path) if _is_current(path) else None
            if reader is not None:
                reader.read_ahead()
        except BaseException as error:  # handed to whoever awaits the future
            future.set_exception(error)
        else:
            future.set_result(reader)

    threading.Thread(target=run, name="reel-startup-reads", daemon=True).start()
    return future
