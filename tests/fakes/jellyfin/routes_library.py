"""Handlers for system info, sign-in, Quick Connect, users, libraries and item queries."""

from __future__ import annotations

from aiohttp import web

from tests.fakes.jellyfin import accounts
from tests.fakes.jellyfin.dto import ALL_FIELDS, DtoOptions, item_dto, parse_fields
from tests.fakes.jellyfin.library import EPISODE, SEASON, SERIES
from tests.fakes.jellyfin.query import ItemQuery, Params, page_result
from tests.fakes.jellyfin.routing import (
    Ctx,
    HttpError,
    json_response,
    problem,
    route,
    text_error,
)

_CLIENT_KEYS = ("Client", "Device", "DeviceId", "Version")


@route("GET", "/System/Info/Public", auth=False)
async def public_info(ctx: Ctx) -> web.Response:
    """PublicSystemInfo."""
    return json_response(accounts.public_info(ctx.server.identity))


@route("GET", "/System/Info")
async def system_info(ctx: Ctx) -> web.Response:
    """SystemInfo (signed in)."""
    return json_response(accounts.system_info(ctx.server.identity))


@route("GET POST", "/System/Ping", auth=False)
async def ping(ctx: Ctx) -> web.Response:
    """The server's product name as a JSON string."""
    return json_response(accounts.PRODUCT)


def _require_client(ctx: Ctx) -> None:
    # SessionManager / QuickConnectManager throw ArgumentException (400) without these.
    missing = [k for k in _CLIENT_KEYS if not ctx.auth.get(k)]
    if missing:
        raise HttpError(text_error(400, f"{', '.join(missing)} is required."))


def _signed_in(ctx: Ctx) -> web.Response:
    server = ctx.server
    now = server.now_us()
    session = server.sessions.sign_in(server.account.user_id, ctx.auth, now)
    server.account.last_login_us = now
    return json_response(accounts.auth_result(session, server.account, server.identity, now))


@route("POST", "/Users/AuthenticateByName", auth=False)
async def authenticate_by_name(ctx: Ctx) -> web.Response:
    """Password sign-in; body {Username, Pw} (names matched case-insensitively)."""
    _require_client(ctx)
    account = ctx.server.account
    username = str(ctx.body("Username", ""))
    password = str(ctx.body("Pw", ""))
    if username.lower() != account.username.lower() or password != account.password:
        return text_error(401, "Error processing request.")
    return _signed_in(ctx)


@route("POST", "/Users/AuthenticateWithQuickConnect", auth=False)
async def authenticate_with_quick_connect(ctx: Ctx) -> web.Response:
    """Exchange an approved Quick Connect secret for a token (the secret is used up)."""
    _require_client(ctx)
    secret = str(ctx.body("Secret", ""))
    pending = ctx.server.sessions.quick_connect
    request = pending.get(secret)
    if request is None:
        return text_error(404, "Unable to find request with provided secret")
    if request.authorized_user is None:
        return text_error(401, "Quick connect request has not been authorized")
    del pending[secret]
    return _signed_in(ctx)


@route("GET", "/QuickConnect/Enabled", auth=False)
async def quick_connect_enabled(ctx: Ctx) -> web.Response:
    """A bare JSON boolean."""
    return json_response(ctx.server.quick_connect_enabled)


@route("POST", "/QuickConnect/Initiate", auth=False)
async def quick_connect_initiate(ctx: Ctx) -> web.Response:
    """Start a request for the calling device; 401 when Quick Connect is off."""
    if not ctx.server.quick_connect_enabled:
        return text_error(401, "Quick connect is not active on this server.")
    _require_client(ctx)
    request = ctx.server.sessions.initiate(ctx.auth, ctx.server.now_us())
    return json_response(accounts.quick_connect_result(request))


@route("GET", "/QuickConnect/Connect", auth=False)
async def quick_connect_connect(ctx: Ctx) -> web.Response:
    """The state of a request, polled by the device waiting for approval."""
    request = ctx.server.sessions.quick_connect.get(ctx.params.get("secret") or "")
    if request is None:
        return problem(404, "Unknown secret")
    return json_response(accounts.quick_connect_result(request))


@route("POST", "/QuickConnect/Authorize")
async def quick_connect_authorize(ctx: Ctx) -> web.Response:
    """Approve a code as the signed-in user (what the web dashboard does)."""
    user_id = ctx.params.get("userId")
    if user_id and user_id.replace("-", "").lower() != ctx.server.library.user_id:
        return problem(403, "Unknown user id.")
    if not ctx.server.sessions.authorize(ctx.params.get("code") or "", ctx.server.library.user_id):
        return text_error(404, "Unable to find request")
    return json_response(True)


@route("GET", "/Users/Me")
async def users_me(ctx: Ctx) -> web.Response:
    """The signed-in user."""
    server = ctx.server
    return json_response(accounts.user_dto(server.account, server.identity, server.now_us()))


@route("GET", "/Users")
async def users(ctx: Ctx) -> web.Response:
    """Every user (just the one)."""
    server = ctx.server
    return json_response([accounts.user_dto(server.account, server.identity, server.now_us())])


@route("GET", "/Users/{userId}")
async def user_by_id(ctx: Ctx) -> web.Response:
    """One user by id; 404 for another id."""
    ctx.check_user()
    server = ctx.server
    return json_response(accounts.user_dto(server.account, server.identity, server.now_us()))


def dto_options(params: Params, all_fields: bool = False) -> DtoOptions:
    """What to include in each item, from Fields/EnableImages/ImageTypeLimit/EnableUserData."""
    types = params.many("enableImageTypes")
    return DtoOptions(
        fields=ALL_FIELDS if all_fields else parse_fields(params.many("fields")),
        enable_images=params.flag("enableImages") is not False,
        image_type_limit=params.number("imageTypeLimit"),
        image_types=frozenset(t.capitalize() for t in types) if types else None,
        enable_user_data=params.flag("enableUserData") is not False,
    )


@route("GET", "/UserViews", "/Users/{userId}/Views")
async def user_views(ctx: Ctx) -> web.Response:
    """The libraries: movies, tvshows and a music one clients may not support."""
    if "userId" in ctx.path:
        ctx.check_user()
    lib = ctx.server.library
    items = [item_dto(lib, view, dto_options(ctx.params, all_fields=True)) for view in lib.views]
    return json_response({"Items": items, "TotalRecordCount": len(items), "StartIndex": 0})


@route("GET", "/Items", "/Users/{userId}/Items")
async def items(ctx: Ctx) -> web.Response:
    """The general item query."""
    if "userId" in ctx.path:
        ctx.check_user()
    return _query(ctx, ItemQuery.parse(ctx.params))


def _query(ctx: Ctx, query: ItemQuery) -> web.Response:
    server = ctx.server
    opts = dto_options(ctx.params)
    # The same question asked in another parameter order is the same page.
    cached = server.page_cache.get(server.library.version, (query, opts))
    if cached is not None:
        return cached
    page, total = server.query_cache.run(server.library, query)
    dtos = [item_dto(server.library, item, opts) for item in page]
    response = json_response(page_result(dtos, total, query))
    server.page_cache.put((query, opts), response)
    return response


@route("GET", "/Items/{itemId}", "/Users/{userId}/Items/{itemId}")
async def item(ctx: Ctx) -> web.Response:
    """One item with every field."""
    if "userId" in ctx.path:
        ctx.check_user()
    found = ctx.item()
    return json_response(item_dto(ctx.server.library, found, dto_options(ctx.params, True)))


@route("GET", "/Shows/{seriesId}/Seasons")
async def seasons(ctx: Ctx) -> web.Response:
    """A series' seasons in order."""
    series = ctx.item("seriesId")
    if series.kind != SERIES:
        return problem(404, "Series not found")
    special = ctx.params.flag("isSpecialSeason")
    query = ItemQuery(parent_id=series.id, include_types=frozenset({SEASON}))
    page, _ = ctx.server.query_cache.run(ctx.server.library, query)
    if special is not None:
        page = [s for s in page if (s.index_number == 0) == special]
    opts = dto_options(ctx.params)
    dtos = [item_dto(ctx.server.library, s, opts) for s in page]
    return json_response({"Items": dtos, "TotalRecordCount": len(dtos), "StartIndex": 0})


@route("GET", "/Shows/{seriesId}/Episodes")
async def episodes(ctx: Ctx) -> web.Response:
    """A series' episodes in aired order, optionally of one season."""
    series = ctx.item("seriesId")
    if series.kind != SERIES:
        return problem(404, "Series not found")
    lib, params = ctx.server.library, ctx.params
    season_id = (params.get("seasonId") or "").replace("-", "").lower()
    number = params.number("season")
    chosen = [
        e
        for e in lib.series_episodes(series)
        if (not season_id or e.season_id == season_id)
        and (number is None or e.parent_index_number == number)
    ]
    start, limit = params.number("startIndex") or 0, params.number("limit")
    page = chosen[start : None if limit is None else start + limit]
    opts = dto_options(params)
    dtos = [item_dto(lib, e, opts) for e in page if e.kind == EPISODE]
    return json_response({"Items": dtos, "TotalRecordCount": len(chosen), "StartIndex": start})
