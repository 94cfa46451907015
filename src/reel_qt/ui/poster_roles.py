"""How a poster row reads in QML: the roles every poster and list delegate binds to."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QByteArray, Qt

from reel_qt.store.views import PosterRow


def progress_fraction(row: PosterRow) -> float:
    """How far into the item the user is, 0..1 (0 when unstarted or watched)."""
    if row.watched or not row.duration_ms or row.position_ms <= 0:
        return 0.0
    return min(1.0, row.position_ms / row.duration_ms)


def runtime_text(duration_ms: int | None) -> str:
    """A duration as people read it: "2 h 16 min", "45 min" ("" when unknown)."""
    if not duration_ms:
        return ""
    if duration_ms < 30_000:
        return "< 1 min"  # a clip, a trailer: "0 min" would read as unknown
    minutes = round(duration_ms / 60_000)
    hours, minutes = divmod(minutes, 60)
    return f"{hours} h {minutes:02d} min" if hours else f"{minutes} min"


def episode_code(season: int | None, episode: int | None) -> str:
    """ "S1 · E3" ("" when the numbers are unknown)."""
    if season is None or episode is None:
        return ""
    return f"S{season} · E{episode}"


def subtitle(row: PosterRow) -> str:
    """The line under a poster's title: the year, or the episode's place in its show."""
    if row.type == "episode":
        return " · ".join(
            p for p in (episode_code(row.season_number, row.episode_number), row.title) if p
        )
    return "" if row.year is None else str(row.year)


def display_title(row: PosterRow) -> str:
    """The poster's title: an episode shows its show's title."""
    return row.show_title if row.type == "episode" and row.show_title else row.title


ROLES: dict[bytes, Callable[[PosterRow], Any]] = {
    b"itemId": lambda r: r.id,
    b"sourceId": lambda r: r.source_id,
    b"itemType": lambda r: r.type,
    b"title": display_title,
    b"itemTitle": lambda r: r.title,
    b"subtitle": subtitle,
    b"year": lambda r: r.year or 0,
    b"rating": lambda r: -1.0 if r.rating is None else float(r.rating),
    b"runtime": lambda r: runtime_text(r.duration_ms),
    b"posterRef": lambda r: r.poster_ref or "",
    b"thumbRef": lambda r: r.thumb_ref or r.poster_ref or "",
    b"blurhash": lambda r: r.poster_blurhash or "",
    b"watched": lambda r: r.watched,
    b"progress": progress_fraction,
    b"episodeCode": lambda r: episode_code(r.season_number, r.episode_number),
    b"overview": lambda r: r.overview or "",
    b"loaded": lambda r: True,
}
#: Role ids, from Qt.UserRole, in the order above.
ROLE_IDS: dict[int, bytes] = {
    int(Qt.ItemDataRole.UserRole) + 1 + n: name for n, name in enumerate(ROLES)
}
_GETTERS: dict[int, Callable[[PosterRow], Any]] = {r: ROLES[n] for r, n in ROLE_IDS.items()}
#: What a row not loaded yet shows: the same types, nothing drawn.
_BLANK: dict[bytes, Any] = {
    b"itemId": 0,
    b"sourceId": 0,
    b"year": 0,
    b"rating": -1.0,
    b"watched": False,
    b"progress": 0.0,
    b"loaded": False,
}


def role_names() -> dict[int, QByteArray]:
    """Role ids to the names delegates declare."""
    return {role: QByteArray(name) for role, name in ROLE_IDS.items()}


def value(row: PosterRow | None, role: int) -> Any:
    """One role of a row; a blank of the right type for a row still loading."""
    getter = _GETTERS.get(role)
    if getter is None:
        return None
    if row is None:
        return _BLANK.get(ROLE_IDS[role], "")
    return getter(row)
