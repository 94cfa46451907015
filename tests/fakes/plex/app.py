"""The two aiohttp applications (plex.tv and PMS): routing, recording, faults, answers.

Each app has its own Router; a request is recorded, delayed and possibly faulted (the fault
plan and RecordedRequest are the fake Jellyfin's), then routed. Answers are JSON when the
client sent `Accept: application/json`, else XML, as both real services do.
"""

from __future__ import annotations

import asyncio
import re
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import msgspec
from aiohttp import web
from multidict import CIMultiDict, CIMultiDictProxy, MultiMapping

from tests.fakes.jellyfin.app import RecordedRequest
from tests.fakes.jellyfin.faults import DISCONNECT, FAIL, MALFORMED, RETRY_AFTER, TRUNCATE, Fault
from tests.fakes.plex.xmlout import to_xml

if TYPE_CHECKING:
    from tests.fakes.jellyfin.faults import Faults
    from tests.fakes.plex.accounts import HomeUser
    from tests.fakes.plex.server import FakePlex

Handler = Callable[["Ctx"], Awaitable[web.StreamResponse]]
PMS, PLEX_TV = "pms", "plex.tv"


@dataclass
class PlexRequest(RecordedRequest):
    """A recorded request; `auth` holds the X-Plex-* headers, `app` says which server got it."""

    app: str = PMS


class HttpError(Exception):
    """Raised by a handler to answer with an error response."""

    def __init__(self, response: web.Response) -> None:
        """Carry the response to send."""
        super().__init__(response.status)
        self.response = response


@dataclass
class Ctx:
    """Everything a handler needs about one request."""

    server: FakePlex
    request: web.Request
    query: MultiMapping[str]
    path: dict[str, str]
    token: str | None
    user: HomeUser | None  # the home user the token belongs to
    wants_json: bool

    def param(self, name: str, default: str | None = None) -> str | None:
        """A query parameter, or the header of that name (paging comes either way)."""
        value = self.query.get(name)
        if value is None:
            value = self.request.headers.get(name)
        return default if value is None or value == "" else value

    @property
    def client_id(self) -> str | None:
        """The X-Plex-Client-Identifier header (or query parameter)."""
        return self.param("X-Plex-Client-Identifier")


@dataclass(frozen=True)
class Route:
    """One path template and its handler."""

    methods: frozenset[str]
    pattern: re.Pattern[str]
    handler: Handler
    needs_auth: bool


class Router:
    """Case-sensitive path templates (`/library/metadata/{ratingKey}`), tried in order."""

    def __init__(self) -> None:
        """No routes yet."""
        self.routes: list[Route] = []

    def route(
        self, methods: str, *templates: str, auth: bool = True
    ) -> Callable[[Handler], Handler]:
        """Register a handler for space-separated methods on one or more templates."""

        def register(handler: Handler) -> Handler:
            wanted = frozenset(methods.upper().split())
            if "GET" in wanted:
                wanted |= {"HEAD"}
            for template in templates:
                out, pos = [], 0
                for m in re.finditer(r"\{(\w+)\}", template):
                    out.append(re.escape(template[pos : m.start()]))
                    out.append(f"(?P<{m.group(1)}>[^/]+?)")
                    pos = m.end()
                out.append(re.escape(template[pos:]))
                pattern = re.compile("".join(out) + "/?")
                self.routes.append(Route(wanted, pattern, handler, auth))
            return handler

        return register

    def resolve(self, method: str, path: str) -> tuple[Route, dict[str, str]] | int:
        """The route and path parameters of a request, or 404/405."""
        allowed = False
        for candidate in self.routes:
            m = candidate.pattern.fullmatch(path)
            if m is None:
                continue
            if method in candidate.methods:
                return candidate, m.groupdict()
            allowed = True
        return 405 if allowed else 404


def wants_json(request: web.Request) -> bool:
    """Both services answer JSON only when asked for it."""
    return "application/json" in request.headers.get("Accept", "")


def reply(ctx: Ctx, root: str, node: dict[str, Any] | list[Any], status: int = 200,
          headers: dict[str, str] | None = None) -> web.Response:  # fmt: skip
    """An answer in the negotiated format: JSON `{root: node}` (a bare list for plex.tv's
    lists) or an XML document whose root element is `root`."""
    if ctx.wants_json:
        body = msgspec.json.encode(node if root == "" or isinstance(node, list) else {root: node})
        return web.Response(body=body, status=status, headers=headers,
                            content_type="application/json", charset="utf-8")  # fmt: skip
    assert isinstance(node, dict)
    return web.Response(body=to_xml(root, node), status=status, headers=headers,
                        content_type="text/xml", charset="utf-8")  # fmt: skip


REASONS = {
    400: "Bad Request",
    401: "Unauthorized",
    403: "Forbidden",
    404: "Not Found",
    405: "Method Not Allowed",
    500: "Internal Server Error",
}


def html_error(status: int) -> web.Response:
    """PMS's error page: a tiny HTML document, whatever the client accepts."""
    reason = REASONS.get(status, "Error")
    body = (
        f"<html><head><title>{reason}</title></head><body><h1>{status} {reason}</h1></body></html>"
    )
    return web.Response(status=status, text=body, content_type="text/html")


def build_app(server: FakePlex, router: Router, app: str) -> web.Application:
    """One catch-all route; `_dispatch` does the routing."""
    application = web.Application(client_max_size=16 * 1024 * 1024)

    async def dispatch(request: web.Request) -> web.StreamResponse:
        return await _dispatch(server, router, app, request)

    application.router.add_route("*", "/{tail:.*}", dispatch)
    return application


def _token(request: web.Request) -> str | None:
    return request.headers.get("X-Plex-Token") or request.query.get("X-Plex-Token") or None


async def _dispatch(
    server: FakePlex, router: Router, app: str, request: web.Request
) -> web.StreamResponse:
    raw = await request.read()
    body_json: Any = None
    if raw and "json" in request.headers.get("Content-Type", ""):
        try:
            body_json = msgspec.json.decode(raw)
        except msgspec.DecodeError:
            body_json = None
    pairs = list(request.query.items())
    token = _token(request)
    record = PlexRequest(
        method=request.method,
        path=request.path,
        query=dict(reversed(pairs)),
        query_pairs=pairs,
        headers=CIMultiDictProxy(CIMultiDict(request.headers)),
        body=raw,
        json=body_json,
        auth={k: v for k, v in request.headers.items() if k.lower().startswith("x-plex-")},
        token=token,
        app=app,
    )
    server.requests.append(record)
    faults: Faults = server.faults if app == PMS else server.plex_tv_faults
    delay = faults.latency_for(request.path)
    if delay:
        await asyncio.sleep(delay)
    fault = faults.take(request.method, request.path)
    if fault is not None:
        record.fault = fault.kind
        if fault.kind in (FAIL, RETRY_AFTER, DISCONNECT):
            refusal = _refusal(fault, request)
            record.status = refusal.status
            return refusal
    response = await _handle(server, router, app, request, token)
    record.status = response.status
    if fault is not None and isinstance(response, web.Response):
        return await _mangle(fault, request, response)
    return response


async def _handle(
    server: FakePlex, router: Router, app: str, request: web.Request, token: str | None
) -> web.StreamResponse:
    found = router.resolve(request.method, request.path)
    if isinstance(found, int):
        return html_error(found)
    target, path_params = found
    user = server.accounts.pms_user(token) if app == PMS else server.accounts.tv_user(token)
    ctx = Ctx(server, request, request.query, path_params, token, user, wants_json(request))
    if target.needs_auth and user is None:
        if app == PMS:
            return html_error(401)
        return plex_tv_error(ctx, 401, 1001, "User could not be authenticated")
    cache_key = _cache_key(ctx) if server.page_cache.enabled else None
    if cache_key is not None:
        versions = (server.library.version, server.library.views_version)
        cached = server.page_cache.get(versions, cache_key)
        if cached is not None:
            return cached
    try:
        response = await target.handler(ctx)
    except HttpError as error:
        return error.response
    return response if cache_key is None else server.page_cache.put(cache_key, response)


_CACHED_PATHS = ("/library/sections/", "/library/metadata/")
_PAGING = ("X-Plex-Container-Start", "X-Plex-Container-Size")


def _cache_key(ctx: Ctx) -> tuple[Any, ...] | None:
    """What decides a library page's bytes, for the benchmarks' page cache (see there)."""
    request = ctx.request
    if request.method != "GET" or not request.path.startswith(_CACHED_PATHS):
        return None
    paging = tuple(
        request.headers.get(h) for h in ("X-Plex-Container-Start", "X-Plex-Container-Size")
    )
    user = ctx.user.id if ctx.user is not None else None
    return (request.path, tuple(sorted(request.query.items())), paging, user, ctx.wants_json)


def plex_tv_error(ctx: Ctx, status: int, code: int, message: str) -> web.Response:
    """plex.tv's error body: `{"errors": [{code, message, status}]}` or `<errors>` XML."""
    error = {"code": code, "message": message, "status": status}
    if ctx.wants_json:
        return reply(ctx, "", {"errors": [error]}, status)
    return reply(ctx, "errors", {"error": [error]}, status)


def _refusal(fault: Fault, request: web.Request) -> web.Response:
    if fault.kind == DISCONNECT:
        if request.transport is not None:
            request.transport.close()
        return web.Response(status=500)  # never sent: the connection is gone
    if fault.kind == RETRY_AFTER:
        return web.Response(status=fault.status, text="Service Unavailable",
                            headers={"Retry-After": f"{fault.retry_after_s:g}"})  # fmt: skip
    return html_error(fault.status)


async def _mangle(fault: Fault, request: web.Request, response: web.Response) -> web.StreamResponse:
    body = response.body if isinstance(response.body, bytes) else b""
    if fault.kind == MALFORMED:
        # Half a document, with the original content type: neither JSON nor XML parses it.
        broken = body[: len(body) // 2] if len(body) > 1 else b"<"
        return web.Response(status=200, body=broken, content_type=response.content_type)
    assert fault.kind == TRUNCATE
    # Promise the whole body, send half, hang up: the client sees a short read.
    stream = web.StreamResponse(status=response.status, headers=response.headers)
    stream.content_length = len(body)
    await stream.prepare(request)
    await stream.write(body[: len(body) // 2])
    if request.transport is not None:
        request.transport.close()
    return stream
