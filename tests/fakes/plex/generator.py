"""A seeded, deterministic generator of Plex libraries by size.

Every attribute derives from a hash of (seed, kind, ordinal), so the same seed always gives
the same library. Sizes, word pools and the "some items lack a summary/year/artwork" rules
are shared with the fake Jellyfin (tests.fakes.jellyfin.generator), so both fakes serve
libraries of the same shape.
"""

from __future__ import annotations

import random
import uuid
from datetime import UTC, date, datetime

from tests.fakes.jellyfin import words
from tests.fakes.jellyfin.generator import (
    SIZES,
    LibrarySize,
    has_images,
    has_overview,
    has_year,
    make_id,
    spread,
)
from tests.fakes.plex.model import (
    EPISODE,
    MOVIE,
    SEASON,
    SHOW,
    Item,
    Library,
    Person,
    Section,
    View,
)

__all__ = ["ANCHOR_S", "DAY_S", "SIZES", "Generator", "LibrarySize", "generate"]

# Generated dates all lie before this instant; mutations made by tests happen "now", after it.
ANCHOR_S = int(datetime(2025, 6, 1, tzinfo=UTC).timestamp())
DAY_S = 86_400
CONTAINERS = ("mkv", "mkv", "mkv", "mp4", "mp4", "avi")
CONTENT_RATINGS = ("G", "PG", "PG-13", "R", "NC-17", "TV-PG", "TV-14", "TV-MA", "de/12")
TAGLINES = ("Some doors open only once.", "Nobody leaves the island.", "Ein Sommer, für immer.")
COUNTRIES = ("United States of America", "France", "Germany", "Japan", "Sweden", "Brasil")


def sort_title(title: str) -> str | None:
    """PMS's titleSort: the title without a leading article; None when that changes nothing."""
    for article in ("The ", "A ", "An "):
        if title.startswith(article):
            return title[len(article) :]
    return None


def _air_date(year: int, bits: int) -> str:
    return date.fromordinal(date(year, 1, 1).toordinal() + bits % 360).isoformat()


class Generator:
    """Builds a Library; kept by the server so that added items continue the sequences."""

    def __init__(self, seed: int) -> None:
        """Prepare the pools that depend on the seed only."""
        self.seed = seed
        rng = random.Random(seed)
        self.summaries = [
            " ".join(rng.choices(words.OVERVIEW_WORDS, k=rng.randint(20, 40))).capitalize() + "."
            for _ in range(512)
        ]
        self.next_ordinal = {MOVIE: 0, SHOW: 0, SEASON: 0, EPISODE: 0}
        self.user_ids: tuple[int, ...] = ()

    def build(self, size: LibrarySize, user_ids: tuple[int, ...] = ()) -> Library:
        """Generate the whole library; `user_ids[0]` owns the server, the rest are home users."""
        self.user_ids = user_ids
        machine, _ = make_id(self.seed, "server", 0)
        created = ANCHOR_S - 3000 * DAY_S
        sections = [
            Section(n + 1, kind, title, str(uuid.UUID(make_id(self.seed, "section", n)[0])),
                    agent, scanner, "en-US", path, created, ANCHOR_S, ANCHOR_S)
            for n, (kind, title, agent, scanner, path) in enumerate((
                ("movie", "Movies", "tv.plex.agents.movie", "Plex Movie", "/media/movies"),
                ("show", "TV Shows", "tv.plex.agents.series", "Plex TV Series", "/media/tv"),
                ("artist", "Music", "tv.plex.agents.music", "Plex Music", "/media/music"),
            ))
        ]  # fmt: skip
        lib = Library(seed=self.seed, machine_identifier=machine, sections=sections)
        self._pools(lib, size)
        self.add_movies(lib, size.movies)
        season_counts = iter(spread(size.episodes, size.seasons))
        for n_seasons in spread(size.seasons, size.series):
            show = self._show(lib)
            specials = show.ordinal % 7 == 0 and n_seasons >= 2  # Season 0 holds the specials
            for number in range(0 if specials else 1, n_seasons + (0 if specials else 1)):
                season = self._season(lib, show, number)
                self.add_episodes(lib, season, next(season_counts))
        lib.version = 0
        return lib

    def _pools(self, lib: Library, size: LibrarySize) -> None:
        pool = max(40, min(20_000, (size.movies * 6 + size.episodes * 2) // 25))
        for n in range(pool):
            pid, bits = make_id(self.seed, "person", n)
            first = words.FIRST_NAMES[bits % len(words.FIRST_NAMES)]
            last = words.LAST_NAMES[(bits >> 8) % len(words.LAST_NAMES)]
            thumb = f"https://metadata-static.plex.tv/people/{pid}.jpg" if bits % 5 else None
            character = words.CHARACTERS[(bits >> 16) % len(words.CHARACTERS)]
            lib.people.append(Person(100_000 + n, f"{first} {last}", thumb, character))
        lib.genres = [(1_000 + n, g) for n, g in enumerate(words.GENRES)]
        lib.countries = [(2_000 + n, c) for n, c in enumerate(COUNTRIES)]
        lib.studios = list(words.STUDIOS)

    def _people(self, lib: Library, bits: int, count: int, shift: int) -> tuple[int, ...]:
        size = len(lib.people)
        return tuple(
            dict.fromkeys((bits >> (shift + 5 * k) ^ k * 7919) % size for k in range(count))
        )

    def _common(self, lib: Library, item: Item, runtime_min: int) -> None:
        """The attributes movies, shows and episodes share, derived from the item's bits."""
        bits, n = item.bits, item.ordinal
        item.summary = self.summaries[bits % len(self.summaries)] if has_overview(n) else None
        if not has_year(n):
            item.year = item.available = None
        elif item.year is None:
            item.year = 1950 + (bits >> 10) % 75
        if item.year is not None and item.available is None:
            item.available = _air_date(item.year, bits >> 20)
        item.duration_ms = (runtime_min * 60 + (bits >> 30) % 1800) * 1000
        item.audience_rating = round(4 + (bits >> 40) % 56 / 10, 1) if n % 9 != 4 else None
        item.rating = round(3 + (bits >> 44) % 70 / 10, 1) if n % 5 != 2 else None
        item.content_rating = CONTENT_RATINGS[(bits >> 46) % len(CONTENT_RATINGS)]
        if n % 8 == 3:
            item.content_rating = None
        item.has_thumb = has_images(n)
        item.has_art = item.has_thumb and bits % 3 != 0

    def _media(self, item: Item, path: str) -> None:
        bits = item.bits
        item.container = CONTAINERS[(bits >> 3) % len(CONTAINERS)]
        item.bitrate_kbps = 1_500 + (bits >> 12) % 38_500
        item.size = item.bitrate_kbps * 125 * (item.duration_ms or 0) // 1000
        item.file = f"{path}.{item.container}"

    def _views(self, lib: Library, item: Item) -> None:
        """The owner watched a share of the videos and is part-way through some; home
        users watched other ones, so per-user state differs from the first request."""
        n, bits = item.ordinal, item.bits
        watched_at = min(ANCHOR_S - DAY_S, item.added_at + (1 + bits % 300) * DAY_S)
        for k, user in enumerate(self.user_ids):
            views = lib.user_views(user)
            if (k == 0 and n % 4 == 1) or (k > 0 and (n + k) % 6 == 0):
                views[item.rating_key] = View(1 + bits % 3, 0, watched_at)
            elif (k == 0 and n % 10 == 3) or (k > 0 and (n + k) % 11 == 0):
                share = 10 + (bits >> 8) % 70
                offset = (item.duration_ms or 0) * share // 100 // 1000 * 1000
                views[item.rating_key] = View(0, offset, watched_at)

    def add_movies(self, lib: Library, count: int, *, now: int | None = None) -> list[Item]:
        """Append `count` movies to the movie section (added and updated `now` if given)."""
        section, added = lib.section_of_type("movie"), []
        for _ in range(count):
            n = self.next_ordinal[MOVIE]
            self.next_ordinal[MOVIE] += 1
            mid, bits = make_id(self.seed, MOVIE, n)
            if n < len(words.CURATED_MOVIES):
                title, original = words.CURATED_MOVIES[n]
            else:
                title, original = self._movie_title(n), None
            rk = lib.new_rating_key()
            added_at = now or ANCHOR_S - (bits >> 24) % (9 * 365) * DAY_S - DAY_S
            movie = Item(
                kind=MOVIE, rating_key=rk, ordinal=n, bits=bits, section=section.key,
                title=title, guid=f"plex://movie/{mid[:24]}", added_at=added_at,
                updated_at=now or min(ANCHOR_S, added_at + (bits >> 36) % 200 * DAY_S),
                title_sort=sort_title(title), original_title=original,
            )  # fmt: skip
            self._common(lib, movie, runtime_min=80)
            movie.tagline = TAGLINES[bits % len(TAGLINES)] if n % 3 == 0 else None
            movie.studio = lib.studios[(bits >> 9) % len(lib.studios)]
            if n % 23 == 11:  # an unmatched file: a local guid and no external ids
                movie.guid = f"local://{rk}"
            else:
                movie.external_ids = (
                    f"imdb://tt{1_000_000 + bits % 8_999_999:07d}",
                    f"tmdb://{10_000 + (bits >> 24) % 900_000}",
                )
            movie.genres = tuple(
                dict.fromkeys(lib.genres[(bits >> (6 * k)) % len(lib.genres)][0]
                              for k in range(1 + bits % 3))
            )  # fmt: skip
            movie.countries = (lib.countries[(bits >> 50) % len(lib.countries)][0],)
            movie.cast = self._people(lib, bits, 4 + bits % 5, 0)
            movie.directors = self._people(lib, bits, 1 + (bits >> 7) % 2, 17)
            movie.writers = self._people(lib, bits, 1 + (bits >> 9) % 2, 29)
            movie.producers = self._people(lib, bits, 1 + (bits >> 11) % 2, 41)
            year = f" ({movie.year})" if movie.year else ""
            self._media(movie, f"/media/movies/{title}{year}/{title}{year}")
            lib.index(movie)
            self._views(lib, movie)
            added.append(movie)
        lib.version += 1
        return added

    def _movie_title(self, n: int) -> str:
        a, adj, noun, suf = words.ARTICLES, words.ADJECTIVES, words.NOUNS, words.SUFFIXES
        # 104729 is prime and does not divide the product: distinct titles for distinct n.
        k = (n * 104_729) % (len(a) * len(adj) * len(noun) * len(suf))
        k, i_noun = divmod(k, len(noun))
        k, i_adj = divmod(k, len(adj))
        i_art, i_suf = divmod(k, len(suf))
        return f"{a[i_art]}{adj[i_adj]} {noun[i_noun]}{suf[i_suf]}"

    def _show(self, lib: Library) -> Item:
        section = lib.section_of_type("show")
        n = self.next_ordinal[SHOW]
        self.next_ordinal[SHOW] += 1
        sid, bits = make_id(self.seed, SHOW, n)
        if n < len(words.CURATED_SERIES):
            title, original = words.CURATED_SERIES[n]
        else:
            adj = words.ADJECTIVES[n % len(words.ADJECTIVES)]
            noun = words.NOUNS[(n // len(words.ADJECTIVES)) % len(words.NOUNS)]
            suffix = words.SERIES_SUFFIXES[(n // 3000) % len(words.SERIES_SUFFIXES)]
            title, original = f"{adj} {noun}{suffix}", None
        added_at = ANCHOR_S - (bits >> 24) % (8 * 365) * DAY_S - 400 * DAY_S
        show = Item(
            kind=SHOW, rating_key=lib.new_rating_key(), ordinal=n, bits=bits,
            section=section.key, title=title, guid=f"plex://show/{sid[:24]}",
            added_at=added_at, updated_at=added_at + (bits >> 36) % 100 * DAY_S,
            title_sort=sort_title(title), original_title=original,
            external_ids=(f"tvdb://{70_000 + bits % 400_000}",),
        )  # fmt: skip
        self._common(lib, show, runtime_min=22)
        show.studio = lib.studios[(bits >> 5) % len(lib.studios)]
        show.genres = (lib.genres[bits % len(lib.genres)][0],)
        show.cast = self._people(lib, bits, 4, 0)
        lib.index(show)
        return show

    def _season(self, lib: Library, show: Item, number: int) -> Item:
        n = self.next_ordinal[SEASON]
        self.next_ordinal[SEASON] += 1
        sid, bits = make_id(self.seed, SEASON, n)
        season = Item(
            kind=SEASON, rating_key=lib.new_rating_key(), ordinal=n, bits=bits,
            section=show.section, title="Specials" if number == 0 else f"Season {number}",
            guid=f"plex://season/{sid[:24]}", added_at=show.added_at + number * DAY_S,
            updated_at=show.added_at + number * DAY_S, parent=show.rating_key, index=number,
            year=show.year + number if show.year else None,
            has_thumb=show.has_thumb and bits % 4 != 0, has_art=show.has_art,
        )  # fmt: skip
        lib.index(season)
        return season

    def add_episodes(
        self, lib: Library, season: Item, count: int, *, now: int | None = None
    ) -> list[Item]:
        """Append `count` episodes to a season, numbered after its last episode."""
        show = lib.by_key[season.parent or 0]
        number = max((e.index or 0 for e in lib.kids(season.rating_key)), default=0)
        added = []
        for _ in range(count):
            n = self.next_ordinal[EPISODE]
            self.next_ordinal[EPISODE] += 1
            eid, bits = make_id(self.seed, EPISODE, n)
            number += 1
            title = (
                f"Episode {number}" if n % 6 == 0
                else f"{words.ADJECTIVES[bits % len(words.ADJECTIVES)]} "
                f"{words.NOUNS[(bits >> 7) % len(words.NOUNS)]}"
            )  # fmt: skip
            added_at = now or min(
                ANCHOR_S - DAY_S,
                show.added_at + (season.index or 0) * 30 * DAY_S + number * 7 * DAY_S,
            )
            episode = Item(
                kind=EPISODE, rating_key=lib.new_rating_key(), ordinal=n, bits=bits,
                section=show.section, title=title, guid=f"plex://episode/{eid[:24]}",
                added_at=added_at, updated_at=now or added_at + (bits >> 36) % 30 * DAY_S,
                parent=season.rating_key, grandparent=show.rating_key, index=number,
                parent_index=season.index, external_ids=(f"tvdb://{1_000_000 + bits % 9_000_000}",),
            )  # fmt: skip
            if show.year is not None:
                episode.year = show.year + (season.index or 0)
            self._common(lib, episode, runtime_min=40)
            episode.directors = self._people(lib, bits, 1, 17)
            episode.writers = self._people(lib, bits, 1, 29)
            episode.cast = self._people(lib, bits, bits % 3, 3)  # guest stars, often none
            code = f"S{season.index or 0:02d}E{number:02d}"
            self._media(episode, f"/media/tv/{show.title}/{season.title}/{show.title} - {code}")
            lib.index(episode)
            self._views(lib, episode)
            added.append(episode)
        lib.version += 1
        return added


def generate(
    size: str | LibrarySize = "small", seed: int = 1, users: tuple[int, ...] = (1,)
) -> Library:
    """Build a library of a named or explicit size; the same seed gives the same library."""
    return Generator(seed).build(LibrarySize.of(size), users)
