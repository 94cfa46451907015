"""The aiohttp application: base path, recording, faults, auth, then the routed handler."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import msgspec
from aiohttp import web
from multidict import CIMultiDict, CIMultiDictProxy

# Imported for their @route registrations; the order matters where templates overlap.
from tests.fakes.jellyfin import routes_hls, routes_library, routes_playback  # noqa: F401
from tests.fakes.jellyfin.auth import request_credentials
from tests.fakes.jellyfin.faults import DISCONNECT, FAIL, MALFORMED, RETRY_AFTER, TRUNCATE, Fault
from tests.fakes.jellyfin.query import BadRequest, Params
from tests.fakes.jellyfin.routing import Ctx, HttpError, problem, resolve, text_error

if TYPE_CHECKING:
    from tests.fakes.jellyfin.server import FakeJellyfin


@dataclass
class RecordedRequest:
    """One request the fake received, for tests to assert on."""

    method: str
    path: str  # as sent, with the base path removed
    query: dict[str, str]  # first value of each key, keys as sent
    query_pairs: list[tuple[str, str]]  # every (key, value), repeated keys included
    headers: CIMultiDictProxy[str]
    body: bytes
    json: Any  # the decoded body, or None when there was none or it was not JSON
    auth: dict[str, str]  # the parsed MediaBrowser authorization parameters
    token: str | None
    status: int | None = None  # the answer's status, once sent
    fault: str | None = None  # the fault that hit it, if any


@dataclass
class _Body:
    raw: bytes
    value: Any = None
    invalid: bool = False
    extra: dict[str, Any] = field(default_factory=dict)


def _decode(raw: bytes, content_type: str) -> _Body:
    if not raw or "json" not in content_type.lower():
        return _Body(raw)
    try:
        return _Body(raw, msgspec.json.decode(raw))
    except msgspec.DecodeError:
        return _Body(raw, invalid=True)


def build_app(server: FakeJellyfin) -> web.Application:
    """One catch-all route; `dispatch` does the routing so that it can ignore case."""
    app = web.Application(client_max_size=64 * 1024 * 1024)

    async def dispatch(request: web.Request) -> web.StreamResponse:
        return await _dispatch(server, request)

    app.router.add_route("*", "/{tail:.*}", dispatch)
    return app


def _strip_base(base: str, path: str) -> str | None:
    if not base:
        return path
    if path.lower() == base.lower():
        return "/"
    if path.lower().startswith(base.lower() + "/"):
        return path[len(base) :]
    return None


async def _dispatch(server: FakeJellyfin, request: web.Request) -> web.StreamResponse:
    path = _strip_base(server.base_path, request.path)
    if path is None:
        return problem(404)
    raw = await request.read()
    body = _decode(raw, request.headers.get("Content-Type", ""))
    pairs = list(request.query.items())
    params = Params(pairs)
    auth, token = request_credentials(request.headers, params.first)
    record = RecordedRequest(
        method=request.method,
        path=path,
        query=dict(reversed(pairs)),
        query_pairs=pairs,
        headers=CIMultiDictProxy(CIMultiDict(request.headers)),
        body=raw,
        json=body.value,
        auth=auth,
        token=token,
    )
    server.requests.append(record)
    delay = server.faults.latency_for(path)
    if delay:
        await asyncio.sleep(delay)
    fault = server.faults.take(request.method, path)
    if fault is not None:
        record.fault = fault.kind
        if fault.kind in (FAIL, RETRY_AFTER, DISCONNECT):
            refusal = _fault_response(fault, request)
            record.status = refusal.status
            return refusal
    response = await _handle(server, request, path, params, auth, token, body)
    record.status = response.status
    if fault is not None and isinstance(response, web.Response):
        return await _mangle(fault, request, response)
    return response


async def _handle(
    server: FakeJellyfin,
    request: web.Request,
    path: str,
    params: Params,
    auth: dict[str, str],
    token: str | None,
    body: _Body,
) -> web.StreamResponse:
    found = resolve(request.method, path)
    if isinstance(found, int):
        return problem(404) if found == 404 else text_error(405, "Method Not Allowed")
    target, path_params = found
    session = server.sessions.lookup(token, server.now_us())
    if target.needs_auth and session is None:
        return web.Response(status=401)  # the real server's challenge has no body
    if body.invalid:
        return problem(400, "The JSON value could not be converted.")
    ctx = Ctx(server, request, params, path_params, auth, session, body.value)
    try:
        return await target.handler(ctx)
    except HttpError as error:
        return error.response
    except BadRequest as error:
        return problem(400, str(error))


def _fault_response(fault: Fault, request: web.Request) -> web.Response:
    if fault.kind == DISCONNECT:
        if request.transport is not None:
            request.transport.close()
        return web.Response(status=500)  # never sent: the connection is gone
    if fault.kind == RETRY_AFTER:
        seconds = f"{fault.retry_after_s:g}"
        return web.Response(
            status=fault.status, text="The server is busy.", headers={"Retry-After": seconds}
        )
    return text_error(fault.status, "Error processing request.")


async def _mangle(fault: Fault, request: web.Request, response: web.Response) -> web.StreamResponse:
    body = response.body if isinstance(response.body, bytes) else b""
    if fault.kind == MALFORMED:
        broken = body[: len(body) // 2] if len(body) > 1 else b"{"
        return web.Response(status=200, body=broken, content_type="application/json")
    assert fault.kind == TRUNCATE
    # Promise the whole body, send half, hang up: the client sees a short read.
    stream = web.StreamResponse(status=response.status, headers=response.headers)
    stream.content_length = len(body)
    await stream.prepare(request)
    await stream.write(body[: len(body) // 2])
    if request.transport is not None:
        request.transport.close()
    return stream
