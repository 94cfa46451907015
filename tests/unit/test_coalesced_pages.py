"""Pages queued behind a busy writer are written as one batch, in order, losing nothing."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator

import pytest

from reel_qt.backends.base import ItemPage
from reel_qt.core.prepared import PreparedRows
from reel_qt.sync.manager import _coalesced
from tests.factories import movie


def _page(n: int, size: int = 10) -> ItemPage:
    records = [movie(f"m{n}-{i}", f"Movie {n}.{i}") for i in range(size)]
    prepared = PreparedRows.of(records)
    return ItemPage(records=records, total=100, cursor=f"after-{n}", prepared=prepared)


async def _pages(
    count: int, fail_after: int | None = None, fetch_s: float = 0.0
) -> AsyncIterator[ItemPage]:
    for n in range(count):
        await asyncio.sleep(fetch_s)
        if n == fail_after:
            raise ConnectionError("the server went away")
        yield _page(n)


async def test_pages_that_arrive_while_the_writer_works_are_merged() -> None:
    batches = []
    async for batch in _coalesced(_pages(6), max_records=25):
        batches.append(batch)
        await asyncio.sleep(0.01)  # a slow writer: the next pages queue up meanwhile
    records = [r.remote_id for b in batches for r in b.records]
    assert records == [f"m{n}-{i}" for n in range(6) for i in range(10)]  # all, in order
    assert all(len(b.records) <= 30 for b in batches)  # merged up to the limit, no further
    assert len(batches) < 6
    assert [b.cursor for b in batches][-1] == "after-5"
    for b in batches:  # each batch ends where its last page ended, prepared rows in step
        assert b.cursor == f"after-{int(b.records[-1].remote_id[1:].split('-')[0])}"
        assert b.prepared == PreparedRows.of(b.records)


async def test_a_failure_comes_after_the_pages_before_it() -> None:
    written: list[str] = []

    async def write_all() -> None:
        async for batch in _coalesced(_pages(5, fail_after=3), max_records=1_000):
            written.extend(r.remote_id for r in batch.records)
            await asyncio.sleep(0.01)

    with pytest.raises(ConnectionError, match="went away"):
        await write_all()
    assert written == [f"m{n}-{i}" for n in range(3) for i in range(10)]


async def test_a_writer_faster_than_the_server_gets_the_pages_one_by_one() -> None:
    pages = _pages(4, fetch_s=0.01)
    cursors = [b.cursor async for b in _coalesced(pages, max_records=1_000)]
    assert cursors == ["after-0", "after-1", "after-2", "after-3"]
