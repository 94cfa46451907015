"""The SQLite engine: pragmas, transactions, and running DB work off the UI thread."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import sqlite3
import threading
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path
from typing import Any, TypeVar

from sqlalchemy import Connection, Engine, create_engine, event
from sqlalchemy.pool import QueuePool

T = TypeVar("T")
log = logging.getLogger("reel.store.database")

BUSY_TIMEOUT_MS = 10_000
# Background work starts only once the writer has had no write for this long, so a sync
# that writes page after page is never slowed by it; a write arriving cuts the wait short.
IDLE_DELAY_S = 0.05

IdleWork = Callable[[Connection], bool]


def _configure_sqlite(dbapi_connection: sqlite3.Connection, *, writer: bool) -> None:
    """Apply the pragmas every connection needs and take over transaction control."""
    # Autocommit at the driver level: SQLAlchemy's begin event emits BEGIN itself, so
    # DDL and DML share real transactions (pysqlite's own handling skips DDL).
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA temp_store=MEMORY")
    if writer:
        # Bulk sync touches many index pages: a bigger cache and fewer WAL checkpoints
        # (every ~40 MB instead of 4 MB) made full syncs ~18% faster in bench/. 32 MB, not
        # 64: with the page parsing process the full sync's peak memory (both processes)
        # went from ~357 MB to ~332 MB, for no measurable loss of speed.
        cursor.execute("PRAGMA cache_size=-32768")
        cursor.execute("PRAGMA wal_autocheckpoint=10000")
    cursor.close()


def make_engine(path: Path, *, immediate: bool, pool_size: int = 1) -> Engine:
    """Create an engine on the file; writers begin IMMEDIATE to fail fast on lock contention."""
    engine = create_engine(
        f"sqlite:///{path}",
        poolclass=QueuePool,
        pool_size=pool_size,
        max_overflow=0,
        connect_args={"check_same_thread": False, "timeout": BUSY_TIMEOUT_MS / 1000},
    )
    begin_sql = "BEGIN IMMEDIATE" if immediate else "BEGIN"

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: sqlite3.Connection, _record: Any) -> None:
        _configure_sqlite(dbapi_connection, writer=immediate)

    @event.listens_for(engine, "begin")
    def _on_begin(connection: Connection) -> None:
        connection.exec_driver_sql(begin_sql)

    return engine


class Database:
    """One SQLite file: a single writer thread and a small pool of reader threads.

    Every write runs in one transaction on the writer thread, so writes are serialised
    and never block the asyncio (UI) thread; reads run concurrently thanks to WAL.
    Deferrable upkeep (the search indexer) runs on the writer thread too, but only while
    no write is waiting, one bounded transaction at a time.
    """

    def __init__(self, path: Path, *, readers: int = 2) -> None:
        self.path = path
        self._write_engine = make_engine(path, immediate=True, pool_size=1)
        self._read_engine = make_engine(path, immediate=False, pool_size=readers)
        self._writer = ThreadPoolExecutor(max_workers=1, thread_name_prefix="reel-db-write")
        self._readers = ThreadPoolExecutor(max_workers=readers, thread_name_prefix="reel-db-read")
        self._idle_work: IdleWork | None = None
        self._lock = threading.Lock()
        self._writes_waiting = 0  # submitted writes not finished yet
        self._idle_due = False  # the idle work may have something to do
        self._idle_scheduled = False
        self._closing = False
        self._paused = 0  # holders of pause_idle_work (a sync writing batch after batch)
        self._write_arrived = threading.Event()

    @contextlib.contextmanager
    def transaction(self) -> Iterator[Connection]:
        """Yield a connection inside one write transaction (blocking; not for the UI thread)."""
        with self._write_engine.begin() as connection:
            yield connection

    @contextlib.contextmanager
    def reading(self) -> Iterator[Connection]:
        """Yield a connection for consistent reads (blocking; not for the UI thread)."""
        with self._read_engine.begin() as connection:
            yield connection

    def write_sync(self, work: Callable[[Connection], T]) -> T:
        """Run work in one write transaction on the calling thread."""
        with self.transaction() as connection:
            return work(connection)

    def read_sync(self, work: Callable[[Connection], T]) -> T:
        """Run read-only work on the calling thread."""
        with self.reading() as connection:
            return work(connection)

    async def write(
        self, work: Callable[[Connection], T], *, then: Callable[[T], object] | None = None
    ) -> T:
        """Run work in one write transaction on the writer thread; commit before returning.

        `then` runs on the writer thread right after the commit, before any other write (it
        keeps the writer's caches true); it does not run when the transaction fails.
        """
        return await asyncio.wrap_future(self._submit_write(self._write_then, work, then))

    def _write_then(self, work: Callable[[Connection], T], then: Callable[[T], object] | None) -> T:
        result = self.write_sync(work)
        if then is not None:
            then(result)
        return result

    async def read(self, work: Callable[[Connection], T]) -> T:
        """Run read-only work on a reader thread."""
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(self._readers, self.read_sync, work)

    # idle work

    def set_idle_work(self, work: IdleWork) -> None:
        """Run work when the writer is idle, one transaction a call, while it returns True."""
        self._idle_work = work
        self.request_idle_work()

    def request_idle_work(self) -> None:
        """Note that the idle work has something to do; it starts once the writer is idle."""
        with self._lock:
            self._idle_due = True
            self._schedule_idle()

    def pause_idle_work(self) -> None:
        """Hold the idle work back until resume_idle_work (calls nest).

        A sync leaves gaps between its batches while it fetches the next page; indexing
        in those gaps would make every next batch wait for a long indexing transaction.
        """
        with self._lock:
            self._paused += 1

    def resume_idle_work(self) -> None:
        """Let the idle work run again once nothing holds it back."""
        with self._lock:
            self._paused -= 1
            self._schedule_idle()

    async def finish_idle_work(self) -> None:
        """Run the pending idle work to the end now, after the writes already submitted."""
        if self._idle_work is not None and self._idle_due:
            await asyncio.wrap_future(self._submit_write(self._drain_idle_work))

    def _submit_write(self, fn: Callable[..., T], *args: Any) -> Future[T]:
        with self._lock:
            self._writes_waiting += 1
        self._write_arrived.set()
        try:
            future = self._writer.submit(fn, *args)
        except BaseException:
            self._write_done()
            raise
        future.add_done_callback(lambda _future: self._write_done())
        return future

    def _write_done(self) -> None:
        with self._lock:
            self._writes_waiting -= 1
            self._schedule_idle()

    def _schedule_idle(self) -> None:
        """Queue one round of idle work if it is due and nothing waits (lock held)."""
        if (
            self._idle_work is None
            or not self._idle_due
            or self._idle_scheduled
            or self._writes_waiting
            or self._closing
            or self._paused
        ):
            return
        self._idle_scheduled = True
        self._write_arrived.clear()
        self._writer.submit(self._idle_round)

    def _idle_round(self) -> None:
        with self._lock:
            self._idle_scheduled = False
        # A sync usually sends its next page right away: give way to it.
        if self._write_arrived.wait(IDLE_DELAY_S):
            return  # the write's completion schedules the next round
        work = self._idle_work
        with self._lock:
            if self._writes_waiting or self._closing or self._paused or work is None:
                return
        try:
            more = self.write_sync(work)
        except Exception:
            log.exception("background database work failed; it will retry after the next write")
            more = False
        with self._lock:
            self._idle_due = more
            self._schedule_idle()

    def _drain_idle_work(self) -> None:
        work = self._idle_work
        while work is not None and self.write_sync(work):
            pass
        with self._lock:
            self._idle_due = False

    def close(self) -> None:
        """Finish pending writes and release every connection (idle work resumes next time)."""
        with self._lock:
            self._closing = True
        self._write_arrived.set()
        self._writer.shutdown(wait=True)
        self._readers.shutdown(wait=True)
        self._write_engine.dispose()
        self._read_engine.dispose()
