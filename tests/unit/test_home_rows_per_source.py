"""Home's rows of one source: the store and the start-up reader filter them alike, in SQL."""

from __future__ import annotations

from reel_qt.core.paths import DataPaths
from reel_qt.core.records import UserState
from reel_qt.store.service import DataService
from reel_qt.store.startup_reads import StartupReader
from reel_qt.store.views import PosterRow
from tests.factories import MOVIES, SHOWS, movie, show_tree

START = 1_700_000_000_000


async def _source(service: DataService, name: str, films: list[str], show: str) -> int:
    """A source with films (each started) and a show whose first episode is watched."""
    source = await service.add_source(type="jellyfin", name=name, url="http://127.0.0.1:9")
    movies, shows = (await service.replace_libraries(source.id, [MOVIES, SHOWS])).created
    started = UserState(position_ms=60_000, last_played_at=START)
    records = [
        movie(f"{name}{n}", title, added_at=START + n, user=started)
        for n, title in enumerate(films)
    ]
    await service.upsert_items(source.id, movies, records)
    await service.upsert_items(source.id, shows, show_tree(name, show, 1, 3))
    return source.id


def _titles(rows: dict[str, list[PosterRow]]) -> dict[str, set[str]]:
    return {
        name: {f"{r.show_title} {r.title}" if r.type == "episode" else r.title for r in row}
        for name, row in rows.items()
    }


async def test_rows_of_one_source_hold_only_its_items(
    service: DataService, data_paths: DataPaths
) -> None:
    den = await _source(service, "den", ["Alien", "Brazil"], "Fargo")
    loft = await _source(service, "loft", ["Casablanca"], "Lost")
    reader = await StartupReader.open(data_paths.database)
    assert reader is not None

    expected = {
        den: {
            "continue": {"Alien", "Brazil", "Fargo Episode 2", "Fargo Episode 3"},
            "next": {"Fargo Episode 2"},
            "recent": {"Alien", "Brazil"},  # the shows carry no date added
        },
        loft: {
            "continue": {"Casablanca", "Lost Episode 2", "Lost Episode 3"},
            "next": {"Lost Episode 2"},
            "recent": {"Casablanca"},
        },
    }
    for source_id, rows in expected.items():
        assert _titles(await service.home_rows(source_id=source_id)) == rows
        assert _titles(await reader.home_rows(source_id=source_id)) == rows
    every = _titles(await service.home_rows())
    assert every == {key: expected[den][key] | expected[loft][key] for key in every}
    assert await service.home_rows(source_id=loft + 1) == {"continue": [], "next": [], "recent": []}
