"""Artwork for local items: image files beside the videos, else a cached still frame.

Side files follow Kodi's and Jellyfin's names (poster.jpg, folder.jpg, <name>-poster.jpg,
fanart.jpg, seasonNN-poster.jpg ...). A video with none gets a frame taken by ffmpeg
into the image cache, in background after the sync (see sync/local_frames.py). Its file
name is a digest of the video's path, size and mtime, so the item's reference never
changes while the video does not, and a replaced video gets a fresh frame.
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import logging
import os
import shutil
from collections.abc import Iterable, Sequence

from reel_qt.backends.local.walk import FoundVideo

log = logging.getLogger("reel.local.artwork")

IMAGE_EXTENSIONS = (".jpg", ".jpeg", ".png", ".webp", ".tbn")
#: Where in the video the frame is taken (a fraction of its duration, capped).
FRAME_AT = 0.1
FRAME_MAX_S = 300.0


def find_image(folder: str, names: Iterable[str], stems: Sequence[str]) -> str | None:
    """The first image in folder whose name (without extension) is one of stems, in order."""
    by_stem: dict[str, str] = {}
    for name in names:
        stem, ext = os.path.splitext(name)
        if ext.lower() in IMAGE_EXTENSIONS:
            by_stem.setdefault(stem.casefold(), name)
    for stem in stems:
        found = by_stem.get(stem.casefold())
        if found is not None:
            return os.path.join(folder, found)
    return None


def movie_images(
    video: FoundVideo, names: Iterable[str], *, own_folder: bool
) -> tuple[str | None, str | None]:
    """Poster and backdrop of a movie; folder-wide names only when the folder is its own."""
    folder = video.path if video.disc else os.path.dirname(video.path)
    stem = os.path.splitext(os.path.basename(video.path))[0]
    posters = [f"{stem}-poster", f"{stem}-cover"]
    fanart = [f"{stem}-fanart", f"{stem}-backdrop"]
    if own_folder or video.disc:
        posters += ["poster", "folder", "cover", "movie"]
        fanart += ["fanart", "backdrop", "background"]
    names = list(names)
    return find_image(folder, names, posters), find_image(folder, names, fanart)


def episode_thumb(video: FoundVideo, names: Iterable[str]) -> str | None:
    """An episode's own still (`<name>-thumb.jpg` or `<name>.jpg`)."""
    stem = os.path.splitext(os.path.basename(video.path))[0]
    return find_image(os.path.dirname(video.path), names, [f"{stem}-thumb", stem])


def show_images(folder: str, names: Iterable[str]) -> tuple[str | None, str | None]:
    """A show folder's poster and backdrop."""
    names = list(names)
    return (
        find_image(folder, names, ["poster", "folder", "show", "cover"]),
        find_image(folder, names, ["fanart", "backdrop", "background"]),
    )


def season_poster(
    show_folder: str,
    show_names: Iterable[str],
    season: int,
    season_folder: str | None,
    season_names: Iterable[str],
) -> str | None:
    """A season's poster: seasonNN-poster.jpg in the show folder, or poster.jpg in its own."""
    label = "season-specials" if season == 0 else f"season{season:02d}"
    found = find_image(show_folder, show_names, [f"{label}-poster", f"season{season}-poster"])
    if found is None and season_folder is not None:
        found = find_image(season_folder, season_names, ["poster", "folder", "cover"])
    return found


class FrameCache:
    """Still frames of videos without artwork, in the data dir's image cache."""

    def __init__(self, folder: str, *, concurrency: int = 2) -> None:
        self.folder = folder
        self.concurrency = concurrency

    def path_for(self, video: FoundVideo) -> str:
        """Where the video's frame is (or will be) cached."""
        key = f"{video.path}\0{video.size}\0{video.mtime_ns}".encode("utf-8", "surrogateescape")
        return os.path.join(self.folder, hashlib.sha1(key).hexdigest()[:24] + ".jpg")

    async def extract(self, wanted: Sequence[tuple[FoundVideo, int | None]]) -> list[FoundVideo]:
        """Take a frame of each (video, duration) not cached yet; return those with a frame."""
        present, todo = await asyncio.to_thread(self._split, wanted)
        if not todo:
            return present
        ffmpeg = shutil.which("ffmpeg")
        if ffmpeg is None:
            log.info("ffmpeg is not installed: local items without artwork get no still frame")
            return present
        await asyncio.to_thread(os.makedirs, self.folder, exist_ok=True)
        gate = asyncio.Semaphore(self.concurrency)
        made = await asyncio.gather(*(self._one(ffmpeg, v, d, gate) for v, d in todo))
        return present + [video for (video, _), ok in zip(todo, made, strict=True) if ok]

    def _split(
        self, wanted: Sequence[tuple[FoundVideo, int | None]]
    ) -> tuple[list[FoundVideo], list[tuple[FoundVideo, int | None]]]:
        present: list[FoundVideo] = []
        todo: list[tuple[FoundVideo, int | None]] = []
        for video, duration in wanted:
            if os.path.exists(self.path_for(video)):
                present.append(video)
            else:
                todo.append((video, duration))
        return present, todo

    async def _one(
        self, ffmpeg: str, video: FoundVideo, duration_ms: int | None, gate: asyncio.Semaphore
    ) -> bool:
        target = self.path_for(video)
        partial = target + ".part.jpg"
        at = min(FRAME_MAX_S, (duration_ms or 0) / 1000 * FRAME_AT)
        async with gate:
            process = await asyncio.create_subprocess_exec(
                ffmpeg, "-nostdin", "-loglevel", "error", "-y", "-ss", f"{at:.3f}",
                "-i", video.probe_path, "-frames:v", "1", "-vf", "scale=480:-2", "-q:v", "4",
                partial,
                stdout=asyncio.subprocess.DEVNULL,
                stderr=asyncio.subprocess.PIPE,
            )  # fmt: skip
            try:
                _, errors = await process.communicate()
            except asyncio.CancelledError:
                # It may have ended already (its output still being read): nothing to kill.
                with contextlib.suppress(ProcessLookupError):
                    process.kill()
                await process.wait()
                raise
        if process.returncode != 0:
            log.info("no still frame from %r: %s", video.path, errors.decode(errors="replace"))
            return False
        try:
            await asyncio.to_thread(os.replace, partial, target)
        except OSError:  # ffmpeg wrote no frame (a video shorter than the seek)
            return False
        return True
