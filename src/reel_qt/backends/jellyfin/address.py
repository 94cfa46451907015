"""What people type as a Jellyfin address, made into a base URL Reel can use."""

from __future__ import annotations

from urllib.parse import urlsplit, urlunsplit

from reel_qt.core.errors import InvalidArgumentError

DEFAULT_PORT = 8096


def normalise_server_url(text: str) -> str:
    """`host`, `host:8096`, `http(s)://host/base-path/` -> `scheme://host[:port][/base-path]`.

    Without a scheme Reel assumes plain HTTP on Jellyfin's default port 8096 (what a
    fresh server listens on); with a scheme the URL's own port, or the scheme's, is kept.

    Raises:
        InvalidArgumentError: the text cannot be a server address.
    """
    cleaned = text.strip()
    if not cleaned:
        raise InvalidArgumentError("Enter the address of your Jellyfin server.")
    has_scheme = "://" in cleaned
    parts = urlsplit(cleaned if has_scheme else f"http://{cleaned}")
    scheme = parts.scheme.lower()
    if scheme not in ("http", "https"):
        raise InvalidArgumentError(
            f"“{cleaned}” is not a web address: use http:// or https://, or just the host name."
        )
    try:
        host = parts.hostname
        port = parts.port
    except ValueError as error:
        raise InvalidArgumentError(f"“{cleaned}” has an invalid port number.") from error
    if not host or any(ch.isspace() for ch in host) or parts.username or parts.password:
        raise InvalidArgumentError(f"“{cleaned}” is not a server address Reel understands.")
    if port is None and not has_scheme:
        port = DEFAULT_PORT
    netloc = f"[{host}]" if ":" in host else host
    if port is not None:
        netloc = f"{netloc}:{port}"
    path = parts.path.rstrip("/")
    # Someone pasting the address of the web client's page means the server itself.
    for suffix in ("/web/index.html", "/web"):
        if path.lower().endswith(suffix):
            path = path[: -len(suffix)]
    return urlunsplit((scheme, netloc, path, "", ""))
