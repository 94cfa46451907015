"""BaseItemDto and UserItemDataDto built the way the real server's DtoService builds them.

Nulls are left out, as the server's JSON options do (WhenWritingNull); optional members
appear only when their ItemFields value was asked for.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import msgspec

from tests.fakes.jellyfin import media
from tests.fakes.jellyfin.images import blurhash, item_images
from tests.fakes.jellyfin.library import (
    EPISODE,
    FOLDER,
    MOVIE,
    PLAYABLE,
    SEASON,
    SERIES,
    Item,
    Library,
    format_date,
)

# The ItemFields enum of the 10.11.0 spec.
ITEM_FIELDS = (
    "AirTime",
    "CanDelete",
    "CanDownload",
    "ChannelInfo",
    "Chapters",
    "Trickplay",
    "ChildCount",
    "CumulativeRunTimeTicks",
    "CustomRating",
    "DateCreated",
    "DateLastMediaAdded",
    "DisplayPreferencesId",
    "Etag",
    "ExternalUrls",
    "Genres",
    "ItemCounts",
    "MediaSourceCount",
    "MediaSources",
    "OriginalTitle",
    "Overview",
    "ParentId",
    "Path",
    "People",
    "PlayAccess",
    "ProductionLocations",
    "ProviderIds",
    "PrimaryImageAspectRatio",
    "RecursiveItemCount",
    "Settings",
    "SeriesStudio",
    "SortName",
    "SpecialEpisodeNumbers",
    "Studios",
    "Taglines",
    "Tags",
    "RemoteTrailers",
    "MediaStreams",
    "SeasonUserData",
    "DateLastRefreshed",
    "DateLastSaved",
    "RefreshState",
    "ChannelImage",
    "EnableMediaSourceDisplay",
    "Width",
    "Height",
    "ExtraIds",
    "LocalTrailerCount",
    "IsHD",
    "SpecialFeatureCount",
)
_FIELD_NAMES = {f.lower(): f for f in ITEM_FIELDS}
ALL_FIELDS = frozenset(ITEM_FIELDS)


def parse_fields(values: list[str]) -> frozenset[str]:
    """ItemFields from a query; unknown names are skipped, as the server's binder does."""
    return frozenset(_FIELD_NAMES[v.lower()] for v in values if v.lower() in _FIELD_NAMES)


@dataclass(frozen=True, slots=True)
class DtoOptions:
    """What a request asked to be included in each item."""

    fields: frozenset[str] = ALL_FIELDS
    enable_images: bool = True
    image_type_limit: int | None = None
    image_types: frozenset[str] | None = None
    enable_user_data: bool = True


def user_data(lib: Library, item: Item) -> dict[str, Any]:
    """The UserItemDataDto of the fake's one user for an item."""
    data: dict[str, Any] = {
        "PlaybackPositionTicks": item.position_ticks,
        "PlayCount": item.play_count,
        "IsFavorite": item.favorite,
        "Played": item.played,
        "Key": item.id,
        "ItemId": item.id,
    }
    if item.last_played_us is not None:
        data["LastPlayedDate"] = format_date(item.last_played_us)
    if item.position_ticks and item.runtime_ticks:
        data["PlayedPercentage"] = item.position_ticks * 100 / item.runtime_ticks
    if item.kind in (SERIES, SEASON):
        unplayed, total = lib.unplayed_count(item)
        data["UnplayedItemCount"] = unplayed
        data["Played"] = total > 0 and unplayed == 0
        if total:
            data["PlayedPercentage"] = (total - unplayed) * 100 / total
    return data


def provider_ids(item: Item) -> dict[str, str]:
    """Tmdb/Imdb for movies, Tvdb (and Tmdb) for shows and episodes."""
    n = item.ordinal
    if item.kind == MOVIE:
        ids = {"Tmdb": str(10_000 + n)}
        if n % 7 != 2:
            ids["Imdb"] = f"tt{1_000_000 + n:07d}"
        return ids
    if item.kind == SERIES:
        return {"Tvdb": str(70_000 + n), "Tmdb": str(200_000 + n)}
    if item.kind in (SEASON, EPISODE):
        return {"Tvdb": str((5_000_000 if item.kind == EPISODE else 900_000) + n)}
    return {}


def _external_urls(item: Item) -> list[dict[str, str]]:
    ids = provider_ids(item)
    urls = []
    if "Imdb" in ids:
        urls.append({"Name": "IMDb", "Url": f"https://www.imdb.com/title/{ids['Imdb']}"})
    if "Tmdb" in ids:
        kind = "movie" if item.kind == MOVIE else "tv"
        urls.append(
            {"Name": "TheMovieDb", "Url": f"https://www.themoviedb.org/{kind}/{ids['Tmdb']}"}
        )
    return urls


def _images(lib: Library, item: Item, opts: DtoOptions, dto: dict[str, Any]) -> None:
    limit, wanted = opts.image_type_limit, opts.image_types
    hashes: dict[str, dict[str, str]] = {}

    def allowed(kind: str) -> bool:
        return (wanted is None or kind in wanted) and (limit is None or limit > 0)

    own = item_images(item, limit)
    tags = {k: v[0] for k, v in own.items() if k != "Backdrop" and allowed(k)}
    backdrops = own.get("Backdrop", [])[:limit] if allowed("Backdrop") else []
    dto["ImageTags"] = tags
    dto["BackdropImageTags"] = backdrops
    for kind, tag in tags.items():
        hashes.setdefault(kind, {})[tag] = blurhash(tag)
    for tag in backdrops:
        hashes.setdefault("Backdrop", {})[tag] = blurhash(tag)
    series = lib.by_id.get(item.series_id or "")
    if series is not None:
        series_images = item_images(series, limit)
        if "Primary" in series_images and allowed("Primary"):
            dto["SeriesPrimaryImageTag"] = tag = series_images["Primary"][0]
            hashes.setdefault("Primary", {})[tag] = blurhash(tag)
        if not backdrops and "Backdrop" in series_images and allowed("Backdrop"):
            # Episodes without their own backdrop point at the series' ones.
            parent_tags = series_images["Backdrop"][:limit]
            dto["ParentBackdropItemId"] = series.id
            dto["ParentBackdropImageTags"] = parent_tags
            for tag in parent_tags:
                hashes.setdefault("Backdrop", {})[tag] = blurhash(tag)
    if hashes:
        dto["ImageBlurHashes"] = hashes


def item_dto(lib: Library, item: Item, opts: DtoOptions) -> dict[str, Any]:
    """One BaseItemDto; `opts.fields` picks the optional members, as ItemFields does."""
    f = opts.fields
    video = item.kind in PLAYABLE
    dto: dict[str, Any] = {"Name": item.name, "ServerId": lib.server_id, "Id": item.id}
    if "OriginalTitle" in f and item.original_title:
        dto["OriginalTitle"] = item.original_title
    if "Etag" in f:
        dto["Etag"] = f"{item.bits & 0xFFFFFFFF:08x}{item.image_version:04x}"
    if "DateCreated" in f:
        dto["DateCreated"] = format_date(item.date_created_us)
    if "CanDelete" in f:
        dto["CanDelete"] = False
    if "CanDownload" in f:
        dto["CanDownload"] = video
    streams = media.encoded_streams(item) if video else []
    if video:
        dto["HasSubtitles"] = media.has_subtitles(item)
        dto["Container"] = item.container
    if "SortName" in f:
        dto["SortName"] = item.sort_name
    if item.premiere_us is not None:
        dto["PremiereDate"] = format_date(item.premiere_us)
    if "ExternalUrls" in f and item.kind != FOLDER:
        dto["ExternalUrls"] = _external_urls(item)
    if "MediaSources" in f and video:
        dto["MediaSources"] = media.media_sources(item, streams)
    if item.kind == MOVIE and item.ordinal % 3 == 0:
        dto["CriticRating"] = float(40 + item.bits % 60)
    if "Path" in f and item.path:
        dto["Path"] = item.path
    if "EnableMediaSourceDisplay" in f:
        dto["EnableMediaSourceDisplay"] = True
    if item.official_rating:
        dto["OfficialRating"] = item.official_rating
    if item.kind != FOLDER:
        # Guid.Empty, which the server's nullable-Guid converter writes as null.
        dto["ChannelId"] = None
    if "Overview" in f and item.overview:
        dto["Overview"] = item.overview
    if "Taglines" in f:
        dto["Taglines"] = []
    if "Genres" in f:
        dto["Genres"] = list(item.genres)
    if item.community_rating is not None:
        dto["CommunityRating"] = item.community_rating
    if item.runtime_ticks is not None:
        dto["RunTimeTicks"] = item.runtime_ticks
    if "PlayAccess" in f:
        dto["PlayAccess"] = "Full"
    if item.year is not None:
        dto["ProductionYear"] = item.year
    if item.index_number is not None:
        dto["IndexNumber"] = item.index_number
    if item.index_number_end is not None:
        dto["IndexNumberEnd"] = item.index_number_end
    if item.parent_index_number is not None:
        dto["ParentIndexNumber"] = item.parent_index_number
    if "RemoteTrailers" in f and item.kind in (MOVIE, SERIES):
        dto["RemoteTrailers"] = []
    if "ProviderIds" in f:
        dto["ProviderIds"] = provider_ids(item)
    dto["IsFolder"] = item.is_folder
    if "ParentId" in f and item.parent_id:
        dto["ParentId"] = item.parent_id
    dto["Type"] = item.kind
    if "People" in f and item.kind != FOLDER:
        encoded = lib.encoded
        dto["People"] = [encoded.get(("person", n)) or _person(lib, n) for n in item.people]
    if "Studios" in f and item.kind != FOLDER:
        dto["Studios"] = [_studio(lib, n) for n in item.studios]
    if "Genres" in f:
        dto["GenreItems"] = [_genre(lib, g) for g in item.genres]
    if "LocalTrailerCount" in f and item.kind in (MOVIE, SERIES):
        dto["LocalTrailerCount"] = 0
    if opts.enable_user_data:
        dto["UserData"] = user_data(lib, item)
    if item.is_folder:
        kids = lib.kids(item.id)
        if "RecursiveItemCount" in f:
            dto["RecursiveItemCount"] = sum(1 for _ in lib.descendants(item))
        if "ChildCount" in f:
            dto["ChildCount"] = len(kids)
    if item.series_id is not None:
        series = lib.by_id.get(item.series_id)
        if series is not None:
            dto["SeriesName"] = series.name
        dto["SeriesId"] = item.series_id
    if item.season_id is not None:
        dto["SeasonId"] = item.season_id
        season = lib.by_id.get(item.season_id)
        if season is not None:
            dto["SeasonName"] = season.name
    if "SpecialFeatureCount" in f and item.kind in (MOVIE, SERIES):
        dto["SpecialFeatureCount"] = 0
    if "DisplayPreferencesId" in f:
        dto["DisplayPreferencesId"] = item.id
    if item.status:
        dto["Status"] = item.status
    if "Tags" in f:
        dto["Tags"] = []
    if "PrimaryImageAspectRatio" in f and item.has_primary:
        wide = item.kind in (EPISODE, FOLDER)
        dto["PrimaryImageAspectRatio"] = 16 / 9 if wide else 2 / 3
    if item.collection_type:
        dto["CollectionType"] = item.collection_type
    if "MediaStreams" in f and video:
        dto["MediaStreams"] = streams
    if video:
        dto["VideoType"] = "VideoFile"
    if opts.enable_images:
        _images(lib, item, opts, dto)
    if "Chapters" in f and video:
        dto["Chapters"] = media.chapters(item)
    dto["LocationType"] = "FileSystem"
    dto["MediaType"] = "Video" if video else "Unknown"
    if video:
        width, height = media.video_variant(item)[:2]
        if "Width" in f:
            dto["Width"] = width
        if "Height" in f:
            dto["Height"] = height
        if "IsHD" in f:
            dto["IsHD"] = height >= 720
        if "MediaSourceCount" in f:
            dto["MediaSourceCount"] = 2 if media.has_versions(item) else 1
    if "SeriesStudio" in f and item.kind in (SEASON, EPISODE):
        series = lib.by_id.get(item.series_id or "")
        if series is not None and series.studios:
            dto["SeriesStudio"] = lib.studios[series.studios[0]][0]
    if "DateLastMediaAdded" in f and item.is_folder and item.kind != FOLDER:
        latest = max((e.date_created_us for e in lib.descendants(item)), default=None)
        if latest is not None:
            dto["DateLastMediaAdded"] = format_date(latest)
    return dto


def _person(lib: Library, n: int) -> msgspec.Raw:
    # People repeat across thousands of items: encode each entry once and splice it in.
    person = lib.people[n]
    entry: dict[str, Any] = {"Name": person.name, "Id": person.id, "Role": person.role}
    entry["Type"] = person.kind
    if person.image_tag:
        entry["PrimaryImageTag"] = person.image_tag
        entry["ImageBlurHashes"] = {"Primary": {person.image_tag: blurhash(person.image_tag)}}
    raw = lib.encoded[("person", n)] = msgspec.Raw(msgspec.json.encode(entry))
    return raw


def _studio(lib: Library, n: int) -> msgspec.Raw:
    raw = lib.encoded.get(("studio", n))
    if raw is None:
        name, studio_id = lib.studios[n]
        raw = lib.encoded[("studio", n)] = msgspec.Raw(
            msgspec.json.encode({"Name": name, "Id": studio_id})
        )
    return raw


def _genre(lib: Library, name: str) -> msgspec.Raw:
    raw = lib.encoded.get(("genre", name))
    if raw is None:
        raw = lib.encoded[("genre", name)] = msgspec.Raw(
            msgspec.json.encode({"Name": name, "Id": lib.genre_ids[name]})
        )
    return raw
