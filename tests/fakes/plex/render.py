"""Items and containers in PMS's shape: JSON-like dicts that xmlout.py can also write as XML.

Listings (`/library/sections/{key}/all`, `/children`, `/allLeaves`) return partial items,
as PMS does: Media and Part without Stream elements (unless `includeElements=Stream`) and
only the first few tags (2 genres, 1 country, director, writer and producer, 3 roles).
The details route (`/library/metadata/{ratingKey}`) returns the full item.

Every route that renders items honours `excludeElements` (child elements by name: `Media`,
`Genre`, `Role`...) and `excludeFields` (attributes by name: `summary`, `tagline`...), as
PMS does (PX-1.1.1 names them among the parameters its listings support); clients that
read listings for their keys alone get far smaller pages.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from tests.fakes.plex import media
from tests.fakes.plex.model import (
    EPISODE,
    LIBRARY_IDENTIFIER,
    MOVIE,
    PLAYABLE,
    SEASON,
    SHOW,
    Item,
    Library,
)

MEDIA_TAG_PREFIX = "/system/bundle/media/flags/"
MEDIA_TAG_VERSION = 1_716_801_000


@dataclass(frozen=True, slots=True)
class Options:
    """What a request asked to include."""

    detail: bool = False  # the full item, as /library/metadata/{ratingKey} returns it
    markers: bool = False
    chapters: bool = False
    guids: bool = False
    streams: bool = False
    excluded_elements: frozenset[str] = frozenset()
    excluded_fields: frozenset[str] = frozenset()

    @classmethod
    def parse(cls, params: Any, detail: bool) -> Options:
        """From the include* query parameters (plexapi sends them on every reload)."""

        def on(name: str) -> bool:
            return str(params.get(name, "0")) not in ("0", "", "false")

        def names(name: str) -> frozenset[str]:
            return frozenset(e.strip() for e in str(params.get(name, "")).split(",")) - {""}

        return cls(
            detail=detail,
            markers=on("includeMarkers"),
            chapters=on("includeChapters"),
            guids=on("includeGuids") or detail,
            streams=detail or "Stream" in names("includeElements"),
            excluded_elements=names("excludeElements"),
            excluded_fields=names("excludeFields"),
        )


class Tags:
    """The tag dicts (Genre, Role, ...) of a library, built once and shared between items."""

    def __init__(self, lib: Library) -> None:
        """Build every tag of the pools."""
        self.genre = {i: {"id": i, "filter": f"genre={i}", "tag": t} for i, t in lib.genres}
        self.country = {i: {"id": i, "filter": f"country={i}", "tag": t} for i, t in lib.countries}
        self.role: list[dict[str, Any]] = []
        self.director: list[dict[str, Any]] = []
        self.writer: list[dict[str, Any]] = []
        self.producer: list[dict[str, Any]] = []
        for p in lib.people:
            base = {"id": p.id, "tag": p.name, "tagKey": f"{p.id:024x}"}
            thumb = {"thumb": p.thumb} if p.thumb else {}
            self.role.append({**base, "filter": f"actor={p.id}", "role": p.character, **thumb})
            self.director.append({**base, "filter": f"director={p.id}", **thumb})
            self.writer.append({**base, "filter": f"writer={p.id}", **thumb})
            self.producer.append({**base, "filter": f"producer={p.id}", **thumb})


def _art(item: Item, kind: str) -> str:
    return f"{item.key}/{kind}/{item.updated_at}"


class Renderer:
    """Turns items into PMS metadata dicts for one user (view state differs per user)."""

    def __init__(self, lib: Library, tags: Tags, user_id: int) -> None:
        """Render `lib`'s items as user `user_id` sees them."""
        self.lib, self.tags, self.views = lib, tags, lib.user_views(user_id)
        self._sections: dict[int, dict[str, Any]] = {}
        self._parents: dict[int, dict[str, Any]] = {}

    def item(self, item: Item, opts: Options) -> dict[str, Any]:
        """One Metadata entry."""
        key, playable = f"/library/metadata/{item.rating_key}", item.kind in PLAYABLE
        d: dict[str, Any] = {
            "ratingKey": str(item.rating_key),
            "key": key if playable else f"{key}/children",
            "guid": item.guid,
            "type": item.kind,
            "title": item.title,
        }
        d.update(self._section_attrs(item.section))
        kind = item.kind
        if kind == EPISODE:
            self._episode_parents(item, d)
        elif kind == SEASON:
            self._season_parent(item, d)
        # Spelled out rather than looped: this runs for every item of every page.
        if item.title_sort is not None:
            d["titleSort"] = item.title_sort
        if item.original_title is not None:
            d["originalTitle"] = item.original_title
        if item.studio is not None:
            d["studio"] = item.studio
        if item.content_rating is not None:
            d["contentRating"] = item.content_rating
        if item.summary is not None:
            d["summary"] = item.summary
        if item.tagline is not None:
            d["tagline"] = item.tagline
        if item.index is not None:
            d["index"] = item.index
        if item.rating is not None:
            d["rating"] = item.rating
            d["ratingImage"] = "rottentomatoes://image.rating.ripe"
        if item.audience_rating is not None:
            d["audienceRating"] = item.audience_rating
            d["audienceRatingImage"] = "rottentomatoes://image.rating.upright"
        if item.year is not None:
            d["year"] = item.year
        if item.has_thumb:
            d["thumb"] = f"{key}/thumb/{item.updated_at}"
        if item.has_art:
            d["art"] = f"{key}/art/{item.updated_at}"
        if item.duration_ms is not None and kind != SEASON:
            d["duration"] = item.duration_ms
        if item.available is not None:
            d["originallyAvailableAt"] = item.available
        d["addedAt"] = item.added_at
        d["updatedAt"] = item.updated_at
        excluded = opts.excluded_elements
        if playable:
            self._view_state(item, d)
            if media.has_chapters(item):
                d["chapterSource"] = "media"
            if "Media" not in excluded:
                d["Media"] = media.media(item, opts.streams)
        else:
            self._folder_state(item, d)
        self._tags(item, d, opts.detail, excluded)
        if opts.guids and item.external_ids and "Guid" not in excluded:
            d["Guid"] = [{"id": g} for g in item.external_ids]
        if opts.markers and playable and "Marker" not in excluded:
            found = media.markers(item)
            if found:
                d["Marker"] = found
        if opts.chapters and playable and "Chapter" not in excluded:
            found = media.chapters(item)
            if found:
                d["Chapter"] = found
        for name in opts.excluded_fields:
            d.pop(name, None)
        return d

    def _section_attrs(self, key: int) -> dict[str, Any]:
        attrs = self._sections.get(key)
        if attrs is None:
            section = self.lib.section(key)
            attrs = {} if section is None else {
                "librarySectionTitle": section.title,
                "librarySectionID": section.key,
                "librarySectionKey": f"/library/sections/{section.key}",
            }  # fmt: skip
            self._sections[key] = attrs
        return attrs

    def _episode_parents(self, item: Item, d: dict[str, Any]) -> None:
        # A page of episodes shares few seasons: build each season's part once per request.
        attrs = self._parents.get(item.parent or 0)
        if attrs is None:
            attrs = {}
            season = self.lib.by_key.get(item.parent or 0)
            show = self.lib.by_key.get(item.grandparent or 0)
            if season is not None:
                attrs["parentRatingKey"] = str(season.rating_key)
                attrs["parentKey"] = season.key
                attrs["parentGuid"] = season.guid
                attrs["parentTitle"] = season.title
                attrs["parentIndex"] = season.index
                if season.has_thumb:
                    attrs["parentThumb"] = _art(season, "thumb")
            if show is not None:
                attrs["grandparentRatingKey"] = str(show.rating_key)
                attrs["grandparentKey"] = show.key
                attrs["grandparentGuid"] = show.guid
                attrs["grandparentTitle"] = show.title
                if show.has_thumb:
                    attrs["grandparentThumb"] = _art(show, "thumb")
                if show.has_art:
                    attrs["grandparentArt"] = _art(show, "art")
            self._parents[item.parent or 0] = attrs
        d.update(attrs)

    def _season_parent(self, item: Item, d: dict[str, Any]) -> None:
        show = self.lib.by_key.get(item.parent or 0)
        if show is not None:
            d["parentRatingKey"] = str(show.rating_key)
            d["parentKey"] = show.key
            d["parentGuid"] = show.guid
            d["parentTitle"] = show.title
            if show.year is not None:
                d["parentYear"] = show.year
            if show.has_thumb:
                d["parentThumb"] = _art(show, "thumb")

    def _view_state(self, item: Item, d: dict[str, Any]) -> None:
        view = self.views.get(item.rating_key)
        if view is None:
            return
        if view.offset_ms:
            d["viewOffset"] = view.offset_ms
        if view.count:
            d["viewCount"] = view.count
        if view.last_viewed_at is not None:
            d["lastViewedAt"] = view.last_viewed_at

    def _folder_state(self, item: Item, d: dict[str, Any]) -> None:
        leaves = viewed = plays = 0
        last = None
        for leaf in self.lib.leaves(item):
            leaves += 1
            view = self.views.get(leaf.rating_key)
            if view is not None and view.count:
                viewed += 1
                plays += view.count
            if view is not None and view.last_viewed_at is not None:
                last = max(last or 0, view.last_viewed_at)
        if item.kind == SHOW:
            d["childCount"] = len(self.lib.kids(item.rating_key))
        d["leafCount"] = leaves
        d["viewedLeafCount"] = viewed
        if plays:
            d["viewCount"] = plays
        if last is not None:
            d["lastViewedAt"] = last

    def _tags(self, item: Item, d: dict[str, Any], detail: bool, excluded: frozenset[str]) -> None:
        tags = self.tags
        if detail:
            genres, countries, directors = item.genres, item.countries, item.directors
            writers, producers, cast = item.writers, item.producers, item.cast
        else:  # listings carry only the first few tags of each kind
            genres, countries, directors = item.genres[:2], item.countries[:1], item.directors[:1]
            writers, producers, cast = item.writers[:1], item.producers[:1], item.cast[:3]
        if excluded:
            genres = () if "Genre" in excluded else genres
            countries = () if "Country" in excluded else countries
            directors = () if "Director" in excluded else directors
            writers = () if "Writer" in excluded else writers
            producers = () if "Producer" in excluded else producers
            cast = () if "Role" in excluded else cast
        if genres:
            d["Genre"] = [tags.genre[g] for g in genres]
        if countries:
            d["Country"] = [tags.country[c] for c in countries]
        if directors:
            d["Director"] = [tags.director[p] for p in directors]
        if writers:
            d["Writer"] = [tags.writer[p] for p in writers]
        if producers:
            d["Producer"] = [tags.producer[p] for p in producers]
        if cast:
            d["Role"] = [tags.role[p] for p in cast]


def section_container(lib: Library, section_key: int) -> dict[str, Any]:
    """The MediaContainer attributes of a section listing (without size/paging)."""
    section = lib.section(section_key)
    assert section is not None
    kind = "movie" if section.type == MOVIE else "show"
    return {
        "allowSync": True,
        "art": f"/:/resources/{kind}-fanart.jpg",
        "identifier": LIBRARY_IDENTIFIER,
        "librarySectionID": section.key,
        "librarySectionTitle": section.title,
        "librarySectionUUID": section.uuid,
        "mediaTagPrefix": MEDIA_TAG_PREFIX,
        "mediaTagVersion": MEDIA_TAG_VERSION,
        "nocache": True,
        "sortAsc": True,
        "thumb": f"/:/resources/{kind}.png",
        "title": section.title,
        "title1": section.title,
        "title2": "All " + section.title,
        "viewGroup": kind,
        "viewMode": 131122 if kind == "movie" else 65592,
    }


def metadata_container(lib: Library, items: list[Item]) -> dict[str, Any]:
    """The MediaContainer attributes of a details or children answer."""
    out: dict[str, Any] = {"allowSync": True, "identifier": LIBRARY_IDENTIFIER}
    section = lib.section(items[0].section) if items else None
    if section is not None:
        out["librarySectionID"] = section.key
        out["librarySectionTitle"] = section.title
        out["librarySectionUUID"] = section.uuid
    out["mediaTagPrefix"] = MEDIA_TAG_PREFIX
    out["mediaTagVersion"] = MEDIA_TAG_VERSION
    return out


def sections_directory(lib: Library) -> list[dict[str, Any]]:
    """The Directory entries of GET /library/sections."""
    out = []
    for s in lib.sections:
        out.append({
            "allowSync": True, "art": f"/:/resources/{s.type}-fanart.jpg",
            "composite": f"/library/sections/{s.key}/composite/{s.updated_at}",
            "filters": True, "refreshing": False, "thumb": f"/:/resources/{s.type}.png",
            "key": str(s.key), "type": s.type, "title": s.title, "agent": s.agent,
            "scanner": s.scanner, "language": s.language, "uuid": s.uuid,
            "updatedAt": s.updated_at, "createdAt": s.created_at, "scannedAt": s.scanned_at,
            "content": True, "directory": True, "contentChangedAt": s.content_changed_at,
            "hidden": 0, "Location": [{"id": s.key, "path": s.location}],
        })  # fmt: skip
    return out
