"""plex.tv routes: PIN login, the account, resources (servers and their connections), Plex Home.

plex.tv's v2 API answers JSON when asked and otherwise XML whose elements are lower-case
and whose lists are wrapped (`<resources><resource><connections><connection/>`), which is
what plexapi parses; the v1 routes (`/api/resources`, `/api/home/users`, `/api/users/`)
answer `<MediaContainer>` XML with capitalised elements.
"""

from __future__ import annotations

import time
from datetime import UTC, datetime
from typing import Any

from aiohttp import web

from tests.fakes.plex.accounts import HomeUser, Pin
from tests.fakes.plex.app import Ctx, HttpError, Router, plex_tv_error, reply

ROUTES = Router()
PUBLIC_ADDRESS = "203.0.113.7"  # TEST-NET-3: never reached, only reported


def iso(ts: float) -> str:
    """plex.tv's date-time format: ISO 8601, UTC, whole seconds, `Z`."""
    return datetime.fromtimestamp(int(ts), UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _singular(key: str) -> str:
    return key[:-1] if key.endswith("s") else key


def tv_xml(node: dict[str, Any]) -> dict[str, Any]:
    """plex.tv v2's XML shape: a list `k` becomes `<k><singular .../>...</k>`."""
    out: dict[str, Any] = {}
    for key, value in node.items():
        if isinstance(value, list):
            items = [tv_xml(v) if isinstance(v, dict) else {"id": v} for v in value]
            out[key] = {_singular(key): items} if items else {}
        elif isinstance(value, dict):
            out[key] = tv_xml(value)
        else:
            out[key] = value
    return out


def tv_reply(ctx: Ctx, root: str, node: Any, status: int = 200) -> web.Response:
    """A v2 answer: bare JSON, or XML with a lower-case root."""
    if ctx.wants_json:
        return reply(ctx, "", node, status)
    if isinstance(node, list):
        wrapped = {"size": len(node), _singular(root): [tv_xml(n) for n in node]}
        return reply(ctx, root, wrapped, status)
    return reply(ctx, root, tv_xml(node), status)


# -- PIN login ---------------------------------------------------------------------------


def pin_json(pin: Pin, now: float) -> dict[str, Any]:
    """The pin object POST /api/v2/pins and GET /api/v2/pins/{id} answer with."""
    return {
        "id": pin.id,
        "code": pin.code,
        "product": pin.product,
        "trusted": False,
        "qr": f"https://plex.tv/api/v2/pins/qr/{pin.code}",
        "clientIdentifier": pin.client_id,
        "location": {
            "code": "NL",
            "european_union_member": True,
            "continent_code": "EU",
            "country": "Netherlands",
            "city": "Utrecht",
            "time_zone": "Europe/Amsterdam",
            "postal_code": "3511",
            "in_privacy_restricted_country": True,
            "in_privacy_restricted_region": False,
            "subdivisions": "Utrecht",
            "coordinates": "52.0908, 5.1222",
        },
        "expiresIn": max(0, int(pin.created_at + pin.expires_in - now)),
        "createdAt": iso(pin.created_at),
        "expiresAt": iso(pin.created_at + pin.expires_in),
        "authToken": pin.auth_token,
        "newRegistration": None,
    }


def _require_client(ctx: Ctx) -> str:
    client = ctx.client_id
    if not client:
        raise HttpError(plex_tv_error(ctx, 400, 1000, "X-Plex-Client-Identifier is missing"))
    return client


@ROUTES.route("POST", "/api/v2/pins", auth=False)
async def create_pin(ctx: Ctx) -> web.StreamResponse:
    """A new PIN, bound to the caller's client identifier (201)."""
    client = _require_client(ctx)
    strong = (ctx.param("strong") or "").lower() in ("true", "1")
    product = ctx.param("X-Plex-Product") or "Plex Web"
    pin = ctx.server.accounts.create_pin(client, product, strong)
    return tv_reply(ctx, "pin", pin_json(pin, time.time()), 201)


@ROUTES.route("GET", "/api/v2/pins/{pinId}", auth=False)
async def check_pin(ctx: Ctx) -> web.StreamResponse:
    """The PIN's state; 404 when unknown, expired or polled by another client."""
    client = _require_client(ctx)
    pin = (
        ctx.server.accounts.pins.get(int(ctx.path["pinId"]))
        if ctx.path["pinId"].isdigit()
        else None
    )
    now = time.time()
    if pin is None or pin.client_id != client or not pin.alive(now):
        return plex_tv_error(ctx, 404, 1020, "Code not found or expired")
    return tv_reply(ctx, "pin", pin_json(pin, now))


# -- the account ---------------------------------------------------------------------------


def user_json(ctx: Ctx, user: HomeUser) -> dict[str, Any]:
    """GET /api/v2/user: the account the token belongs to."""
    accounts = ctx.server.accounts
    return {
        "id": user.id, "uuid": user.uuid, "username": user.username, "title": user.title,
        "email": user.email, "friendlyName": user.title, "locale": None, "confirmed": True,
        "joinedAt": accounts.joined_at, "emailOnlyAuth": False, "hasPassword": user.admin,
        "protected": user.protected, "thumb": user.thumb, "authToken": user.account_token,
        "mailingListStatus": "active", "mailingListActive": False, "scrobbleTypes": "",
        "country": "NL",
        "subscription": {"active": False, "subscribedAt": None, "status": "Inactive",
                         "paymentService": None, "plan": None, "features": []},
        "subscriptionDescription": None, "restricted": user.restricted, "anonymous": None,
        "home": True, "guest": False, "homeSize": len(accounts.home_users),
        "homeAdmin": user.admin, "maxHomeSize": 15,
        "rememberExpiresAt": int(time.time()) + 14 * 86_400,
        "profile": {"autoSelectAudio": True, "defaultAudioLanguage": "en",
                    "defaultSubtitleLanguage": "en", "autoSelectSubtitle": 1,
                    "defaultSubtitleAccessibility": 0, "defaultSubtitleForced": 1,
                    "watchedIndicator": 1, "mediaReviewsVisibility": 0},
        "entitlements": [], "roles": [], "services": [], "adsConsent": None,
        "adsConsentSetAt": None, "adsConsentReminderAt": None, "experimentalFeatures": False,
        "twoFactorEnabled": False, "backupCodesCreated": False, "attributionPartner": None,
    }  # fmt: skip


@ROUTES.route("GET", "/api/v2/user", "/users/account")
async def get_user(ctx: Ctx) -> web.StreamResponse:
    """The signed-in account (plexapi's MyPlexAccount(token=...) starts here; older
    clients ask the v1 `/users/account`, which the fake answers the same way)."""
    assert ctx.user is not None
    return tv_reply(ctx, "user", user_json(ctx, ctx.user))


@ROUTES.route("POST", "/api/v2/users/signin", auth=False)
async def sign_in(ctx: Ctx) -> web.StreamResponse:
    """Username/e-mail and password sign-in of the owner (password: FakePlex.password)."""
    form = await ctx.request.post()
    login = str(form.get("login") or ctx.param("login") or "")
    password = str(form.get("password") or ctx.param("password") or "")
    owner = ctx.server.accounts.owner
    if login.lower() not in (owner.username.lower(), owner.email.lower()) or (
        password != ctx.server.password
    ):
        return plex_tv_error(ctx, 401, 1001, "User could not be authenticated")
    return tv_reply(ctx, "user", user_json(ctx, owner), 201)


# -- resources -----------------------------------------------------------------------------


def devices(ctx: Ctx, user: HomeUser) -> list[dict[str, Any]]:
    """The devices a user sees: the server (owned by the owner only) and a player."""
    server, owner = ctx.server, ctx.server.accounts.owner
    owned = user is owner
    want_https = ctx.param("includeHttps") == "1"
    want_relay = ctx.param("includeRelay") == "1"
    want_ipv6 = ctx.param("includeIPv6") == "1"
    connections = [
        c.as_dict() for c in server.connections
        if (want_https or not c.uri.startswith("https:")) and (want_relay or not c.relay)
        and (want_ipv6 or not c.ipv6)
    ]  # fmt: skip
    now = iso(time.time())
    pms = {
        "name": server.friendly_name, "product": "Plex Media Server",
        "productVersion": server.version, "platform": "Linux", "platformVersion": "12",
        "device": "PC", "clientIdentifier": server.machine_identifier,
        "createdAt": iso(1_600_000_000), "lastSeenAt": now, "provides": "server",
        "ownerId": None if owned else owner.id,
        "sourceTitle": None if owned else owner.username,
        "publicAddress": PUBLIC_ADDRESS, "accessToken": user.server_token, "owned": owned,
        "home": not owned, "synced": False, "relay": True, "presence": True,
        "httpsRequired": False, "publicAddressMatches": True, "dnsRebindingProtection": False,
        "natLoopbackSupported": False, "connections": connections,
    }  # fmt: skip
    player = {
        "name": "Living Room TV", "product": "Plex for Android (TV)",
        "productVersion": "10.20.0.1234", "platform": "Android", "platformVersion": "12",
        "device": "SHIELD Android TV",
        "clientIdentifier": f"{server.machine_identifier[:16]}-com-plexapp-android",
        "createdAt": iso(1_650_000_000), "lastSeenAt": now,
        "provides": "player,pubsub-player,controller", "ownerId": None, "sourceTitle": None,
        "publicAddress": PUBLIC_ADDRESS, "accessToken": user.account_token, "owned": True,
        "home": False, "synced": False, "relay": True, "presence": False,
        "httpsRequired": False, "publicAddressMatches": True, "dnsRebindingProtection": False,
        "natLoopbackSupported": False,
        "connections": [{"protocol": "http", "address": "192.0.2.20", "port": 32500,
                         "uri": "http://192.0.2.20:32500", "local": True, "relay": False,
                         "IPv6": False}],
    }  # fmt: skip
    return [pms, player]


@ROUTES.route("GET", "/api/v2/resources")
async def resources(ctx: Ctx) -> web.StreamResponse:
    """The user's devices; the server's `accessToken` is the token to use against it."""
    assert ctx.user is not None
    return tv_reply(ctx, "resources", devices(ctx, ctx.user))


@ROUTES.route("GET", "/api/resources")
async def resources_v1(ctx: Ctx) -> web.StreamResponse:
    """The v1 form: `<MediaContainer><Device ...><Connection .../></Device>`."""
    assert ctx.user is not None
    found = []
    for device in devices(ctx, ctx.user):
        v1 = {k: v for k, v in device.items() if k != "connections" and v is not None}
        for name in ("createdAt", "lastSeenAt"):  # v1 dates are epoch seconds
            v1[name] = int(datetime.strptime(v1[name], "%Y-%m-%dT%H:%M:%S%z").timestamp())
        v1["Connection"] = [
            {k: v for k, v in c.items() if k in ("protocol", "address", "port", "uri", "local")}
            for c in device["connections"]
        ]
        found.append(v1)
    return reply(ctx, "MediaContainer", {"size": len(found), "Device": found})


# -- Plex Home -------------------------------------------------------------------------------


def home_user_json(user: HomeUser) -> dict[str, Any]:
    """One member as the home users lists show it."""
    return {
        "id": user.id, "uuid": user.uuid, "title": user.title, "username": user.username,
        "email": user.email, "friendlyName": user.title, "thumb": user.thumb,
        "hasPassword": user.admin, "restricted": user.restricted, "updatedAt": 1_700_000_000,
        "restrictionProfile": "little_kid" if user.restricted else None, "admin": user.admin,
        "guest": False, "protected": user.protected,
    }  # fmt: skip


@ROUTES.route("GET", "/api/v2/home/users")
async def home_users(ctx: Ctx) -> web.StreamResponse:
    """The home and its members."""
    accounts = ctx.server.accounts
    home = {
        "id": accounts.owner.id + 5_000_000, "name": f"{accounts.owner.title}'s home",
        "guestUserID": None, "guestUserUUID": None, "guestEnabled": False, "subscription": False,
        "users": [home_user_json(u) for u in accounts.home_users],
    }  # fmt: skip
    return tv_reply(ctx, "home", home)


@ROUTES.route("GET", "/api/home/users")
async def home_users_v1(ctx: Ctx) -> web.StreamResponse:
    """The v1 form of the home's members."""
    users = []
    for user in ctx.server.accounts.home_users:
        entry = home_user_json(user)
        entry["home"] = True
        users.append({k: v for k, v in entry.items() if v is not None})
    return reply(ctx, "MediaContainer", {
        "friendlyName": "myPlex", "identifier": "com.plexapp.plugins.myplex",
        "machineIdentifier": "", "totalSize": len(users), "size": len(users), "User": users,
    })  # fmt: skip


def _switch_target(ctx: Ctx, who: str) -> HomeUser:
    try:
        target = ctx.server.accounts.user(who)
    except KeyError:
        raise HttpError(plex_tv_error(ctx, 404, 1002, "User could not be found")) from None
    if target.protected and ctx.param("pin") != target.pin:
        raise HttpError(
            plex_tv_error(ctx, 403, 1041, "A valid PIN is required to perform this action")
        )
    return target


@ROUTES.route("POST", "/api/v2/home/users/{user}/switch")
async def switch_v2(ctx: Ctx) -> web.StreamResponse:
    """Become another home user: their account, with their plex.tv `authToken` (201)."""
    return tv_reply(ctx, "user", user_json(ctx, _switch_target(ctx, ctx.path["user"])), 201)


@ROUTES.route("POST", "/api/home/users/{user}/switch")
async def switch_v1(ctx: Ctx) -> web.StreamResponse:
    """plexapi's switchHomeUser: the new token is the `authenticationToken` attribute."""
    target = _switch_target(ctx, ctx.path["user"])
    entry = {**home_user_json(target), "authenticationToken": target.account_token,
             "authToken": target.account_token}  # fmt: skip
    return tv_reply(ctx, "user", {k: v for k, v in entry.items() if v is not None}, 201)


@ROUTES.route("GET", "/api/users", "/api/users/")
async def users_v1(ctx: Ctx) -> web.StreamResponse:
    """Friends and managed users with their server shares (plexapi's account.users())."""
    server, accounts = ctx.server, ctx.server.accounts
    users = []
    for user in accounts.home_users[1:]:
        users.append({
            "id": user.id, "title": user.title, "username": user.username, "email": user.email,
            "recommendationsPlaylistId": "", "thumb": user.thumb, "protected": int(user.protected),
            "home": 1, "allowTuners": 0, "allowSync": 0, "allowCameraUpload": 0,
            "allowChannels": 0, "allowSubtitleAdmin": 0, "filterAll": "", "filterMovies": "",
            "filterMusic": "", "filterPhotos": "", "filterTelevision": "",
            "restricted": int(user.restricted),
            "Server": [{"id": user.id % 100_000, "serverId": 4_242, "machineIdentifier":
                        server.machine_identifier, "name": server.friendly_name,
                        "lastSeenAt": int(time.time()),
                        "numLibraries": len(server.library.sections),
                        "allLibraries": 1, "owned": 0, "pending": 0}],
        })  # fmt: skip
    return reply(ctx, "MediaContainer", {
        "friendlyName": "myPlex", "identifier": "com.plexapp.plugins.myplex",
        "machineIdentifier": server.machine_identifier, "totalSize": len(users),
        "size": len(users), "User": users,
    })  # fmt: skip
