"""What the Settings page offers: labelled choices, units, and refusals in words."""

from __future__ import annotations

from typing import Any

from reel_qt.core.settings import (
    HWDEC_CHOICES,
    SKIP_CHOICES,
    THEME_CHOICES,
    allowed,
)

Choice = dict[str, str]

_HWDEC_LABELS = {
    "auto-safe": "Automatic (safe)",
    "auto": "Automatic (any decoder)",
    "no": "Off (software)",
}
_SKIP_LABELS = {"ask": "Show a Skip button", "auto": "Skip automatically", "never": "Never"}
_THEME_LABELS = {"dark": "Dark", "light": "Light", "system": "Follow the system"}

# Preferred track languages: mpv's alang/slang lists, both code forms a file may carry.
_LANGUAGES = (
    ("", "The file's default"),
    ("eng,en", "English"),
    ("fre,fra,fr", "French"),
    ("ger,deu,de", "German"),
    ("spa,es", "Spanish"),
    ("ita,it", "Italian"),
    ("por,pt", "Portuguese"),
    ("dut,nld,nl", "Dutch"),
    ("swe,sv", "Swedish"),
    ("nor,nob,no,nb", "Norwegian"),
    ("dan,da", "Danish"),
    ("fin,fi", "Finnish"),
    ("pol,pl", "Polish"),
    ("rus,ru", "Russian"),
    ("jpn,ja", "Japanese"),
    ("kor,ko", "Korean"),
    ("chi,zho,zh", "Chinese"),
    ("ara,ar", "Arabic"),
    ("hin,hi", "Hindi"),
    ("tur,tr", "Turkish"),
)

#: Numeric settings: what the page calls each one and the unit it is counted in.
NUMBERS: dict[str, tuple[str, str]] = {
    "sync_interval_minutes": ("The sync interval", "minutes"),
    "resume_threshold_percent": ("The resume threshold", "%"),
    "watched_threshold_percent": ("The watched threshold", "%"),
    "up_next_seconds": ("The up-next countdown", "seconds"),
    "image_cache_mb": ("The image cache size", "MB"),
}


def _labelled(keys: tuple[str, ...], labels: dict[str, str]) -> list[Choice]:
    return [{"key": key, "label": labels.get(key, key)} for key in keys]


def hwdec_choices() -> list[Choice]:
    """Hardware decoding modes for the drop-down."""
    return _labelled(HWDEC_CHOICES, _HWDEC_LABELS)


def skip_choices() -> list[Choice]:
    """What to do at a marker (intro, credits, recap, preview)."""
    return _labelled(SKIP_CHOICES, _SKIP_LABELS)


def theme_choices() -> list[Choice]:
    """Dark, light or the system's scheme."""
    return _labelled(THEME_CHOICES, _THEME_LABELS)


def language_choices(*current: str) -> list[Choice]:
    """Common languages, plus any current value that is not one of them (kept as written)."""
    choices = [{"key": key, "label": label} for key, label in _LANGUAGES]
    known = {key for key, _ in _LANGUAGES}
    for value in current:
        if value not in known:
            choices.append({"key": value, "label": value})
            known.add(value)
    return choices


def number_range(field: str) -> tuple[int, int]:
    """The inclusive bounds of a numeric setting."""
    rule = allowed(field)
    if not isinstance(rule, range):
        raise KeyError(f"{field} is not a bounded number")
    return rule.start, rule.stop - 1


def refusal(field: str, value: Any) -> str:
    """Why value cannot be used for field, in words, with what to do instead."""
    if field in NUMBERS:
        what, unit = NUMBERS[field]
        low, high = number_range(field)
        space = "" if unit == "%" else " "
        return (
            f"{what} must be between {low:,}{space}{unit} and {high:,}{space}{unit}; "
            f"{value} was not saved. Enter a value in that range."
        )
    return f"“{value}” is not a choice for this setting; pick one from the list."
