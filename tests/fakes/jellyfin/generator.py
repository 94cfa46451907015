"""A seeded, deterministic generator of Jellyfin libraries by size.

Every attribute of an item derives from a hash of (seed, kind, ordinal), so the same seed
always gives the same library, and building the 175,000-item bench library takes seconds.
"""

from __future__ import annotations

import hashlib
import random
from dataclasses import dataclass
from datetime import UTC, datetime

from tests.fakes.jellyfin import words
from tests.fakes.jellyfin.library import (
    EPISODE,
    FOLDER,
    MOVIE,
    SEASON,
    SERIES,
    TICKS_PER_SECOND,
    Item,
    Library,
    Person,
    sort_name,
    to_us,
)

# Generated dates all lie before this instant; mutations made by tests happen "now", after it.
ANCHOR_US = to_us(datetime(2025, 6, 1, tzinfo=UTC))
DAY_US = 86_400 * 1_000_000
OVERVIEW_POOL = 512
CONTAINERS = ("mkv", "mkv", "mkv", "mp4", "mp4", "avi")


@dataclass(frozen=True, slots=True)
class LibrarySize:
    """How many items of each kind a generated library has."""

    movies: int
    series: int
    seasons: int
    episodes: int

    @classmethod
    def of(cls, size: str | LibrarySize) -> LibrarySize:
        """A named size ("small", "medium", "bench") or an explicit one."""
        return size if isinstance(size, LibrarySize) else SIZES[size]


SIZES = {
    # small: a Specials season (series 0), a two-episode file (series 0, season 1), and the
    # curated Unicode titles; items 5 and 16 have no overview, 7 no year, 9 no images.
    "small": LibrarySize(movies=20, series=3, seasons=7, episodes=30),
    "medium": LibrarySize(movies=2_000, series=100, seasons=500, episodes=5_000),
    "bench": LibrarySize(movies=50_000, series=5_000, seasons=20_000, episodes=100_000),
}


def make_id(seed: int, kind: str, ordinal: int) -> tuple[str, int]:
    """A 32-hex GUID (the real server's "N" format) and 64 bits of entropy for one item."""
    digest = hashlib.blake2b(f"{seed}:{kind}:{ordinal}".encode(), digest_size=24).digest()
    return digest[:16].hex(), int.from_bytes(digest[16:], "little")


def spread(total: int, buckets: int) -> list[int]:
    """Split a total over buckets as evenly as possible, the remainder to the first ones."""
    if buckets == 0:
        if total:
            raise ValueError(f"cannot place {total} children without parents")
        return []
    base, extra = divmod(total, buckets)
    return [base + (i < extra) for i in range(buckets)]


def has_overview(ordinal: int) -> bool:
    """Some items have no overview."""
    return ordinal % 11 != 5


def has_year(ordinal: int) -> bool:
    """Some items have neither a production year nor a premiere date."""
    return ordinal % 13 != 7


def has_images(ordinal: int) -> bool:
    """Some items have no images at all."""
    return ordinal % 17 != 9


class Generator:
    """Builds a Library; kept around by the server so added items continue the sequences."""

    def __init__(self, seed: int) -> None:
        """Prepare the pools that depend on the seed only."""
        self.seed = seed
        rng = random.Random(seed)
        self.overviews = [
            " ".join(rng.choices(words.OVERVIEW_WORDS, k=rng.randint(20, 40))).capitalize() + "."
            for _ in range(OVERVIEW_POOL)
        ]
        self.next_ordinal = {MOVIE: 0, SERIES: 0, SEASON: 0, EPISODE: 0}

    def build(self, size: LibrarySize) -> Library:
        """Generate the whole library."""
        server_id, _ = make_id(self.seed, "server", 0)
        user_id, _ = make_id(self.seed, "user", 0)
        views = [
            self._view(n, name, kind)
            for n, (name, kind) in enumerate(
                (("Movies", "movies"), ("Shows", "tvshows"), ("Music", "music"))
            )
        ]
        lib = Library(seed=self.seed, server_id=server_id, user_id=user_id, views=views)
        for view in views:
            lib.by_id[view.id] = view
        self._pools(lib, size)
        self.add_movies(lib, size.movies)
        seasons_per_series = spread(size.seasons, size.series)
        episodes_per_season = spread(size.episodes, size.seasons)
        season_counts = iter(episodes_per_season)
        for n_seasons in seasons_per_series:
            series = self._series(lib)
            specials = series.ordinal % 7 == 0 and n_seasons >= 2
            for number in range(0 if specials else 1, n_seasons + (0 if specials else 1)):
                season = self._season(lib, series, number)
                self.add_episodes(lib, season, next(season_counts), start_us=series.date_created_us)
        return lib

    def _pools(self, lib: Library, size: LibrarySize) -> None:
        # People repeat across items: the pool is about a 25th of the credits handed out.
        pool = max(40, min(20_000, (size.movies * 6 + size.episodes * 2) // 25)) // 10 * 10
        for n in range(pool):
            pid, bits = make_id(self.seed, "person", n)
            first = words.FIRST_NAMES[bits % len(words.FIRST_NAMES)]
            last = words.LAST_NAMES[(bits >> 8) % len(words.LAST_NAMES)]
            kind = "Actor" if n % 10 < 7 else "Director" if n % 10 == 7 else "Writer"
            role = {
                "Actor": words.CHARACTERS[(bits >> 16) % len(words.CHARACTERS)],
                "Director": "Director",
                "Writer": words.WRITER_ROLES[(bits >> 16) % len(words.WRITER_ROLES)],
            }[kind]
            tag = pid[::-1] if bits % 5 else None
            lib.people.append(Person(pid, f"{first} {last}", kind, role, tag))
            lib.person_index[pid] = lib.people[-1]
        lib.genre_ids = {g: make_id(self.seed, "genre", n)[0] for n, g in enumerate(words.GENRES)}
        lib.studios = [(s, make_id(self.seed, "studio", n)[0]) for n, s in enumerate(words.STUDIOS)]

    def _view(self, n: int, name: str, collection_type: str) -> Item:
        vid, bits = make_id(self.seed, FOLDER, n)
        return Item(
            kind=FOLDER,
            ordinal=n,
            id=vid,
            bits=bits,
            name=name,
            sort_name=sort_name(FOLDER, name),
            library_id=vid,
            parent_id="",
            collection_type=collection_type,
            has_primary=collection_type != "music",
            date_created_us=ANCHOR_US - 3000 * DAY_US,
            date_saved_us=ANCHOR_US - 3000 * DAY_US,
            path=f"/media/{collection_type}",
        )

    def _credits(self, lib: Library, bits: int, actors: int, crew: int) -> tuple[int, ...]:
        """Pool indices: actors (slots 0-6 of every ten), then a director (7) and a writer (8)."""
        size = len(lib.people)
        picked: list[int] = []
        for k in range(actors):
            n = (bits >> (k * 5) ^ k * 7919) % size
            picked.append(n - n % 10 + n % 7)  # slots 0-6 of a ten are actors
        for k in range(crew):
            n = (bits >> (k * 7 + 3)) % size
            picked.append(min(n - n % 10 + 7 + k % 2, size - 1))
        return tuple(dict.fromkeys(picked))

    def _common(self, lib: Library, item: Item, runtime_min: int) -> None:
        """The attributes movies, series and episodes share, derived from the item's bits."""
        bits, n = item.bits, item.ordinal
        item.overview = self.overviews[bits % OVERVIEW_POOL] if has_overview(n) else None
        if not has_year(n):
            item.year = item.premiere_us = None
        elif item.year is None:
            item.year = 1950 + (bits >> 10) % 75
        if item.year is not None and item.premiere_us is None:
            day = to_us(datetime(item.year, 1, 1, tzinfo=UTC)) + (bits >> 20) % 360 * DAY_US
            item.premiere_us = day
        item.runtime_ticks = (runtime_min * 60 + (bits >> 30) % 1800) * TICKS_PER_SECOND
        item.community_rating = round(4 + (bits >> 40) % 56 / 10, 1) if n % 9 != 4 else None
        ratings = words.OFFICIAL_RATINGS
        item.official_rating = ratings[(bits >> 46) % len(ratings)] if n % 8 != 3 else None
        images = has_images(n)
        item.has_primary = images
        item.has_thumb = images and bits % 3 != 0
        item.backdrops = (1 + (bits >> 50) % 3) if images else 0

    def _user_data(self, item: Item) -> None:
        """A share of videos played, some in progress, a few favourites."""
        n, bits = item.ordinal, item.bits
        watched_us = min(ANCHOR_US - DAY_US, item.date_created_us + (1 + bits % 300) * DAY_US)
        if n % 4 == 1:
            item.played, item.play_count = True, 1 + bits % 3
            item.last_played_us = item.user_saved_us = watched_us
        elif n % 10 == 3:
            share = 10 + (bits >> 8) % 70
            item.position_ticks = (item.runtime_ticks or 0) * share // 100
            item.last_played_us = item.user_saved_us = watched_us
        if n % 15 == 2:
            item.favorite = True
            item.user_saved_us = max(item.user_saved_us, watched_us)

    def _media(self, item: Item) -> None:
        bits = item.bits
        item.container = CONTAINERS[(bits >> 3) % len(CONTAINERS)]
        item.bitrate = (1_500 + (bits >> 12) % 38_500) * 1000
        item.size = item.bitrate // 8 * int(item.runtime_seconds)

    def add_movies(self, lib: Library, count: int, *, created_us: int | None = None) -> list[Item]:
        """Append `count` movies to the movies library."""
        view, added = lib.view("movies"), []
        for _ in range(count):
            n = self.next_ordinal[MOVIE]
            self.next_ordinal[MOVIE] += 1
            mid, bits = make_id(self.seed, MOVIE, n)
            if n < len(words.CURATED_MOVIES):
                name, original = words.CURATED_MOVIES[n]
            else:
                name, original = self._movie_name(n), None
            created = created_us or ANCHOR_US - (bits >> 24) % (9 * 365) * DAY_US - DAY_US
            movie = Item(
                kind=MOVIE,
                ordinal=n,
                id=mid,
                bits=bits,
                name=name,
                sort_name=sort_name(MOVIE, name),
                library_id=view.id,
                parent_id=view.id,
                original_title=original or (name if n % 19 != 4 else None),
                date_created_us=created,
                date_saved_us=created_us or min(ANCHOR_US, created + (bits >> 36) % 200 * DAY_US),
            )
            self._common(lib, movie, runtime_min=80)
            movie.genres = tuple(
                dict.fromkeys(
                    words.GENRES[(bits >> (6 * k)) % len(words.GENRES)] for k in range(1 + bits % 3)
                )
            )
            movie.studios = tuple(
                dict.fromkeys((bits >> (9 * k + 2)) % len(lib.studios) for k in range(1 + n % 2))
            )
            movie.people = self._credits(lib, bits, actors=4, crew=2)
            self._media(movie)
            year = f" ({movie.year})" if movie.year else ""
            movie.path = f"/media/movies/{name}{year}/{name}{year}.{movie.container}"
            self._user_data(movie)
            lib.movies.append(movie)
            lib.index(movie)
            added.append(movie)
        lib.version += 1
        return added

    def _movie_name(self, n: int) -> str:
        a, adj, noun, suf = words.ARTICLES, words.ADJECTIVES, words.NOUNS, words.SUFFIXES
        total = len(a) * len(adj) * len(noun) * len(suf)
        # 104729 is prime and does not divide total: n -> k is a bijection, so the first
        # `total` generated names are all different.
        k = (n * 104_729) % total
        k, i_noun = divmod(k, len(noun))
        k, i_adj = divmod(k, len(adj))
        i_art, i_suf = divmod(k, len(suf))
        return f"{a[i_art]}{adj[i_adj]} {noun[i_noun]}{suf[i_suf]}"

    def _series(self, lib: Library) -> Item:
        view = lib.view("tvshows")
        n = self.next_ordinal[SERIES]
        self.next_ordinal[SERIES] += 1
        sid, bits = make_id(self.seed, SERIES, n)
        if n < len(words.CURATED_SERIES):
            name, original = words.CURATED_SERIES[n]
        else:
            adj = words.ADJECTIVES[n % len(words.ADJECTIVES)]
            noun = words.NOUNS[(n // len(words.ADJECTIVES)) % len(words.NOUNS)]
            suffix = words.SERIES_SUFFIXES[(n // 3000) % len(words.SERIES_SUFFIXES)]
            name, original = f"{adj} {noun}{suffix}", None
        created = ANCHOR_US - (bits >> 24) % (8 * 365) * DAY_US - 400 * DAY_US
        series = Item(
            kind=SERIES,
            ordinal=n,
            id=sid,
            bits=bits,
            name=name,
            sort_name=sort_name(SERIES, name),
            library_id=view.id,
            parent_id=view.id,
            original_title=original or name,
            date_created_us=created,
            date_saved_us=created + (bits >> 36) % 100 * DAY_US,
            status="Ended" if bits % 3 else "Continuing",
            path=f"/media/tv/{name}",
        )
        self._common(lib, series, runtime_min=22)
        series.genres = (words.GENRES[bits % len(words.GENRES)],)
        series.studios = ((bits >> 5) % len(lib.studios),)
        series.people = self._credits(lib, bits, actors=4, crew=0)
        lib.series.append(series)
        lib.index(series)
        return series

    def _season(self, lib: Library, series: Item, number: int) -> Item:
        n = self.next_ordinal[SEASON]
        self.next_ordinal[SEASON] += 1
        sid, bits = make_id(self.seed, SEASON, n)
        name = "Specials" if number == 0 else f"Season {number}"
        created = series.date_created_us + number * DAY_US
        season = Item(
            kind=SEASON,
            ordinal=n,
            id=sid,
            bits=bits,
            name=name,
            sort_name=sort_name(SEASON, name, number),
            library_id=series.library_id,
            parent_id=series.id,
            series_id=series.id,
            index_number=number,
            year=series.year + number if series.year else None,
            has_primary=series.has_primary and bits % 4 != 0,
            date_created_us=created,
            date_saved_us=created,
            path=f"{series.path}/{name}",
        )
        lib.seasons.append(season)
        lib.index(season)
        return season

    def add_episodes(
        self,
        lib: Library,
        season: Item,
        count: int,
        *,
        start_us: int | None = None,
        created_us: int | None = None,
    ) -> list[Item]:
        """Append `count` episodes to a season, numbered after its last episode."""
        series = lib.by_id[season.series_id or ""]
        existing = lib.kids(season.id)
        number = max((e.index_number_end or e.index_number or 0 for e in existing), default=0)
        added = []
        for k in range(count):
            n = self.next_ordinal[EPISODE]
            self.next_ordinal[EPISODE] += 1
            eid, bits = make_id(self.seed, EPISODE, n)
            number += 1
            # Every ninth season has one file holding two episodes (IndexNumberEnd).
            double = season.ordinal % 9 == 1 and not existing and k == 1
            name = (
                f"Episode {number}"
                if n % 6 == 0
                else (
                    f"{words.ADJECTIVES[bits % len(words.ADJECTIVES)]} "
                    f"{words.NOUNS[(bits >> 7) % len(words.NOUNS)]}"
                )
            )
            base = start_us or series.date_created_us
            created = created_us or min(
                ANCHOR_US - DAY_US,
                base + (season.index_number or 0) * 30 * DAY_US + number * 7 * DAY_US,
            )
            episode = Item(
                kind=EPISODE,
                ordinal=n,
                id=eid,
                bits=bits,
                name=name,
                sort_name=sort_name(EPISODE, name, number, season.index_number),
                library_id=series.library_id,
                parent_id=season.id,
                series_id=series.id,
                season_id=season.id,
                index_number=number,
                index_number_end=number + 1 if double else None,
                parent_index_number=season.index_number,
                date_created_us=created,
                date_saved_us=created_us or created + (bits >> 36) % 30 * DAY_US,
            )
            if series.year is not None:
                episode.year = series.year + (season.index_number or 0)
            self._common(lib, episode, runtime_min=20 if double else 40)
            episode.people = self._credits(lib, bits, actors=1, crew=1)
            self._media(episode)
            code = f"S{season.index_number or 0:02d}E{number:02d}" + (
                f"-E{number + 1:02d}" if double else ""
            )
            episode.path = (
                f"{series.path}/{season.name}/{series.name} - {code} - {name}.{episode.container}"
            )
            number += double
            self._user_data(episode)
            lib.episodes.append(episode)
            lib.index(episode)
            added.append(episode)
        lib.version += 1
        return added


def generate(size: str | LibrarySize = "small", seed: int = 1) -> Library:
    """Build a library of a named or explicit size; the same seed gives the same library."""
    return Generator(seed).build(LibrarySize.of(size))
