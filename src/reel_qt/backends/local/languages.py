"""Language tags as ISO 639-2 three-letter codes ("en", "eng", "English" → "eng")."""

from __future__ import annotations

from functools import lru_cache


def iso639_2(tag: object) -> str | None:
    """The three-letter code of a language tag, or the tag itself when it is unknown."""
    if not tag:
        return None
    return known_language(str(tag)) or str(tag).split(" / ")[0].strip().lower() or None


@lru_cache(maxsize=512)
def known_language(tag: str) -> str | None:
    """The three-letter code of a language tag, or None when it names no language."""
    if not tag:
        return None
    text = str(tag).split(" / ")[0].strip()
    from babelfish import Error, Language  # guessit's own language tables

    for parse in (Language.fromietf, Language.fromalpha3b, Language.fromname):
        try:
            return str(parse(text).alpha3)
        except (Error, ValueError, KeyError, LookupError):
            continue
    return None
