"""Property tests: for any query, search returns exactly what a plain reference finds."""

from __future__ import annotations

import random
import re
import tempfile
import unicodedata
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reel_qt.core.records import CreditKind, ItemType, MediaRecord, PersonCredit
from reel_qt.store.database import Database
from reel_qt.store.migrations import upgrade_database
from reel_qt.store.repositories import libraries, media, search_index, sources
from reel_qt.store.search import search_items
from tests.factories import MOVIES

LETTERS = "abcdeimnorstuzABCDEZéèüñåçöÉÖ0129"
OPERATORS = ['"', "'", "(", ")", "*", "^", ":", "-", "+", "{", "}", "[", "]", ",", ".", " "]
KEYWORDS = ["NEAR", "AND", "OR", "NOT", "near", "and"]


def _fold(word: str) -> str:
    decomposed = unicodedata.normalize("NFKD", word.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def _tokens(text: str) -> list[str]:
    # Independent of the module under test: a regex over letters and digits.
    return [_fold(t) for t in re.findall(r"[^\W_]+", text)]


def _expected(docs: dict[int, str], query: str) -> set[int]:
    terms = _tokens(query)[:16]
    if not terms:
        return set()
    return {
        item_id
        for item_id, text in docs.items()
        if all(any(tok.startswith(term) for tok in _tokens(text)) for term in terms)
    }


def _random_text(rng: random.Random, words: int) -> str:
    return " ".join(
        "".join(rng.choice(LETTERS) for _ in range(rng.randint(1, 6))) for _ in range(words)
    )


@pytest.fixture(scope="module")
def library() -> Iterator[tuple[Database, dict[int, str]]]:
    """A migrated DB with 60 items of random text, and each item's indexed text."""
    rng = random.Random(20261124)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "reel.sqlite3"
        upgrade_database(path, Path(folder) / "backups")
        db = Database(path)
        records = [
            MediaRecord(
                remote_id=str(i),
                type=ItemType.MOVIE,
                title=_random_text(rng, 3),
                original_title=_random_text(rng, 2) if i % 3 == 0 else None,
                overview=_random_text(rng, 8),
                genres=(_random_text(rng, 1),),
                people=(PersonCredit(name=_random_text(rng, 2), kind=CreditKind.ACTOR),),
            )
            for i in range(60)
        ]

        def fill(conn: object) -> dict[str, int]:
            source_id = sources.insert_source(
                conn,
                type="local",
                name="x",
                url=None,
                config={},
                credential_ref=None,
                now=0,  # type: ignore[arg-type]
            )
            changes = libraries.replace_libraries(conn, source_id, [MOVIES], 0)  # type: ignore[arg-type]
            media.upsert_batch(conn, source_id, changes.created[0], records, 0)  # type: ignore[arg-type]
            # The repositories only queue items for search; the indexer makes them findable.
            while search_index.index_queued(conn):  # type: ignore[arg-type]
                pass
            return media.ids_by_remote(conn, source_id, [r.remote_id for r in records])  # type: ignore[arg-type]

        ids = db.write_sync(fill)
        docs = {
            ids[r.remote_id]: " ".join(
                [
                    r.title,
                    r.original_title or "",
                    r.overview or "",
                    *r.genres,
                    *(p.name for p in r.people),
                ]
            )
            for r in records
        }
        yield db, docs
        db.close()


QUERY = st.lists(
    st.one_of(
        st.text(alphabet=LETTERS, min_size=1, max_size=4),
        st.sampled_from(OPERATORS),
        st.sampled_from(KEYWORDS),
    ),
    max_size=6,
).map(" ".join)


@settings(
    max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(query=QUERY)
def test_results_equal_the_reference(library: tuple[Database, dict[int, str]], query: str) -> None:
    db, docs = library
    hits = db.read_sync(lambda c: search_items(c, query, limit=500))
    assert {h.id for h in hits} == _expected(docs, query)


@settings(
    max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(query=st.text(max_size=200))
def test_any_text_is_safe(library: tuple[Database, dict[int, str]], query: str) -> None:
    db, docs = library
    hits = db.read_sync(lambda c: search_items(c, query, limit=500))
    assert {h.id for h in hits} <= set(docs)
    assert [h.rank for h in hits] == sorted(h.rank for h in hits)
