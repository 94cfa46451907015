"""HTTP for every server backend: one request method with timeouts, retries and our errors.

Backends never call aiohttp directly: they go through `HttpTransport.request`, which
tries a server's addresses in order (sticking with the first that answers), retries what
is worth retrying (timeouts, dropped connections, 5xx, 429) with exponential backoff
that honours `Retry-After`, and maps every failure onto the `BackendError` hierarchy
with a message a person can act on.
"""

from __future__ import annotations

import asyncio
import email.utils
import hashlib
import logging
import random
import socket
import ssl
import time
from abc import ABC, abstractmethod
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from reel_qt.core.device import DeviceIdentity
from reel_qt.core.errors import (
    AuthenticationError,
    BackendConnectionError,
    BackendError,
    BackendTimeoutError,
    RemoteNotFoundError,
    UntrustedCertificateError,
)
from reel_qt.core.lazy_import import lazy_module

if TYPE_CHECKING:
    import aiohttp
else:  # loaded at the first request: the window's first frame does not need it (~0.14 s)
    aiohttp = lazy_module("aiohttp")

log = logging.getLogger("reel.http")

_RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})
# Longer waits than this are not worth holding a sync for: fail and let the schedule retry.
_MAX_RETRY_AFTER_S = 60.0


@dataclass(frozen=True, slots=True)
class RetryPolicy:
    """How often and how patiently to retry a failed request."""

    attempts: int = 4
    base_delay_s: float = 0.5
    max_delay_s: float = 10.0

    def delay(self, attempt: int, retry_after_s: float | None = None) -> float:
        """Seconds to wait before retry number `attempt` (1-based)."""
        if retry_after_s is not None:
            return min(max(retry_after_s, 0.0), _MAX_RETRY_AFTER_S)
        backoff = min(self.base_delay_s * 2 ** (attempt - 1), self.max_delay_s)
        return float(backoff * (0.5 + random.random() / 2))  # jitter spreads clients apart


@dataclass(frozen=True, slots=True)
class Response:
    """A finished HTTP exchange: status, headers and the whole body."""

    status: int
    headers: Mapping[str, str]
    body: bytes
    url: str

    def server_time_ms(self) -> int | None:
        """The server's clock from the Date header, in epoch ms, if it sent one."""
        value = self.headers.get("Date")
        if not value:
            return None
        try:
            return int(email.utils.parsedate_to_datetime(value).timestamp() * 1000)
        except (TypeError, ValueError):
            return None


@dataclass(slots=True)
class TlsTrust:
    """What the user decided about certificates: verify normally, or pin one fingerprint."""

    pinned_sha256: str | None = None

    def ssl_for(self, url: str) -> ssl.SSLContext | aiohttp.Fingerprint | bool:
        """The aiohttp `ssl` argument for a request to url."""
        if not url.startswith("https:"):
            return True
        if self.pinned_sha256:
            return aiohttp.Fingerprint(bytes.fromhex(self.pinned_sha256.replace(":", "")))
        return True


def format_fingerprint(der: bytes) -> str:
    """SHA-256 of a DER certificate as colon-separated hex, as browsers show it."""
    digest = hashlib.sha256(der).hexdigest().upper()
    return ":".join(digest[i : i + 2] for i in range(0, len(digest), 2))


async def fetch_certificate_fingerprint(url: str, timeout_s: float = 10.0) -> str | None:
    """The SHA-256 fingerprint of the certificate a server presents (unverified), or None."""
    parts = urlsplit(url)
    if parts.scheme != "https" or not parts.hostname:
        return None
    context = ssl.create_default_context()
    context.check_hostname = False
    context.verify_mode = ssl.CERT_NONE
    try:
        _, writer = await asyncio.wait_for(
            asyncio.open_connection(parts.hostname, parts.port or 443, ssl=context),
            timeout_s,
        )
    except (OSError, TimeoutError):
        return None
    try:
        ssl_object = writer.get_extra_info("ssl_object")
        der = ssl_object.getpeercert(binary_form=True) if ssl_object else None
        return format_fingerprint(der) if der else None
    finally:
        writer.close()


@dataclass
class HttpTransport:
    """One aiohttp session for one server, with its addresses, headers and trust.

    `addresses` are base URLs tried in order; the one that answered last is tried first
    next time, and `on_address_change` hears about every switch so the source can
    remember it.
    """

    addresses: Sequence[str]
    headers: Callable[[], Mapping[str, str]] = dict
    trust: TlsTrust = field(default_factory=TlsTrust)
    retry: RetryPolicy = field(default_factory=RetryPolicy)
    connect_timeout_s: float = 5.0
    read_timeout_s: float = 30.0
    on_address_change: Callable[[str], None] | None = None
    session: aiohttp.ClientSession | None = None
    _current: int = 0
    _own_session: bool = False

    def __post_init__(self) -> None:
        if not self.addresses:
            raise ValueError("a transport needs at least one address")
        self.addresses = list(self.addresses)

    @property
    def base_url(self) -> str:
        """The address in use now."""
        return self.addresses[self._current]

    def _session(self) -> aiohttp.ClientSession:
        if self.session is None or self.session.closed:
            self.session = aiohttp.ClientSession(
                timeout=aiohttp.ClientTimeout(
                    total=None, sock_connect=self.connect_timeout_s, sock_read=self.read_timeout_s
                ),
                connector=aiohttp.TCPConnector(limit=8, ttl_dns_cache=300),
                raise_for_status=False,
                auto_decompress=True,
            )
            self._own_session = True
        return self.session

    async def close(self) -> None:
        """Close the session if this transport made it."""
        if self.session is not None and self._own_session and not self.session.closed:
            await self.session.close()
        self.session = None

    async def request(
        self,
        method: str,
        path: str,
        *,
        params: Mapping[str, Any] | Sequence[tuple[str, Any]] | None = None,
        json: Any = None,
        headers: Mapping[str, str] | None = None,
        ok: Sequence[int] = (200, 201, 204),
        retry: bool = True,
    ) -> Response:
        """Send one request to the server, trying each address until one answers.

        Args:
            method: HTTP method.
            path: the path below the server's base URL, starting with "/".
            params: query parameters (never secrets: URLs end up in logs).
            json: a JSON body.
            headers: extra headers on top of the transport's own.
            ok: statuses that count as success.
            retry: whether to retry timeouts, dropped connections, 5xx and 429.

        Raises:
            AuthenticationError: 401 or 403.
            RemoteNotFoundError: 404.
            BackendTimeoutError: no answer in time, after retries.
            BackendConnectionError: no address could be reached.
            UntrustedCertificateError: the certificate is not trusted.
            BackendError: any other unexpected status, after retries.
        """
        order = [self._current, *(i for i in range(len(self.addresses)) if i != self._current)]
        last_error: BackendConnectionError | None = None
        for index in order:
            try:
                response = await self._with_retries(
                    method, self.addresses[index], path, params, json, headers, ok, retry
                )
            except UntrustedCertificateError:
                raise
            except BackendConnectionError as error:
                last_error = error
                if len(self.addresses) > 1:
                    log.info(
                        "address %s failed (%s); trying the next", self.addresses[index], error
                    )
                continue
            if index != self._current:
                self._current = index
                log.info("switched to address %s", self.addresses[index])
                if self.on_address_change is not None:
                    self.on_address_change(self.addresses[index])
            return response
        assert last_error is not None
        raise last_error

    async def _with_retries(
        self,
        method: str,
        base: str,
        path: str,
        params: Mapping[str, Any] | Sequence[tuple[str, Any]] | None,
        json: Any,
        headers: Mapping[str, str] | None,
        ok: Sequence[int],
        retry: bool,
    ) -> Response:
        attempts = self.retry.attempts if retry else 1
        for attempt in range(1, attempts + 1):
            last = attempt == attempts
            try:
                response = await self._once(method, base + path, params, json, headers)
            except (BackendTimeoutError, _DroppedError) as error:
                # A server that never answers is not retried on every address forever:
                # one retry tells a blip from a dead address.
                if last or (isinstance(error, BackendTimeoutError) and attempt >= 2):
                    if isinstance(error, BackendTimeoutError):
                        raise
                    raise BackendConnectionError(str(error)) from error
                await asyncio.sleep(self.retry.delay(attempt))
                continue
            if response.status in ok:
                return response
            if response.status in _RETRY_STATUSES and not last:
                wait = self.retry.delay(attempt, _retry_after(response))
                log.info(
                    "%s %s answered %d; retrying in %.1f s", method, path, response.status, wait
                )
                await asyncio.sleep(wait)
                continue
            raise _status_error(response, path)
        raise AssertionError("unreachable")

    async def _once(
        self,
        method: str,
        url: str,
        params: Mapping[str, Any] | Sequence[tuple[str, Any]] | None,
        json: Any,
        headers: Mapping[str, str] | None,
    ) -> Response:
        merged = {**self.headers(), **(headers or {})}
        host = urlsplit(url).netloc
        started = time.perf_counter()
        try:
            async with self._session().request(
                method, url, params=params, json=json, headers=merged, ssl=self.trust.ssl_for(url)
            ) as reply:
                body = await reply.read()
                log.debug(
                    "%s %s -> %d (%d bytes, %.0f ms)",
                    method,
                    urlsplit(url).path,
                    reply.status,
                    len(body),
                    (time.perf_counter() - started) * 1000,
                )
                return Response(reply.status, dict(reply.headers), body, str(reply.url))
        except aiohttp.ServerFingerprintMismatch as error:
            raise UntrustedCertificateError(
                f"The certificate of {host} changed since you trusted it. If you expected "
                "this, trust the new certificate; otherwise someone may be intercepting "
                "the connection.",
                url=url,
            ) from error
        except aiohttp.ClientConnectorCertificateError as error:
            raise UntrustedCertificateError(
                f"The certificate of {host} is not trusted ({error.certificate_error}). "
                "If this is your own server with a self-signed certificate, check its "
                "fingerprint and trust it explicitly.",
                url=url,
            ) from error
        except aiohttp.ClientSSLError as error:
            raise BackendConnectionError(
                f"A secure connection to {host} failed: {error}"
            ) from error
        except TimeoutError as error:
            raise BackendTimeoutError(f"{host} did not answer in time.") from error
        except (aiohttp.ServerDisconnectedError, aiohttp.ClientPayloadError) as error:
            raise _DroppedError(f"The connection to {host} was cut off ({error}).") from error
        except aiohttp.ClientConnectorError as error:
            raise BackendConnectionError(
                f"Cannot reach {host} ({_why_unreachable(error.os_error)})."
            ) from error
        except (aiohttp.ClientError, OSError) as error:
            raise _DroppedError(f"The connection to {host} failed ({error}).") from error


Params = Mapping[str, Any] | Sequence[tuple[str, Any]]


class ServerClient(ABC):
    """Base of a backend's client: one transport, identity headers, GET and POST.

    Subclasses say in `headers()` how their server wants to be addressed; the transport
    asks for them on every request, so a token set after sign-in takes effect at once.
    """

    def __init__(
        self, transport: HttpTransport, identity: DeviceIdentity, *, token: str | None = None
    ) -> None:
        self.transport = transport
        self.identity = identity
        self.token = token
        transport.headers = self.headers

    @abstractmethod
    def headers(self) -> dict[str, str]:
        """Headers for the next request (each server type names its own)."""

    @property
    def base_url(self) -> str:
        """The server address in use."""
        return self.transport.base_url

    async def close(self) -> None:
        """Release the connection pool."""
        await self.transport.close()

    async def get(self, path: str, params: Params | None = None, **kwargs: Any) -> Response:
        """GET a path below the server's base URL."""
        return await self.transport.request("GET", path, params=params, **kwargs)

    async def post(
        self, path: str, params: Params | None = None, body: Any = None, **kwargs: Any
    ) -> Response:
        """POST to a path, with an optional JSON body."""
        return await self.transport.request("POST", path, params=params, json=body, **kwargs)


class _DroppedError(BackendConnectionError):
    """A connection dropped mid-exchange: worth a retry on the same address."""


def _why_unreachable(error: OSError) -> str:
    if isinstance(error, ConnectionRefusedError):
        return "nothing is listening there: is the server running?"
    if isinstance(error, socket.gaierror):
        return "unknown host name"
    if isinstance(error, TimeoutError):
        return "no answer"
    return error.strerror or str(error) or type(error).__name__


def _retry_after(response: Response) -> float | None:
    value = response.headers.get("Retry-After")
    if not value:
        return None
    try:
        return float(value)
    except ValueError:
        pass
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return when.timestamp() - time.time()


def _status_error(response: Response, path: str) -> BackendError:
    status = response.status
    if status in (401, 403):
        return AuthenticationError(
            "The server no longer accepts Reel's sign-in (it may have been revoked or "
            "expired). Sign in again."
        )
    if status == 404:
        return RemoteNotFoundError(f"The server has nothing at {path}.")
    if status == 429:
        return BackendError("The server is rate-limiting Reel; it will try again later.")
    if status >= 500:
        return BackendError(
            f"The server had an internal error (HTTP {status}) answering {path}; "
            "Reel will try again later."
        )
    return BackendError(f"The server refused the request for {path} (HTTP {status}).")
