"""PMS routes that describe the server and browse its library."""

from __future__ import annotations

from typing import Any

from aiohttp import web

from tests.fakes.plex.app import Ctx, HttpError, Router, html_error, reply
from tests.fakes.plex.model import LIBRARY_IDENTIFIER, TYPE_NUMBERS, TYPES_BY_NUMBER, Item
from tests.fakes.plex.query import BadRequest, parse_filters, parse_sort
from tests.fakes.plex.render import (
    MEDIA_TAG_PREFIX,
    MEDIA_TAG_VERSION,
    Options,
    Renderer,
    metadata_container,
    section_container,
    sections_directory,
)

ROUTES = Router()
ROOT_DIRECTORIES = ("activities", "butler", "channels", "clients", "devices", "diagnostics",
                    "hubs", "library", "livetv", "media", "metadata", "neighborhood",
                    "playQueues", "player", "playlists", "resources", "search", "server",
                    "servers", "statistics", "system", "transcode", "updater", "user")  # fmt: skip


def renderer(ctx: Ctx) -> Renderer:
    """A renderer for the requesting user."""
    assert ctx.user is not None
    return Renderer(ctx.server.library, ctx.server.tags, ctx.user.id)


def _int(ctx: Ctx, name: str) -> int | None:
    value = ctx.param(name)
    if value is None:
        return None
    try:
        return int(value)
    except ValueError:
        raise HttpError(html_error(400)) from None


@ROUTES.route("GET", "/identity", auth=False)
async def identity(ctx: Ctx) -> web.StreamResponse:
    """Who this server is; the one route that needs no token."""
    server = ctx.server
    return reply(ctx, "MediaContainer", {
        "size": 0, "apiVersion": "1.1.1", "claimed": True,
        "machineIdentifier": server.machine_identifier, "version": server.version,
    })  # fmt: skip


@ROUTES.route("GET", "/")
async def root(ctx: Ctx) -> web.StreamResponse:
    """The server's capabilities and identity (plexapi's PlexServer() reads this)."""
    server = ctx.server
    return reply(ctx, "MediaContainer", {
        "size": len(ROOT_DIRECTORIES), "allowCameraUpload": True, "allowChannelAccess": True,
        "allowMediaDeletion": True, "allowSharing": True, "allowSync": True,
        "allowTuners": True, "backgroundProcessing": True, "certificate": True,
        "companionProxy": True, "countryCode": "nld", "diagnostics": "logs,databases,streaminglogs",
        "eventStream": True, "friendlyName": server.friendly_name, "hubSearch": True,
        "itemClusters": True, "livetv": 7, "machineIdentifier": server.machine_identifier,
        "mediaProviders": True, "multiuser": True, "musicAnalysis": 2, "myPlex": True,
        "myPlexMappingState": "mapped", "myPlexSigninState": "ok", "myPlexSubscription": False,
        "myPlexUsername": server.accounts.owner.email, "offlineTranscode": 1,
        "ownerFeatures": "home,server-manager,webhooks", "photoAutoTag": True,
        "platform": "Linux", "platformVersion": "12", "pluginHost": True,
        "pushNotifications": False, "readOnlyLibraries": False, "requestParametersInCookie": True,
        "streamingBrainABRVersion": 3, "streamingBrainVersion": 2, "sync": True,
        "transcoderActiveVideoSessions": 0, "transcoderAudio": True, "transcoderLyrics": True,
        "transcoderPhoto": True, "transcoderSubtitles": True, "transcoderVideo": True,
        "transcoderVideoBitrates": "64,96,208,320,720,1500,2000,3000,4000,8000,10000,12000,20000",
        "transcoderVideoQualities": "0,1,2,3,4,5,6,7,8,9,10,11,12",
        "transcoderVideoResolutions": "128,128,160,240,320,480,768,720,720,1080,1080,1080,1080",
        "updatedAt": server.library.sections[0].updated_at, "updater": True,
        "version": server.version, "voiceSearch": True,
        "Directory": [{"count": 1, "key": k, "title": k} for k in ROOT_DIRECTORIES],
    })  # fmt: skip


@ROUTES.route("GET", "/library")
async def library_root(ctx: Ctx) -> web.StreamResponse:
    """The library's entry points."""
    return reply(ctx, "MediaContainer", {
        "size": 3, "allowSync": False, "art": "/:/resources/library-art.jpg",
        "content": "", "identifier": LIBRARY_IDENTIFIER, "mediaTagPrefix": MEDIA_TAG_PREFIX,
        "mediaTagVersion": MEDIA_TAG_VERSION, "title1": "Plex Library", "title2": "",
        "Directory": [{"key": "sections", "title": "Library Sections"},
                      {"key": "recentlyAdded", "title": "Recently Added Content"},
                      {"key": "onDeck", "title": "On Deck Content"}],
    })  # fmt: skip


@ROUTES.route("GET", "/library/sections", "/library/sections/all")
async def sections(ctx: Ctx) -> web.StreamResponse:
    """The library sections: movies, TV shows and a music section."""
    found = sections_directory(ctx.server.library)
    return reply(ctx, "MediaContainer", {
        "size": len(found), "allowSync": False, "identifier": LIBRARY_IDENTIFIER,
        "mediaTagPrefix": MEDIA_TAG_PREFIX, "mediaTagVersion": MEDIA_TAG_VERSION,
        "title1": "Plex Library", "Directory": found,
    })  # fmt: skip


def _section(ctx: Ctx) -> int:
    key = ctx.path["sectionId"]
    if not key.isdigit() or ctx.server.library.section(int(key)) is None:
        raise HttpError(html_error(404))
    return int(key)


def page(ctx: Ctx, items: list[Item], container: dict[str, Any],
         opts: Options) -> web.StreamResponse:  # fmt: skip
    """Answer one page of `items`: `size` is the page's length; `totalSize` and `offset`
    (and the X-Plex-Container-* response headers) only when paging was asked for."""
    start, size = _int(ctx, "X-Plex-Container-Start"), _int(ctx, "X-Plex-Container-Size")
    headers: dict[str, str] | None = None
    chosen = items
    if start is not None or size is not None:
        first = max(0, start or 0)
        chosen = items[first : first + size] if size is not None else items[first:]
        container["totalSize"] = len(items)
        container["offset"] = first
        headers = {"X-Plex-Container-Start": str(first),
                   "X-Plex-Container-Total-Size": str(len(items))}  # fmt: skip
    render = renderer(ctx)
    out = {"size": len(chosen), **container}
    if chosen:
        out["Metadata"] = [render.item(i, opts) for i in chosen]
    return reply(ctx, "MediaContainer", out, headers=headers)


@ROUTES.route("GET", "/library/sections/{sectionId}/all")
async def section_all(ctx: Ctx) -> web.StreamResponse:
    """A section's items of one type (1 movie, 2 show, 3 season, 4 episode), filtered,
    sorted and paged."""
    assert ctx.user is not None
    lib, key = ctx.server.library, _section(ctx)
    section = lib.section(key)
    assert section is not None
    type_number = _int(ctx, "type") or (1 if section.type == "movie" else 2)
    kind = TYPES_BY_NUMBER.get(type_number)
    if section.type == "artist":
        kind = None  # the music section holds no videos
    elif kind is None or (section.type == "movie") != (kind == "movie"):
        return html_error(400)
    try:
        filters = parse_filters(list(ctx.query.items()))
        sort = parse_sort(ctx.param("sort"))
    except BadRequest:
        return html_error(400)

    def candidates() -> list[Item]:
        return [i for i in lib.kind_list(kind) if i.section == key] if kind else []

    items = ctx.server.listing_cache.run(lib, candidates, (key, kind), filters, sort, ctx.user.id)
    container = section_container(lib, key)
    if kind is not None and TYPE_NUMBERS[kind] != (1 if section.type == "movie" else 2):
        container["viewGroup"] = kind
    return page(ctx, items, container, Options.parse(ctx.query, detail=False))


def _item(ctx: Ctx, name: str = "ratingKey") -> Item:
    item = ctx.server.library.get(ctx.path[name])
    if item is None:
        raise HttpError(html_error(404))
    return item


@ROUTES.route("GET", "/library/metadata/{ratingKey}")
async def metadata(ctx: Ctx) -> web.StreamResponse:
    """One or more items (comma-separated rating keys) in full; 404 if none exists."""
    lib = ctx.server.library
    found = [i for i in (lib.get(k) for k in ctx.path["ratingKey"].split(",")) if i is not None]
    if not found:
        return html_error(404)
    render, opts = renderer(ctx), Options.parse(ctx.query, detail=True)
    return reply(ctx, "MediaContainer", {
        "size": len(found), **metadata_container(lib, found),
        "Metadata": [render.item(i, opts) for i in found],
    })  # fmt: skip


@ROUTES.route("GET", "/library/metadata/{ratingKey}/children")
async def children(ctx: Ctx) -> web.StreamResponse:
    """A show's seasons (plus an "All episodes" entry unless `excludeAllLeaves=1`) or a
    season's episodes."""
    lib, parent = ctx.server.library, _item(ctx)
    kids = lib.kids(parent.rating_key)
    container = metadata_container(lib, [parent])
    container["key"] = str(parent.rating_key)
    if parent.kind == "show":
        container.update(parentTitle=parent.title, title1=parent.title, viewGroup="season")
        if parent.year is not None:
            container["parentYear"] = parent.year
        if ctx.param("excludeAllLeaves") != "1" and kids:
            leaves = list(lib.leaves(parent))
            views = lib.user_views(ctx.user.id if ctx.user else 0)
            viewed = sum(1 for e in leaves if e.rating_key in views and views[e.rating_key].count)
            container["Directory"] = [{
                "leafCount": len(leaves), "thumb": f"{parent.key}/thumb/{parent.updated_at}",
                "viewedLeafCount": viewed, "key": f"{parent.key}/allLeaves",
                "title": "All episodes",
            }]  # fmt: skip
    elif parent.kind == "season":
        show = lib.by_key.get(parent.parent or 0)
        container.update(parentIndex=parent.index, title2=parent.title, viewGroup="episode")
        if show is not None:
            container.update(parentTitle=show.title, title1=show.title)
    return page(ctx, kids, container, Options.parse(ctx.query, detail=False))


@ROUTES.route("GET", "/library/metadata/{ratingKey}/allLeaves")
async def all_leaves(ctx: Ctx) -> web.StreamResponse:
    """Every episode of a show (or season)."""
    lib, parent = ctx.server.library, _item(ctx)
    container = metadata_container(lib, [parent])
    container.update(key=str(parent.rating_key), title1=parent.title, viewGroup="episode")
    return page(ctx, list(lib.leaves(parent)), container, Options.parse(ctx.query, detail=False))
