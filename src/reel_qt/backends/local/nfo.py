"""Kodi-style `.nfo` sidecars: movie.nfo, <name>.nfo, tvshow.nfo, episode nfo files.

Parsed with the standard library's expat, but only after refusing any document that
declares a DTD or entities: no entity expansion ("billion laughs") and no external
entities, which Kodi's files never need. Kodi allows a URL after the XML; it is ignored.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

import msgspec

from reel_qt.core.records import CreditKind, PersonCredit

_ROOTS = ("movie", "tvshow", "episodedetails")
_UNSAFE = re.compile(rb"<!(?:DOCTYPE|ENTITY)", re.I)
MAX_NFO_BYTES = 1 << 20


class NfoError(Exception):
    """The sidecar is not usable: malformed XML, unsafe declarations, or not Kodi's format."""


class NfoInfo(msgspec.Struct, frozen=True, kw_only=True, gc=False):
    """What a sidecar says about its video or show."""

    title: str | None = None
    original_title: str | None = None
    sort_title: str | None = None
    plot: str | None = None
    year: int | None = None
    rating: float | None = None
    content_rating: str | None = None
    premiered: str | None = None
    genres: tuple[str, ...] = ()
    studios: tuple[str, ...] = ()
    people: tuple[PersonCredit, ...] = ()
    season: int | None = None
    episode: int | None = None


def _text(root: ET.Element, tag: str) -> str | None:
    element = root.find(tag)
    if element is None or element.text is None:
        return None
    return element.text.strip() or None


def _int(value: str | None) -> int | None:
    try:
        return int(value) if value else None
    except ValueError:
        return None


def _float(value: str | None) -> float | None:
    try:
        return float(value) if value else None
    except ValueError:
        return None


def _rating(root: ET.Element) -> float | None:
    ratings = root.findall("ratings/rating")
    chosen = next((r for r in ratings if r.get("default") == "true"), None)
    chosen = chosen if chosen is not None else (ratings[0] if ratings else None)
    if chosen is not None:
        return _float(_text(chosen, "value"))
    return _float(_text(root, "rating"))


def _all(root: ET.Element, tag: str) -> tuple[str, ...]:
    values = []
    for element in root.findall(tag):
        for part in (element.text or "").split(" / "):
            if part.strip() and part.strip() not in values:
                values.append(part.strip())
    return tuple(values)


def _people(root: ET.Element) -> tuple[PersonCredit, ...]:
    people = []
    for actor in root.findall("actor"):
        name = _text(actor, "name")
        if name:
            people.append(
                PersonCredit(
                    name=name,
                    kind=CreditKind.ACTOR,
                    role=_text(actor, "role"),
                    image_ref=_text(actor, "thumb"),
                )
            )
    for tag, kind in (("director", CreditKind.DIRECTOR), ("credits", CreditKind.WRITER)):
        people.extend(PersonCredit(name=n, kind=kind) for n in _all(root, tag))
    return tuple(people)


def parse_nfo(data: bytes) -> NfoInfo:
    """Read a sidecar's contents.

    Raises:
        NfoError: the XML is malformed, declares a DTD or entities, or is not Kodi's.
    """
    if len(data) > MAX_NFO_BYTES:
        raise NfoError("the file is too large for a sidecar")
    if _UNSAFE.search(data):
        raise NfoError("it declares a DTD or entities, which Reel does not expand")
    # Kodi lets a URL follow the document; keep only the first element.
    for name in _ROOTS:
        end = data.find(f"</{name}>".encode())
        if end >= 0:
            data = data[: end + len(name) + 3]
            break
    try:
        root = ET.fromstring(data)
    except ET.ParseError as error:
        raise NfoError(f"malformed XML ({error})") from error
    if root.tag not in _ROOTS:
        raise NfoError(f"<{root.tag}> is not a Kodi movie, tvshow or episodedetails")
    premiered = _text(root, "premiered") or _text(root, "aired")
    year = _int(_text(root, "year")) or (_int(premiered[:4]) if premiered else None)
    return NfoInfo(
        title=_text(root, "title"),
        original_title=_text(root, "originaltitle"),
        sort_title=_text(root, "sorttitle"),
        plot=_text(root, "plot") or _text(root, "outline"),
        year=year,
        rating=_rating(root),
        content_rating=_text(root, "mpaa"),
        premiered=premiered,
        genres=_all(root, "genre"),
        studios=_all(root, "studio"),
        people=_people(root),
        season=_int(_text(root, "season")),
        episode=_int(_text(root, "episode")),
    )
