"""A deterministic synthetic library: movies, shows, seasons and episodes with people."""

from __future__ import annotations

import random
from dataclasses import dataclass
from typing import Any

from reel_qt.core.records import (
    CreditKind,
    ItemType,
    LibraryKind,
    LibraryRecord,
    MediaRecord,
    PersonCredit,
    StreamRecord,
    StreamType,
    UserState,
)

WORDS = [
    "night",
    "day",
    "river",
    "city",
    "love",
    "war",
    "star",
    "dark",
    "light",
    "house",
    "road",
    "king",
    "queen",
    "ghost",
    "storm",
    "winter",
    "summer",
    "iron",
    "glass",
    "shadow",
    "garden",
    "ocean",
    "fire",
    "silent",
    "secret",
    "last",
    "first",
    "lost",
    "blue",
    "red",
    "golden",
    "broken",
    "hidden",
    "wild",
    "little",
    "great",
    "journey",
    "return",
    "empire",
    "dream",
    "heart",
    "amélie",
    "café",
    "naïve",
    "señor",
    "über",
    "crème",
    "zoë",
    "björk",
    "façade",
]
GIVEN = [
    "anna",
    "ben",
    "chloé",
    "david",
    "elena",
    "françois",
    "greta",
    "hugo",
    "inès",
    "jonas",
    "kira",
    "luca",
    "maría",
    "noah",
]
FAMILY = [
    "smith",
    "müller",
    "garcía",
    "rossi",
    "dubois",
    "kowalski",
    "novák",
    "jensen",
    "silva",
    "tanaka",
    "kim",
]
GENRES = [
    "Action",
    "Adventure",
    "Animation",
    "Comedy",
    "Crime",
    "Documentary",
    "Drama",
    "Family",
    "Fantasy",
    "History",
    "Horror",
    "Music",
    "Mystery",
    "Romance",
    "Science-Fiction",
    "Thriller",
    "War",
    "Western",
    "Sport",
    "Biography",
]
LANGUAGES = ["eng", "fra", "deu", "spa", "ita", "jpn"]

MOVIES = LibraryRecord(remote_id="movies", name="Movies", kind=LibraryKind.MOVIES)
SHOWS = LibraryRecord(remote_id="shows", name="Shows", kind=LibraryKind.SHOWS)


@dataclass(frozen=True)
class Library:
    """The generated records, per library."""

    movies: list[MediaRecord]
    shows: list[MediaRecord]

    @property
    def size(self) -> int:
        """Items in all."""
        return len(self.movies) + len(self.shows)


_SYLLABLES = [
    "ka",
    "ri",
    "mo",
    "ne",
    "sa",
    "tu",
    "la",
    "vi",
    "do",
    "re",
    "mi",
    "fa",
    "so",
    "lu",
    "ban",
    "tor",
    "el",
    "an",
    "ver",
    "gal",
    "cor",
    "mun",
    "dé",
    "ü",
    "ño",
]


def _vocabulary(rng: random.Random, size: int = 8_000) -> tuple[list[str], list[float]]:
    """Pseudo-words with Zipf-like frequencies, like the words of real titles."""
    words = list(WORDS)
    while len(words) < size:
        words.append("".join(rng.choice(_SYLLABLES) for _ in range(rng.randint(1, 4))))
    cumulative, total = [], 0.0
    for rank in range(len(words)):
        total += 1 / (rank + 1)
        cumulative.append(total)
    return words, cumulative


_VOCABULARY = _vocabulary(random.Random(1))


def _words(rng: random.Random, count: int) -> str:
    return " ".join(rng.choices(_VOCABULARY[0], cum_weights=_VOCABULARY[1], k=count))


def _title(rng: random.Random, words: int) -> str:
    return _words(rng, words).title()


def _people(rng: random.Random, pool: list[str], count: int) -> tuple[PersonCredit, ...]:
    names = rng.sample(pool, count)
    director = PersonCredit(name=names[0], kind=CreditKind.DIRECTOR, remote_id=names[0])
    cast = [
        PersonCredit(name=n, kind=CreditKind.ACTOR, role=_title(rng, 1), remote_id=n)
        for n in names[1:]
    ]
    return (director, *cast)


def _streams(rng: random.Random) -> tuple[StreamRecord, ...]:
    audio = rng.sample(LANGUAGES, rng.randint(1, 2))
    subtitles = rng.sample(LANGUAGES, rng.randint(0, 2))
    streams = [StreamRecord(index=0, type=StreamType.VIDEO, codec="hevc", width=1920, height=1080)]
    for language in audio:
        streams.append(
            StreamRecord(
                index=len(streams),
                type=StreamType.AUDIO,
                codec="eac3",
                language=language,
                channels=6,
            )
        )
    for language in subtitles:
        streams.append(
            StreamRecord(
                index=len(streams), type=StreamType.SUBTITLE, codec="srt", language=language
            )
        )
    return tuple(streams)


def _record(rng: random.Random, pool: list[str], people: int, **fields: Any) -> MediaRecord:
    """A record with what every item has: year, overview, genres, people, streams, state."""
    return MediaRecord(
        year=rng.randint(1950, 2026),
        overview=_words(rng, rng.randint(20, 40)).capitalize(),
        genres=tuple(rng.sample(GENRES, rng.randint(1, 3))),
        rating=round(rng.uniform(3, 9.5), 1),
        added_at=1_600_000_000_000 + rng.randint(0, 10**11),
        people=_people(rng, pool, people) if people else (),
        streams=_streams(rng),
        user=UserState(position_ms=rng.randint(0, 5_000_000)) if rng.random() < 0.2 else None,
        **fields,
    )


def build(scale: float = 1.0, seed: int = 20261124) -> Library:
    """50k movies (6 people each), 5k shows x 4 seasons x 5 episodes (2 people), seeded."""
    rng = random.Random(seed)
    pool = [f"{rng.choice(GIVEN).title()} {rng.choice(FAMILY).title()} {i}" for i in range(20_000)]
    movies = [
        _record(
            rng,
            pool,
            6,
            remote_id=f"m{i}",
            type=ItemType.MOVIE,
            title=_title(rng, rng.randint(1, 4)),
            duration_ms=rng.randint(80, 180) * 60_000,
        )
        for i in range(int(50_000 * scale))
    ]
    shows: list[MediaRecord] = []
    for s in range(int(5_000 * scale)):
        show_id = f"s{s}"
        shows.append(
            _record(rng, pool, 6, remote_id=show_id, type=ItemType.SHOW, title=_title(rng, 2))
        )
        for season in range(1, 5):
            season_id = f"{show_id}-{season}"
            shows.append(
                MediaRecord(
                    remote_id=season_id,
                    type=ItemType.SEASON,
                    title=f"Season {season}",
                    parent_remote_id=show_id,
                    show_remote_id=show_id,
                    season_number=season,
                )
            )
            for episode in range(1, 6):
                shows.append(
                    _record(
                        rng,
                        pool,
                        2,
                        remote_id=f"{season_id}-{episode}",
                        type=ItemType.EPISODE,
                        title=_title(rng, 3),
                        parent_remote_id=season_id,
                        show_remote_id=show_id,
                        season_number=season,
                        episode_number=episode,
                        duration_ms=rng.randint(20, 60) * 60_000,
                    )
                )
    return Library(movies=movies, shows=shows)
