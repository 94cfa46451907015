"""The page parsing process: same records as parsing in-process, errors in words, no loss."""

from __future__ import annotations

import json
import os
import signal
from collections.abc import Iterator

import pytest

from reel_qt.backends.jellyfin import parsers
from reel_qt.backends.page_parsing import PROCESS_THRESHOLD_BYTES, PageParser
from reel_qt.core.errors import InvalidResponseError
from reel_qt.core.prepared import PreparedRows
from reel_qt.core.records import ItemType


def _big_page(count: int = 600) -> bytes:
    """A Jellyfin `/Items` page of movies, past the size that goes to the worker."""
    items = [
        {
            "Id": f"m{n:05d}",
            "Name": f"Movie number {n}",
            "Type": "Movie",
            "ProductionYear": 1950 + n % 70,
            "RunTimeTicks": (90 + n % 60) * 60 * 10_000_000,
            "Overview": "A long story about a great many things. " * 4,
            "Genres": ["Drama", "Comedy"],
            "People": [{"Name": f"Actor {n % 97}", "Id": f"p{n % 97}", "Type": "Actor"}],
            "UserData": {"Played": n % 3 == 0, "PlaybackPositionTicks": n * 10_000_000},
        }
        for n in range(count)
    ]
    body = json.dumps({"Items": items, "TotalRecordCount": 10_000}).encode()
    assert len(body) >= PROCESS_THRESHOLD_BYTES
    return body


@pytest.fixture
def parser() -> Iterator[PageParser]:
    made = PageParser()
    yield made
    made.close()


def _worker_pid(parser: PageParser) -> int:
    worker = parser._worker  # the test looks inside to prove a process did the work
    assert worker is not None and worker.poll() is None
    return worker.pid


async def test_a_big_page_parsed_in_the_worker_equals_parsing_here(parser: PageParser) -> None:
    body = _big_page()
    page = await parser.parse(parsers.media_page, body, "items 0–600 of “Films”")
    assert _worker_pid(parser) != os.getpid()
    here = parsers.media_page(body, "here")
    assert page == here.shipped()
    # What the worker leaves out of the records, the prepared rows carry.
    assert page.prepared == PreparedRows.of(here.records)
    assert here.records[0].people and not page.records[0].people
    assert (page.sent, page.total, len(page.records)) == (600, 10_000, 600)
    assert page.records[7].title == "Movie number 7"
    assert page.records[7].type is ItemType.MOVIE
    assert page.records[3].user is not None and page.records[3].user.watched


async def test_a_malformed_big_page_fails_with_words_from_the_worker(parser: PageParser) -> None:
    body = _big_page()[:-3]  # truncated mid-object
    with pytest.raises(InvalidResponseError, match="items 0–600 of “Films”"):
        await parser.parse(parsers.media_page, body, "items 0–600 of “Films”")
    # The worker is still there for the next page.
    pid = _worker_pid(parser)
    await parser.parse(parsers.media_page, _big_page(), "next")
    assert _worker_pid(parser) == pid


async def test_a_worker_gone_between_pages_is_restarted(parser: PageParser) -> None:
    body = _big_page()
    await parser.parse(parsers.media_page, body, "first")
    first = _worker_pid(parser)
    os.kill(first, signal.SIGKILL)
    assert parser._worker is not None
    parser._worker.wait()

    page = await parser.parse(parsers.media_page, body, "second")
    assert len(page.records) == 600
    assert _worker_pid(parser) != first


@pytest.mark.expect_log_warnings
async def test_a_worker_dying_mid_page_costs_nothing(
    parser: PageParser, caplog: pytest.LogCaptureFixture
) -> None:
    body = _big_page()
    await parser.parse(parsers.media_page, body, "first")
    worker = parser._worker
    assert worker is not None
    first = worker.pid
    os.kill(first, signal.SIGKILL)
    worker.wait()
    # Seen as alive, as a worker that dies while the page is on its way would be.
    worker.poll = lambda: None  # type: ignore[method-assign]

    page = await parser.parse(parsers.media_page, body, "second")
    assert len(page.records) == 600  # parsed here instead, nothing lost
    assert "page parsing process failed" in caplog.text
    assert parser._worker is None

    await parser.parse(parsers.media_page, body, "third")
    assert _worker_pid(parser) != first


async def test_small_pages_stay_in_process_and_close_ends_the_worker(parser: PageParser) -> None:
    small = json.dumps({"Items": [{"Id": "a", "Name": "A", "Type": "Movie"}]}).encode()
    page = await parser.parse(parsers.media_page, small, "one item")
    assert [r.title for r in page.records] == ["A"]
    assert parser._worker is None

    await parser.parse(parsers.media_page, _big_page(), "big")
    worker = parser._worker
    assert worker is not None
    parser.close()
    assert worker.poll() == 0
