"""Parsing big listing pages in a worker process, so a sync uses a second core.

A full sync is CPU-bound: decoding a page of a thousand items and turning it into
records costs about as much as writing them. In one interpreter the two share the GIL,
and the writer, which lets the GIL go for every row SQLite steps, waits behind the
parser again and again (the convoy effect), so a thread bought no parallelism. A worker
process (`page_worker`) does the decoding, the record building and what the store writes
for each record besides its row (`core.prepared`), and sends them back as MessagePack,
which the app decodes in a fifth of the time.

The worker is a plain subprocess talking over its stdin and stdout, driven from a thread:
not multiprocessing, whose spawn would re-import the app's main module (Qt and all)
in the worker, and not asyncio subprocesses, which Qt's event loop does not provide.
Small pages (an incremental sync's few changes) are parsed on a thread instead: they
would not repay the trip. A worker that dies or cannot start is replaced next time; its
page is parsed on a thread, so a sync never fails because of the worker.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import subprocess
import sys
import threading
from collections.abc import Callable
from pathlib import Path

import msgspec

from reel_qt.backends import page_worker
from reel_qt.core.errors import InvalidResponseError
from reel_qt.core.prepared import PreparedRows
from reel_qt.core.records import MediaRecord

log = logging.getLogger("reel.backends")

#: Pages at least this big go to the worker process (a Jellyfin page of a thousand movies
#: is about 5 MB, a Plex batch of two hundred about 400 KB; a page of twenty changed items
#: is a few kilobytes).
PROCESS_THRESHOLD_BYTES = 128 * 1024


class ParsedPage(msgspec.Struct, frozen=True, kw_only=True, gc=False):
    """A listing page as records, prepared for the store (`PreparedRows`), and its counts."""

    records: list[MediaRecord]
    prepared: PreparedRows
    sent: int  # items the server sent (records may be fewer: types Reel skips)
    total: int | None  # the server's total for the whole listing, when it says

    @classmethod
    def of(cls, records: list[MediaRecord], sent: int, total: int | None) -> ParsedPage:
        """A page of these records, prepared here (in the worker, if any)."""
        return cls(records=records, prepared=PreparedRows.of(records), sent=sent, total=total)

    def shipped(self) -> ParsedPage:
        """This page as the worker sends it: records without what `prepared` carries.

        A record's people, tracks, versions and markers are most of its objects; the app
        would decode them only for the store to use the prepared rows instead (a page of
        600 Plex items decodes in 0.5 ms instead of 4, with the GIL held throughout).
        Markers stay `()` or None, which tells the store whether to replace them.
        """
        return ParsedPage(
            records=[_hollow(r) for r in self.records],
            prepared=self.prepared,
            sent=self.sent,
            total=self.total,
        )


def _hollow(record: MediaRecord) -> MediaRecord:
    return msgspec.structs.replace(
        record,
        people=(),
        streams=(),
        versions=(),
        markers=None if record.markers is None else (),
    )


#: A module-level function (so a worker process can import it) from a reply body and a
#: description of it ("items 0–1000 of “Films”") to the parsed page.
PageParse = Callable[[bytes, str], ParsedPage]

_DECODER = msgspec.msgpack.Decoder(ParsedPage)
_REQUEST = msgspec.msgpack.Encoder()
_SOURCE_ROOT = str(Path(__file__).resolve().parents[2])  # the folder holding reel_qt


class _WorkerGone(Exception):
    """The worker process could not be started or stopped answering."""


class PageParser:
    """Parses listing pages: big ones in a worker process, small ones on a thread."""

    def __init__(
        self, *, use_process: bool = True, threshold_bytes: int = PROCESS_THRESHOLD_BYTES
    ) -> None:
        self._use_process = use_process
        self._threshold = threshold_bytes
        self._worker: subprocess.Popen[bytes] | None = None
        self._lock = threading.Lock()  # one request at a time on the worker's pipes

    async def parse(self, parse: PageParse, body: bytes, what: str) -> ParsedPage:
        """The parsed page; the caller's loop keeps running meanwhile.

        Raises:
            InvalidResponseError: the body is not the documented shape (from `parse`).
        """
        if not self._use_process or len(body) < self._threshold:
            return await asyncio.to_thread(parse, body, what)
        try:
            return await asyncio.to_thread(self._in_worker, parse, body, what)
        except _WorkerGone as error:
            log.warning("the page parsing process failed (%s); parsing %s here", error, what)
            return await asyncio.to_thread(parse, body, what)

    def _in_worker(self, parse: PageParse, body: bytes, what: str) -> ParsedPage:
        name = f"{parse.__module__}:{parse.__qualname__}"
        request = _REQUEST.encode((name, what, body))
        with self._lock:
            worker = self._running()
            assert worker.stdin is not None and worker.stdout is not None
            try:
                page_worker.write_frame(worker.stdin, request)
                reply = page_worker.read_frame(worker.stdout)
            except OSError as error:
                self._stop()
                raise _WorkerGone(str(error)) from error
            if reply is None:
                self._stop()
                raise _WorkerGone(f"it ended with code {worker.poll()}")
        if reply[:1] == page_worker.PARSED:
            return _DECODER.decode(reply[1:])
        kind, message = msgspec.msgpack.decode(reply[1:], type=tuple[str, str])
        if kind == page_worker.INVALID_RESPONSE:
            raise InvalidResponseError(message)
        raise _WorkerGone(f"{kind}: {message}")

    def _running(self) -> subprocess.Popen[bytes]:
        """The worker process, started on first use (call with the lock held)."""
        if self._worker is not None and self._worker.poll() is None:
            return self._worker
        env = dict(os.environ)
        env["PYTHONPATH"] = os.pathsep.join(filter(None, [_SOURCE_ROOT, env.get("PYTHONPATH")]))
        try:
            self._worker = subprocess.Popen(
                [sys.executable, "-m", "reel_qt.backends.page_worker"],
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                env=env,
            )
        except OSError as error:
            raise _WorkerGone(f"it could not start: {error}") from error
        return self._worker

    def _stop(self) -> None:
        """End the worker (call with the lock held): closing stdin lets it finish."""
        worker, self._worker = self._worker, None
        if worker is None:
            return
        for stream in (worker.stdin, worker.stdout):
            if stream is not None:
                # Closing flushes what is buffered, which fails if the worker is dead.
                with contextlib.suppress(OSError):
                    stream.close()
        try:
            worker.wait(timeout=5)
        except subprocess.TimeoutExpired:
            worker.kill()
            worker.wait()

    def close(self) -> None:
        """Stop the worker process, if one was started (blocking until it has exited)."""
        with self._lock:
            self._stop()
