"""Walking source folders: the playable video files, disc folders, and what went wrong.

The walk follows symbolic links but visits each real folder once (keyed by device and
inode), so a link pointing back up the tree cannot make it loop. Problems (unreadable
folders, empty or unreadable files, dangling links, names SQLite cannot store) are
collected as Problem records and the walk goes on.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Iterable, Sequence

import msgspec

# What mpv plays; image, audio and playlist formats are left out on purpose.
VIDEO_EXTENSIONS = frozenset(
    {
        ".3gp",
        ".asf",
        ".avi",
        ".divx",
        ".f4v",
        ".flv",
        ".m2ts",
        ".m2v",
        ".m4v",
        ".mkv",
        ".mk3d",
        ".mov",
        ".mp4",
        ".mpeg",
        ".mpg",
        ".mts",
        ".mxf",
        ".ogm",
        ".ogv",
        ".rm",
        ".rmvb",
        ".ts",
        ".vob",
        ".webm",
        ".wmv",
        ".wtv",
    }
)
#: Folder names (compared case-insensitively) whose videos are not library items.
DEFAULT_SKIP_FOLDERS = (
    "sample",
    "samples",
    "trailer",
    "trailers",
    "extras",
    "extra",
    "featurettes",
    "behind the scenes",
    "deleted scenes",
    "interviews",
    "scenes",
    "shorts",
    "other",
    "@eadir",
    "$recycle.bin",
    "lost+found",
)
# Files named like these are bonus material even outside a skipped folder.
_SKIP_SUFFIXES = ("-sample", ".sample", "-trailer", ".trailer", "-featurette", "-extra")
_DISC_FOLDERS = {"video_ts": ".vob", "bdmv": ".m2ts"}


class FoundVideo(msgspec.Struct, frozen=True, kw_only=True, gc=False):
    """A video to list: a file, or a disc folder (VIDEO_TS, BDMV) taken as one title.

    For a disc, `path` is the folder holding VIDEO_TS or BDMV and `main` its largest
    stream file, whose size and mtime stand for the disc's.
    """

    path: str
    root: str
    size: int
    mtime_ns: int
    disc: bool = False
    main: str | None = None

    @property
    def probe_path(self) -> str:
        """The file to read metadata from."""
        return self.main or self.path


class Problem(msgspec.Struct, frozen=True, kw_only=True):
    """Something the scan could not use, and why, in words."""

    path: str
    reason: str


class WalkResult(msgspec.Struct, kw_only=True):
    """Everything a walk found: videos, each folder's file names, problems, missing roots."""

    videos: list[FoundVideo]
    #: Every visited folder's plain file names, for sidecars (subtitles, nfo, artwork).
    listings: dict[str, list[str]]
    problems: list[Problem]
    unreachable: list[str]
    #: Roots that exist but hold nothing at all: often a mount point with no drive mounted.
    empty: list[str] = msgspec.field(default_factory=list)
    #: Path, size and mtime of every other file (artwork, nfo, subtitles): records use them.
    sidecars: list[tuple[str, int, int]] = msgspec.field(default_factory=list)
    #: Folders below a root that could not be listed (a permission changed), to their root:
    #: what the index knows under them is kept, unavailable, rather than deleted.
    unlisted: dict[str, str] = msgspec.field(default_factory=dict)


def storable(path: str) -> bool:
    """Whether a path can be stored as text (names that are not UTF-8 cannot)."""
    try:
        path.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


class _Walker:
    """One walk over a set of roots; not shared between threads."""

    def __init__(self, skip: Iterable[str]) -> None:
        self.skip = {name.casefold() for name in skip}
        self.visited: set[tuple[int, int]] = set()
        self.result = WalkResult(videos=[], listings={}, problems=[], unreachable=[])

    def problem(self, path: str, reason: str) -> None:
        self.result.problems.append(Problem(path=path, reason=reason))

    def walk_root(self, root: str) -> None:
        try:
            info = os.stat(root)
        except OSError:
            self.result.unreachable.append(root)
            return
        if not stat.S_ISDIR(info.st_mode):
            self.result.unreachable.append(root)
            return
        self.visited.add((info.st_dev, info.st_ino))
        stack = [root]
        while stack:
            self.visit(stack.pop(), root, stack)

    def visit(self, folder: str, root: str, stack: list[str]) -> None:
        try:
            with os.scandir(folder) as entries:
                listed = list(entries)
        except OSError as error:
            self.problem(folder, f"cannot read the folder ({error.strerror or error})")
            if folder == root:
                # Nothing under it can be listed: like a missing root, its items are kept
                # (unavailable) rather than deleted for an empty listing.
                self.result.unreachable.append(root)
            else:
                self.result.unlisted[folder] = root
            return
        if not storable(folder):
            self.problem(folder, "the folder's name is not valid UTF-8")
            return
        if folder == root and not listed:
            self.result.empty.append(root)
        disc = self.disc_title(folder, listed)
        if disc is not None:
            self.result.videos.append(
                FoundVideo(
                    path=folder, root=root, size=disc[1], mtime_ns=disc[2], disc=True, main=disc[0]
                )
            )
            return
        names: list[str] = []
        for entry in listed:
            self.entry(entry, root, stack, names)
        self.result.listings[folder] = names

    def entry(self, entry: os.DirEntry[str], root: str, stack: list[str], names: list[str]) -> None:
        try:
            info = entry.stat()  # follows links
        except OSError as error:
            if entry.is_symlink():
                self.problem(entry.path, "a symbolic link to nothing (or to a loop)")
            else:
                self.problem(entry.path, f"cannot read it ({error.strerror or error})")
            return
        if stat.S_ISDIR(info.st_mode):
            key = (info.st_dev, info.st_ino)
            if entry.name.casefold() in self.skip or entry.name.startswith("."):
                return
            if key in self.visited:  # a link back into the tree, or a second link to it
                return
            self.visited.add(key)
            stack.append(entry.path)
            return
        if not stat.S_ISREG(info.st_mode):
            return
        names.append(entry.name)
        stem, ext = os.path.splitext(entry.name)
        if ext.lower() not in VIDEO_EXTENSIONS or entry.name.startswith("."):
            self.result.sidecars.append((entry.path, info.st_size, info.st_mtime_ns))
            return
        if stem.casefold().endswith(_SKIP_SUFFIXES) or stem.casefold() == "sample":
            return
        if not storable(entry.path):
            self.problem(entry.path, "the file's name is not valid UTF-8")
        elif info.st_size == 0:
            self.problem(entry.path, "the file is empty")
        elif not os.access(entry.path, os.R_OK):
            self.problem(entry.path, "no permission to read the file")
        else:
            self.result.videos.append(
                FoundVideo(path=entry.path, root=root, size=info.st_size, mtime_ns=info.st_mtime_ns)
            )

    def disc_title(
        self, folder: str, listed: Sequence[os.DirEntry[str]]
    ) -> tuple[str, int, int] | None:
        """The main stream file, size and mtime when the folder holds a DVD or Blu-ray."""
        for entry in listed:
            extension = _DISC_FOLDERS.get(entry.name.casefold())
            if extension is None or not entry.is_dir():
                continue
            best: tuple[str, int, int] | None = None
            for dirpath, _dirs, files in os.walk(entry.path):
                for name in files:
                    if not name.casefold().endswith(extension):
                        continue
                    path = os.path.join(dirpath, name)
                    try:
                        info = os.stat(path)
                    except OSError:
                        continue
                    if best is None or info.st_size > best[1]:
                        best = (path, info.st_size, info.st_mtime_ns)
            if best is not None and best[1] > 0:
                return best
            self.problem(entry.path, "a disc folder without any playable stream")
        return None


def walk_roots(roots: Sequence[str], skip: Iterable[str] = DEFAULT_SKIP_FOLDERS) -> WalkResult:
    """Walk every root (blocking; run it in a thread)."""
    walker = _Walker(skip)
    for root in roots:
        walker.walk_root(root)
    return walker.result


def disc_title(folder: str) -> tuple[str, int, int] | None:
    """A disc folder's main stream file, size and mtime, as a walk finds them (blocking)."""
    with os.scandir(folder) as entries:
        return _Walker(()).disc_title(folder, list(entries))
