"""User settings: a JSON file in the data dir. Never secrets (those live in the keyring).

Loading never fails: a missing file gives the defaults, and a file that is not valid
JSON, or a field of the wrong type or out of range, falls back to the default for what
is wrong. A broken file is kept aside as settings.json.bad-<time>, so nothing the user
wrote is silently lost. Reads and writes are small and blocking: call them at start-up
or from a worker thread.
"""

from __future__ import annotations

import json
import logging
import os
import time
from dataclasses import asdict, dataclass, fields, replace
from pathlib import Path
from typing import Any

log = logging.getLogger("reel.settings")

SKIP_CHOICES = ("ask", "auto", "never")
HWDEC_CHOICES = ("auto-safe", "no", "auto")
THEME_CHOICES = ("dark", "light", "system")


@dataclass(frozen=True, slots=True)
class Settings:
    """Every user preference with its default."""

    sync_interval_minutes: int = 30
    hardware_decoding: str = "auto-safe"
    resume_threshold_percent: int = 5
    watched_threshold_percent: int = 90
    skip_intro: str = "ask"
    skip_credits: str = "ask"
    skip_recap: str = "ask"
    skip_preview: str = "ask"
    up_next_enabled: bool = True
    up_next_seconds: int = 10
    preferred_audio_language: str = ""
    preferred_subtitle_language: str = ""
    image_cache_mb: int = 500
    theme: str = "dark"
    window_width: int = 1280
    window_height: int = 800
    window_maximized: bool = False
    last_page: str = "home"


# Field -> allowed values (a tuple of choices or an inclusive numeric range).
_RULES: dict[str, tuple[Any, ...] | range] = {
    "sync_interval_minutes": range(5, 24 * 60 + 1),
    "hardware_decoding": HWDEC_CHOICES,
    "resume_threshold_percent": range(51),
    "watched_threshold_percent": range(50, 101),
    "skip_intro": SKIP_CHOICES,
    "skip_credits": SKIP_CHOICES,
    "skip_recap": SKIP_CHOICES,
    "skip_preview": SKIP_CHOICES,
    "up_next_seconds": range(121),
    "image_cache_mb": range(50, 100_001),
    "theme": THEME_CHOICES,
    "window_width": range(400, 20_001),
    "window_height": range(300, 20_001),
}
_DEFAULTS = Settings()


def allowed(name: str) -> tuple[Any, ...] | range | None:
    """The values a setting accepts: its choices, its inclusive range, or None for any."""
    return _RULES.get(name)


def is_valid(name: str, value: Any) -> bool:
    """Whether value (of the field's own type) is acceptable for the setting called name."""
    return _valid(name, value)


def _valid(name: str, value: Any) -> bool:
    expected = type(getattr(_DEFAULTS, name))
    # bool is an int subclass; keep the two apart.
    if type(value) is not expected:
        return False
    rule = _RULES.get(name)
    return rule is None or value in rule


def validated(settings: Settings) -> Settings:
    """The settings with every invalid field put back to its default."""
    changes = {
        f.name: getattr(_DEFAULTS, f.name)
        for f in fields(Settings)
        if not _valid(f.name, getattr(settings, f.name))
    }
    return replace(settings, **changes) if changes else settings


class SettingsStore:
    """Loads and saves Settings at one path."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def load(self) -> Settings:
        """The stored settings, with defaults for whatever is missing or wrong."""
        try:
            raw = json.loads(self.path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return Settings()
        except (OSError, UnicodeDecodeError, json.JSONDecodeError) as error:
            self._keep_aside(f"unreadable ({type(error).__name__})")
            return Settings()
        if not isinstance(raw, dict):
            self._keep_aside("not a JSON object")
            return Settings()
        known = {f.name for f in fields(Settings)}
        chosen = {k: v for k, v in raw.items() if k in known and _valid(k, v)}
        rejected = sorted(k for k in raw if k in known and k not in chosen)
        if rejected:
            log.warning("settings %s were invalid and reset to their defaults", rejected)
        return Settings(**chosen)

    def save(self, settings: Settings) -> None:
        """Write the settings atomically (a crash leaves the old file or the new one)."""
        document = asdict(validated(settings))
        self.path.parent.mkdir(parents=True, exist_ok=True)
        temporary = self.path.with_name(f"{self.path.name}.tmp")
        temporary.write_text(json.dumps(document, indent=2, sort_keys=True), encoding="utf-8")
        os.replace(temporary, self.path)

    def _keep_aside(self, why: str) -> None:
        aside = self.path.with_name(f"{self.path.name}.bad-{time.strftime('%Y%m%d-%H%M%S')}")
        try:
            os.replace(self.path, aside)
        except OSError:
            aside = self.path
        log.warning("settings file %s; defaults used, the file is kept at %s", why, aside)
