"""guessit's readings reused across names that differ only in their numbers.

guessit costs ~5 ms a name, as much as probing the file. But the files of a folder tend
to share one pattern (`Show - S01E01 - Episode 1.mkv`, `... S01E02 - Episode 2.mkv`):
the same letters, numbers of the same shape. A name's pattern is its text with each run
of digits replaced by a mark, plus the shape of each run (its length, and whether it
could be a year); names of one pattern are read alike, with their own numbers put in.

The prediction is made from one reading (the pattern's model) by putting the new name's
numbers where the model's were: in text values run by run, in numbers by value. It is
trusted only once two more names of the pattern were read by guessit and the prediction
matched each exactly. A value the model's numbers cannot explain (a date, a number that
matches none of them, or several that differ in the new name), or a wrong prediction,
makes the name just read the model instead; after a few models the pattern is given up.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

_DIGITS = re.compile(r"\d+")
#: Agreeing predictions a pattern needs before its predictions are used.
_CHECKS = 2
_MAX_PATTERNS = 4096

Reading = dict[str, Any]


def _shape(run: str) -> str:
    """A digit run's shape: its length, and whether guessit could take it for a year."""
    if len(run) == 4 and 1900 <= int(run) <= 2099:
        return "y"
    return f"{len(run)}{'z' if int(run) == 0 else ''}"


def pattern_of(name: str) -> tuple[str, tuple[str, ...]]:
    """The pattern of a name and its digit runs, in order."""
    runs = tuple(_DIGITS.findall(name))
    return _DIGITS.sub("\0", name) + "|" + ",".join(map(_shape, runs)), runs


class _Unexplained(Exception):
    """A value of the model's reading that its numbers do not account for."""


def _moved(value: Any, model: tuple[str, ...], runs: tuple[str, ...]) -> Any:
    """The model's value with this name's numbers in place of the model's."""
    if value is None or isinstance(value, bool):
        return value
    if isinstance(value, int):
        found = {int(new) for old, new in zip(model, runs, strict=True) if int(old) == value}
        if len(found) != 1:
            raise _Unexplained(value)
        return found.pop()
    if isinstance(value, str):

        def swap(match: re.Match[str]) -> str:
            old = match.group(0)
            candidates = {new for o, new in zip(model, runs, strict=True) if o == old}
            if len(candidates) != 1:
                raise _Unexplained(value)
            return candidates.pop()

        return _DIGITS.sub(swap, value)
    if isinstance(value, list):
        return [_moved(v, model, runs) for v in value]
    if _DIGITS.search(str(value)) is None and type(value).__module__.startswith("babelfish"):
        return value  # a language or country: no number in it
    raise _Unexplained(value)


def predict(model: Reading, model_runs: tuple[str, ...], runs: tuple[str, ...]) -> Reading:
    """The reading of a name of the model's pattern, from the model's reading.

    Raises:
        _Unexplained: the model's reading holds a value its numbers do not account for.
    """
    return {key: _moved(value, model_runs, runs) for key, value in model.items()}


#: Models a pattern may go through (each one guessit read) before it is given up.
_MODELS = 4


@dataclass(slots=True)
class _Pattern:
    """A pattern's model reading and how many predictions from it proved right."""

    model: Reading
    runs: tuple[str, ...]
    checks: int = 0
    models: int = 1

    @property
    def usable(self) -> bool:
        """Whether predictions are still worth trying."""
        return self.models <= _MODELS

    def remodel(self, found: Reading, runs: tuple[str, ...]) -> None:
        """Take this reading as the model instead (the last one could not explain a name:
        `S01E01 - Episode 1` cannot tell which 1 the episode number came from)."""
        self.model, self.runs, self.checks = found, runs, 0
        self.models += 1


class PatternCache:
    """Readings of names by pattern, for one process (each scanning worker has its own)."""

    def __init__(self, read: Callable[[str, str | None], Reading]) -> None:
        self._read = read
        self._patterns: dict[tuple[str, str | None], _Pattern] = {}
        self.predicted = 0

    def reading(self, name: str, kind: str | None) -> Reading:
        """guessit's reading of the name, predicted from its pattern once that is trusted."""
        text, runs = pattern_of(name)
        if not runs:
            return self._read(name, kind)
        key = (text, kind)
        pattern = self._patterns.get(key)
        if pattern is None:
            if len(self._patterns) >= _MAX_PATTERNS:
                self._patterns.clear()
            found = self._read(name, kind)
            self._patterns[key] = _Pattern(found, runs)
            return found
        if not pattern.usable or pattern.runs == runs:
            return self._read(name, kind)
        try:
            guess: Reading | None = predict(pattern.model, pattern.runs, runs)
        except _Unexplained:
            guess = None
        if guess is not None and pattern.checks >= _CHECKS:
            self.predicted += 1
            return guess
        found = self._read(name, kind)
        if guess is not None and found == guess:
            pattern.checks += 1
        else:
            pattern.remodel(found, runs)
        return found
