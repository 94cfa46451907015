"""search: prefix queries as typed, over the stored library vs a bare FTS5 table."""

from __future__ import annotations

import contextlib
import random
import sqlite3
import statistics
import time
from pathlib import Path

from bench.report import emit
from bench.synthetic import Library
from reel_qt.store.database import Database
from reel_qt.store.search import search_items, to_match_expression, words

QUERIES = 1_000


def _queries(library: Library, seed: int = 7) -> list[str]:
    rng = random.Random(seed)
    records = library.movies + library.shows
    found: list[str] = []
    while len(found) < QUERIES:
        record = rng.choice(records)
        source = rng.choice([record.title, *(p.name for p in record.people)])
        candidates = [w for w in words(source) if len(w) >= 2]
        if candidates:
            word = rng.choice(candidates)
            found.append(word[: rng.randint(2, min(6, len(word)))].lower())
    return found


def _percentile(values: list[float], q: float) -> float:
    return statistics.quantiles(values, n=100)[int(q) - 1]


def _floor(folder: Path, library: Library, queries: list[str]) -> list[float]:
    path = folder / "bare_fts.sqlite3"
    with contextlib.closing(sqlite3.connect(path, isolation_level=None)) as conn:
        conn.execute(
            "CREATE VIRTUAL TABLE bare USING fts5(title, original_title, overview, genres, people, "
            "tokenize = 'unicode61 remove_diacritics 2', prefix = '2 3')"
        )
        conn.execute("BEGIN")
        conn.executemany(
            "INSERT INTO bare VALUES (?, ?, ?, ?, ?)",
            [
                (
                    r.title,
                    r.original_title or "",
                    r.overview or "",
                    " ".join(r.genres),
                    " ".join(p.name for p in r.people),
                )
                for r in library.movies + library.shows
            ],
        )
        conn.execute("COMMIT")
        timings = []
        for query in queries:
            expression = to_match_expression(query)
            started = time.perf_counter()
            conn.execute(
                "SELECT rowid FROM bare WHERE bare MATCH ? ORDER BY rank LIMIT 50", (expression,)
            ).fetchall()
            timings.append((time.perf_counter() - started) * 1000)
        return timings


def main(folder: Path, library: Library, database_path: Path) -> None:
    """Print p50/p95/p99 of search latency against the bare-table floor."""
    queries = _queries(library)
    floor = _floor(folder, library, queries)
    database = Database(database_path)
    timings = []
    with database.reading() as conn:
        for query in queries:
            started = time.perf_counter()
            search_items(conn, query, limit=50)
            timings.append((time.perf_counter() - started) * 1000)
    database.close()
    for q in (50, 95, 99):
        emit(
            "search",
            f"p{q}_ms",
            _percentile(timings, q),
            "ms",
            _percentile(floor, q),
            lower_is_better=True,
        )
