"""Small builders of realistic records for tests (not the code under test)."""

from __future__ import annotations

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

MOVIES = LibraryRecord(remote_id="lib-movies", name="Movies", kind=LibraryKind.MOVIES)
SHOWS = LibraryRecord(remote_id="lib-shows", name="TV Shows", kind=LibraryKind.SHOWS)


def movie(remote_id: str, title: str, **fields: object) -> MediaRecord:
    """A movie record with sensible defaults."""
    defaults: dict[str, object] = {
        "year": 1999,
        "duration_ms": 136 * 60_000,
        "genres": ("Action", "Science Fiction"),
        "overview": "A hacker learns the truth about his reality.",
        "people": (
            PersonCredit(name="Keanu Reeves", kind=CreditKind.ACTOR, role="Neo", remote_id="p1"),
            PersonCredit(name="Lana Wachowski", kind=CreditKind.DIRECTOR, remote_id="p2"),
        ),
        "streams": (
            StreamRecord(index=0, type=StreamType.VIDEO, codec="h264", width=1920, height=1080),
            StreamRecord(index=1, type=StreamType.AUDIO, codec="aac", language="eng", channels=6),
            StreamRecord(index=2, type=StreamType.SUBTITLE, codec="srt", language="fra"),
        ),
    }
    defaults.update(fields)
    return MediaRecord(remote_id=remote_id, type=ItemType.MOVIE, title=title, **defaults)  # type: ignore[arg-type]


def show_tree(show_id: str, title: str, seasons: int, episodes: int) -> list[MediaRecord]:
    """A show with its seasons and episodes, parents listed before children."""
    records = [MediaRecord(remote_id=show_id, type=ItemType.SHOW, title=title, year=2008)]
    for s in range(1, seasons + 1):
        season_id = f"{show_id}-s{s}"
        records.append(
            MediaRecord(
                remote_id=season_id,
                type=ItemType.SEASON,
                title=f"Season {s}",
                parent_remote_id=show_id,
                show_remote_id=show_id,
                season_number=s,
            )
        )
        for e in range(1, episodes + 1):
            records.append(
                MediaRecord(
                    remote_id=f"{season_id}-e{e}",
                    type=ItemType.EPISODE,
                    title=f"Episode {e}",
                    parent_remote_id=season_id,
                    show_remote_id=show_id,
                    season_number=s,
                    episode_number=e,
                    duration_ms=45 * 60_000,
                    user=UserState(position_ms=60_000 * e, watched=e == 1),
                )
            )
    return records
