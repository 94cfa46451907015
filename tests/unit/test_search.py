"""Search finds what people mean and survives whatever they type."""

from __future__ import annotations

import pytest

from reel_qt.core.records import CreditKind, ItemType, MediaRecord, PersonCredit
from reel_qt.store.search import MAX_RANKED, to_match_expression
from reel_qt.store.service import DataService
from tests.factories import MOVIES, movie

HOSTILE = [
    '"',
    '""',
    "'",
    "(",
    ")",
    "*",
    "NEAR",
    "NEAR(a b)",
    "title:matrix",
    "a OR b",
    "NOT",
    "-x",
    "^x",
    "AND",
    "\\",
    "%",
    "_",
    "{title}: x",
    "matrix*",
    '"unterminated',
    "x" * 10_000,
    "🎬🍿",
    "\x00",
    "\u202e",
    "  ",
    "",
]


async def _library(service: DataService) -> dict[str, int]:
    source = await service.add_source(type="jellyfin", name="Home")
    library_id = (await service.replace_libraries(source.id, [MOVIES])).created[0]
    records = [
        movie("1", "The Matrix", overview="A hacker learns the truth.", genres=("Action",)),
        movie(
            "2",
            "Amélie",
            original_title="Le Fabuleux Destin d'Amélie Poulain",
            overview="A shy waitress in Montmartre.",
            genres=("Romance",),
            people=(PersonCredit(name="Audrey Tautou", kind=CreditKind.ACTOR, role="Amélie"),),
        ),
        movie(
            "3",
            "Big Little Lies",
            overview="Matrix of lies in a small town.",
            genres=("Drama",),
            people=(PersonCredit(name="Zoë Kravitz", kind=CreditKind.ACTOR),),
        ),
        movie("4", "Zoe", overview="A love story.", genres=("Science Fiction",), people=()),
        MediaRecord(remote_id="5", type=ItemType.SHOW, title="Matrix Files", year=2001),
    ]
    await service.upsert_items(source.id, library_id, records)
    return {r.title: item.id for r in records for item in await service.search(r.title, limit=1)}


async def _titles(service: DataService, query: str) -> list[str]:
    return [hit.title for hit in await service.search(query, limit=50)]


async def test_diacritics_and_case_do_not_matter(service: DataService) -> None:
    await _library(service)
    assert await _titles(service, "amelie") == ["Amélie"]
    assert await _titles(service, "AMÉLIE") == ["Amélie"]
    assert set(await _titles(service, "zoe")) == {"Zoe", "Big Little Lies"}
    assert set(await _titles(service, "Zoë")) == {"Zoe", "Big Little Lies"}


async def test_prefixes_people_genres_and_original_titles(service: DataService) -> None:
    await _library(service)
    assert "The Matrix" in await _titles(service, "mat")
    assert await _titles(service, "taut") == ["Amélie"]
    assert await _titles(service, "scien fict") == ["Zoe"]
    assert await _titles(service, "fabuleux") == ["Amélie"]
    assert await _titles(service, "montmartre shy") == ["Amélie"]
    assert await _titles(service, "montmartre matrix") == []


async def test_title_matches_rank_above_overview_matches(service: DataService) -> None:
    await _library(service)
    titles = await _titles(service, "matrix")
    assert set(titles) == {"The Matrix", "Matrix Files", "Big Little Lies"}
    assert titles[-1] == "Big Little Lies"


async def test_updates_and_deletes_reach_the_index(service: DataService) -> None:
    await _library(service)
    source = (await service.list_sources())[0]
    library_id = (await service.list_libraries(source.id))[0].id
    await service.upsert_items(source.id, library_id, [movie("1", "Heat")])
    assert "The Matrix" not in await _titles(service, "matrix")
    assert await _titles(service, "heat") == ["Heat"]
    heat = (await service.search("heat"))[0].id
    await service.delete_items([heat])
    assert await _titles(service, "heat") == []


@pytest.mark.parametrize("text", HOSTILE)
async def test_hostile_input_never_raises(service: DataService, text: str) -> None:
    await _library(service)
    hits = await service.search(text, limit=50)
    assert all(hit.title for hit in hits)


async def test_operators_are_plain_words(service: DataService) -> None:
    await _library(service)
    # "title:matrix" is the words "title" and "matrix", not a column filter.
    assert await _titles(service, "title:matrix") == []
    assert await _titles(service, "(matrix)") == await _titles(service, "matrix")
    assert await _titles(service, 'matrix" OR "zoe') == []
    assert await _titles(service, "NOT matrix") == []


def test_match_expression_shape() -> None:
    assert to_match_expression("  ") is None
    assert to_match_expression("*()") is None
    assert to_match_expression('The "Matrix"') == '"The"* "Matrix"*'
    assert to_match_expression("a_b-c") == '"a"* "b"* "c"*'
    assert len((to_match_expression("w " * 100) or "").split()) == 16


async def test_limit_is_respected(service: DataService) -> None:
    await _library(service)
    assert len(await service.search("a", limit=1)) == 1


async def test_broad_prefixes_stay_bounded_and_selective_queries_exact(
    service: DataService,
) -> None:
    source = await service.add_source(type="jellyfin", name="Big")
    library_id = (await service.replace_libraries(source.id, [MOVIES])).created[0]
    count = MAX_RANKED + 500
    records = [movie(f"c{i}", f"Common Story {i}", people=(), overview="") for i in range(count)]
    records.append(movie("special", "Common Special", people=(), overview=""))
    for start in range(0, len(records), 1000):
        await service.upsert_items(source.id, library_id, records[start : start + 1000])

    broad = await service.search("com", limit=50)
    assert len(broad) == 50
    assert all(hit.title.startswith("Common") for hit in broad)
    assert [h.rank for h in broad] == sorted(h.rank for h in broad)
    assert [hit.title for hit in await service.search("common spec")] == ["Common Special"]
    # Items run 0..2499: "25" prefixes 25 and 250..259 only.
    assert len(await service.search("story 25", limit=500)) == 11
    assert [h.type for h in await service.search("common", limit=5)] == ["movie"] * 5
