"""Logging set-up: a rotating file in the data dir, stderr with --verbose, secrets scrubbed."""

from __future__ import annotations

import logging
import logging.handlers
import re
import sys
from pathlib import Path

LOG_FILE = "reel.log"
_MAX_BYTES = 2_000_000
_BACKUPS = 5
_FORMAT = "%(asctime)s %(levelname)-7s %(name)s: %(message)s"

# Each pattern keeps its first group (the key) and hides what follows it.
_SECRET_PATTERNS = [
    re.compile(
        r"(?i)((?:x-emby-token|x-mediabrowser-token|x-plex-token)[\"']?\s*[:=]\s*[\"']?)[^\s\"'&,;}]+"
    ),
    re.compile(r"(?i)((?:[?&;]|\b)(?:api_?key|access_?token|token|password|pw)=)[^\s&\"']+"),
    re.compile(r"(?i)(\bToken=\")[^\"]*"),
    re.compile(
        r"(?i)(\"(?:accesstoken|access_token|authtoken|token|password|pw)\"\s*:\s*\")[^\"]*"
    ),
    re.compile(r"(?i)(\bbearer\s+)[A-Za-z0-9._~+/=-]+"),
    re.compile(r"(\b[a-z][a-z0-9+.-]*://[^\s/:@]+:)[^\s/@]+(?=@)"),
]


def redact(text: str) -> str:
    """Text with tokens, passwords and URL credentials replaced by ***."""
    for pattern in _SECRET_PATTERNS:
        text = pattern.sub(r"\1***", text)
    return text


class RedactingFilter(logging.Filter):
    """Scrubs secrets from every record before any handler formats it."""

    def filter(self, record: logging.LogRecord) -> bool:
        """Replace the record's message with its redacted form."""
        message = record.getMessage()
        cleaned = redact(message)
        if record.exc_info and record.exc_info[1] is not None:
            # Exception text is formatted later; scrub it now while we can.
            record.exc_text = redact(logging.Formatter().formatException(record.exc_info))
            record.exc_info = None
        record.msg, record.args = cleaned, None
        return True


def configure_logging(log_dir: Path, *, verbose: bool) -> Path:
    """Log to log_dir/reel.log (DEBUG with verbose, else INFO) and, with verbose, to stderr.

    Idempotent: calling it again replaces Reel's handlers instead of adding more.
    Returns the log file's path.
    """
    log_dir.mkdir(parents=True, exist_ok=True)
    root = logging.getLogger()
    for handler in [h for h in root.handlers if getattr(h, "_reel", False)]:
        root.removeHandler(handler)
        handler.close()
    level = logging.DEBUG if verbose else logging.INFO
    path = log_dir / LOG_FILE
    file_handler = logging.handlers.RotatingFileHandler(
        path, maxBytes=_MAX_BYTES, backupCount=_BACKUPS, encoding="utf-8"
    )
    handlers: list[logging.Handler] = [file_handler]
    if verbose:
        handlers.append(logging.StreamHandler(sys.stderr))
    for handler in handlers:
        handler.setLevel(level)
        handler.setFormatter(logging.Formatter(_FORMAT))
        handler.addFilter(RedactingFilter())
        handler._reel = True  # type: ignore[attr-defined]
        root.addHandler(handler)
    root.setLevel(level)
    logging.captureWarnings(True)
    return path
