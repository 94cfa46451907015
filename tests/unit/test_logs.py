"""Logs go to a rotating file and never carry a secret."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from reel_qt.core.logs import configure_logging, redact

TOKEN = st.text(
    alphabet="abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_",
    min_size=8,
    max_size=40,
)


@pytest.mark.parametrize(
    ("text", "secret"),
    [
        ("GET http://h:32400/library?X-Plex-Token=abcd1234efgh&type=1", "abcd1234efgh"),
        ('headers {"X-Plex-Token": "plexsecret99"}', "plexsecret99"),
        ("X-Emby-Token: 0123456789abcdef", "0123456789abcdef"),
        ('Authorization: MediaBrowser Client="Reel", Token="tok-777-zzz"', "tok-777-zzz"),
        ("GET /Videos/1/stream?api_key=jfkey12345&Static=true", "jfkey12345"),
        ('{"Username": "ann", "Pw": "hunter2hunter2"}', "hunter2hunter2"),
        ('{"AccessToken": "abcdefabcdef123"}', "abcdefabcdef123"),
        ("Authorization: Bearer eyJhbGciOi.J9.sig", "eyJhbGciOi.J9.sig"),
        ("connecting to https://ann:s3cretpass@example.org/", "s3cretpass"),
        ("password=correct-horse-battery", "correct-horse-battery"),
    ],
)
def test_redact_hides_secrets(text: str, secret: str) -> None:
    cleaned = redact(text)
    assert secret not in cleaned
    assert "***" in cleaned


def test_redact_leaves_ordinary_text_alone() -> None:
    text = "synced 1200 items from Living Room (http://10.0.0.2:8096) in 3.2 s"
    assert redact(text) == text


@given(token=TOKEN)
def test_plex_tokens_never_survive(token: str) -> None:
    assert token not in redact(f"GET /library/sections?X-Plex-Token={token}&X-Plex-Product=Reel")
    assert token not in redact(f'MediaBrowser Client="Reel", Token="{token}"')


@pytest.fixture
def restore_logging() -> Iterator[None]:
    root = logging.getLogger()
    handlers, level = list(root.handlers), root.level
    yield
    for handler in root.handlers[:]:
        if handler not in handlers:
            root.removeHandler(handler)
            handler.close()
    root.setLevel(level)


@pytest.mark.expect_log_warnings
@pytest.mark.usefixtures("restore_logging")
def test_file_log_is_written_without_secrets(tmp_path: Path) -> None:
    path = configure_logging(tmp_path / "logs", verbose=False)
    configure_logging(tmp_path / "logs", verbose=False)  # idempotent
    assert sum(1 for h in logging.getLogger().handlers if getattr(h, "_reel", False)) == 1
    log = logging.getLogger("reel.test")
    log.info("fetching %s", "http://h/Items?api_key=leakme123456")
    try:
        raise ValueError("bad reply for X-Plex-Token=leaktoo98765")
    except ValueError:
        log.exception("request failed")
    for handler in logging.getLogger().handlers:
        handler.flush()
    text = path.read_text(encoding="utf-8")
    assert "fetching http://h/Items?api_key=***" in text
    assert "request failed" in text and "ValueError" in text
    assert "leakme123456" not in text and "leaktoo98765" not in text
