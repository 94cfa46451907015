"""A small case-insensitive router: Jellyfin matches paths in any case, aiohttp does not."""

from __future__ import annotations

import re
import secrets
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import msgspec
from aiohttp import web

from tests.fakes.jellyfin.auth import Session
from tests.fakes.jellyfin.library import Item
from tests.fakes.jellyfin.query import Params

if TYPE_CHECKING:
    from tests.fakes.jellyfin.server import FakeJellyfin

Handler = Callable[["Ctx"], Awaitable[web.StreamResponse]]
GUID = re.compile(r"[0-9a-fA-F]{32}|[0-9a-fA-F]{8}-([0-9a-fA-F]{4}-){3}[0-9a-fA-F]{12}")


class HttpError(Exception):
    """Raised by a handler to answer with an error response."""

    def __init__(self, response: web.Response) -> None:
        """Carry the response to send."""
        super().__init__(response.status)
        self.response = response


def json_response(value: Any, status: int = 200) -> web.Response:
    """A JSON answer, encoded with msgspec (fast enough for 10,000+ items a second)."""
    return web.Response(
        body=msgspec.json.encode(value),
        status=status,
        content_type="application/json",
        charset="utf-8",
    )


_TITLES = {400: "Bad Request", 401: "Unauthorized", 403: "Forbidden", 404: "Not Found"}


def problem(status: int, detail: str | None = None) -> web.Response:
    """An RFC 9457 ProblemDetails body, as ASP.NET writes for NotFound()/BadRequest()."""
    body: dict[str, Any] = {
        "type": f"https://tools.ietf.org/html/rfc9110#section-15.5.{status - 399}",
        "title": _TITLES.get(status, "Error"),
        "status": status,
        "traceId": f"00-{secrets.token_hex(16)}-{secrets.token_hex(8)}-00",
    }
    if detail:
        body["detail"] = detail
    return web.Response(
        body=msgspec.json.encode(body),
        status=status,
        content_type="application/problem+json",
        charset="utf-8",
    )


def text_error(status: int, message: str) -> web.Response:
    """A plain-text error, as the server's exception middleware writes."""
    return web.Response(status=status, text=message, content_type="text/plain")


def no_content() -> web.Response:
    """204, the answer of the session reporting endpoints."""
    return web.Response(status=204)


@dataclass
class Ctx:
    """Everything a handler needs about one request."""

    server: FakeJellyfin
    request: web.Request
    params: Params
    path: dict[str, str]
    auth: dict[str, str]
    session: Session | None
    json: Any

    def guid(self, name: str) -> str:
        """A GUID path parameter, normalised to 32 lower-case hex digits (400 if malformed)."""
        value = self.path[name]
        if not GUID.fullmatch(value):
            raise HttpError(problem(400, f"The value '{value}' is not valid."))
        return value.replace("-", "").lower()

    def item(self, name: str = "itemId") -> Item:
        """The item named by a path parameter; 404 when there is none."""
        item = self.server.library.get(self.guid(name))
        if item is None:
            raise HttpError(problem(404))
        return item

    def check_user(self, name: str = "userId") -> None:
        """404 unless a path's user id is the fake's user."""
        if self.guid(name) != self.server.library.user_id:
            raise HttpError(problem(404, "User not found"))

    def body(self, name: str, default: Any = None) -> Any:
        """A member of the JSON body, matched case-insensitively as ASP.NET binds it."""
        if isinstance(self.json, dict):
            lowered = name.lower()
            for key, value in self.json.items():
                if key.lower() == lowered and value is not None:
                    return value
        return default


@dataclass(frozen=True)
class Route:
    """One path template and the handler answering it."""

    methods: frozenset[str]
    pattern: re.Pattern[str]
    handler: Handler
    needs_auth: bool


ROUTES: list[Route] = []


def compile_template(template: str) -> re.Pattern[str]:
    """`/Items/{itemId}/stream.{container}` -> a case-insensitive full-match regex."""
    out, pos = [], 0
    for m in re.finditer(r"\{(\w+)\}", template):
        out.append(re.escape(template[pos : m.start()]))
        out.append(f"(?P<{m.group(1)}>[^/]+?)")
        pos = m.end()
    out.append(re.escape(template[pos:]))
    return re.compile("".join(out) + "/?", re.IGNORECASE)


def route(methods: str, *templates: str, auth: bool = True) -> Callable[[Handler], Handler]:
    """Register a handler for space-separated methods on one or more path templates."""

    def register(handler: Handler) -> Handler:
        wanted = frozenset(methods.upper().split())
        if "GET" in wanted:
            wanted |= {"HEAD"}
        for template in templates:
            ROUTES.append(Route(wanted, compile_template(template), handler, auth))
        return handler

    return register


def resolve(method: str, path: str) -> tuple[Route, dict[str, str]] | int:
    """The route and path parameters for a request, or 404/405."""
    allowed = False
    for candidate in ROUTES:
        m = candidate.pattern.fullmatch(path)
        if m is None:
            continue
        if method in candidate.methods:
            return candidate, m.groupdict()
        allowed = True
    return 405 if allowed else 404
