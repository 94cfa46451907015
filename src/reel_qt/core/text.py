"""Text helpers shared by storage and UI: sort keys and search folding."""

from __future__ import annotations

import re
import unicodedata

_LEADING_ARTICLES = ("the ", "a ", "an ")
_NUMBER = re.compile(r"\d+")
#: Numbers in a sort key are padded to this many digits, so they sort by value.
NUMBER_WIDTH = 10


def fold(text: str) -> str:
    """Case- and diacritics-insensitive form of text, for comparisons."""
    if text.isascii():  # most titles: nothing to decompose (twice as fast as below)
        return text.lower()
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def sort_title(title: str) -> str:
    """The key a title sorts by: folded, without a leading English article, numbers by value.

    "Chapter 2" sorts before "Chapter 10", as people count.
    """
    key = fold(title).strip()
    for article in _LEADING_ARTICLES:
        if key.startswith(article) and len(key) > len(article):
            key = key[len(article) :].lstrip()
            break
    return pad_numbers(key)


def pad_numbers(key: str) -> str:
    """key with every run of digits padded with zeros to `NUMBER_WIDTH` digits."""
    return _NUMBER.sub(lambda number: number.group().zfill(NUMBER_WIDTH), key)
