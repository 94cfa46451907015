"""Text helpers shared by storage and UI: sort keys and search folding."""

from __future__ import annotations

import unicodedata

_LEADING_ARTICLES = ("the ", "a ", "an ")


def fold(text: str) -> str:
    """Case- and diacritics-insensitive form of text, for comparisons."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def sort_title(title: str) -> str:
    """The key a title sorts by: folded, without a leading English article."""
    key = fold(title).strip()
    for article in _LEADING_ARTICLES:
        if key.startswith(article) and len(key) > len(article):
            return key[len(article) :].lstrip()
    return key
