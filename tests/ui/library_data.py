"""A small, varied library for the browsing UI tests, with artwork already in the cache."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QPointF, Qt
from PySide6.QtGui import QColor, QFont, QImage, QLinearGradient, QPainter

from reel_qt.core.paths import DataPaths
from reel_qt.core.records import ItemType, MediaRecord, UserState
from reel_qt.runtime import Runtime
from reel_qt.store.repositories.listing import ItemFilter
from reel_qt.ui.images.artwork import WIDTH_BUCKETS
from reel_qt.ui.images.disk_cache import ImageDiskCache, cache_key
from tests.factories import MOVIES, SHOWS, movie, show_tree

GENRES = ("Drama", "Comedy", "Science Fiction", "Thriller", "Animation")
TITLES = (
    "Arrival", "Blade Runner", "Casablanca", "Dune", "Eternal Sunshine", "Fargo",
    "Gravity", "Her", "Inception", "Jaws", "Knives Out", "Lost in Translation",
    "Moon", "Nightcrawler", "Oldboy", "Parasite", "Quiz Show", "Rear Window",
)  # fmt: skip
BLURHASH = "LEHV6nWB2yk8pyo0adR*.7kCMdnj"
DAY_MS = 86_400_000


@dataclass(frozen=True)
class Filled:
    """Ids the tests navigate to."""

    movies_library: int
    shows_library: int
    source_id: int
    show_id: int


def movie_records() -> list[MediaRecord]:
    """Movies with distinct years, ratings, genres, dates added and watched states."""
    records = []
    for n, title in enumerate(TITLES):
        user = None
        if n % 5 == 1:
            user = UserState(watched=True, play_count=1, last_played_at=1_700_000_000_000 + n)
        elif n % 5 == 2:
            user = UserState(position_ms=40 * 60_000, last_played_at=1_700_000_000_000 + n)
        records.append(
            movie(
                f"m{n}",
                title,
                year=1990 + n,
                rating=5.0 + (n % 5),
                genres=(GENRES[n % len(GENRES)],),
                added_at=1_700_000_000_000 + n * DAY_MS,
                duration_ms=(90 + n) * 60_000,
                content_rating="PG-13",
                poster_ref=f"/Items/m{n}/Images/Primary?tag=t{n}",
                backdrop_ref=f"/Items/m{n}/Images/Backdrop/0?tag=b{n}",
                poster_blurhash=BLURHASH,
                user=user,
            )
        )
    return records


def poster_bytes(title: str, hue: int, width: int, height: int) -> bytes:
    """A poster-like PNG: a gradient with the title written on it."""
    image = QImage(width, height, QImage.Format.Format_RGB32)
    painter = QPainter(image)
    gradient = QLinearGradient(QPointF(0, 0), QPointF(width, height))
    gradient.setColorAt(0, QColor.fromHsv(hue, 160, 200))
    gradient.setColorAt(1, QColor.fromHsv((hue + 40) % 360, 200, 70))
    painter.fillRect(image.rect(), gradient)
    painter.setPen(QColor("white"))
    font = QFont()
    font.setPixelSize(max(10, width // 9))
    font.setBold(True)
    painter.setFont(font)
    painter.drawText(
        image.rect().adjusted(8, 8, -8, -8),
        int(Qt.AlignmentFlag.AlignBottom | Qt.AlignmentFlag.AlignLeft | Qt.TextFlag.TextWordWrap),
        title,
    )
    painter.end()
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")  # type: ignore[call-overload]
    return bytes(data.data())


def cache_artwork(paths: DataPaths, source_id: int, records: list[MediaRecord]) -> None:
    """Put every record's poster and backdrop in the image cache, at every width."""
    cache = ImageDiskCache(paths.image_cache / "artwork", 500 * 1024 * 1024)
    for n, record in enumerate(records):
        for ref, aspect in ((record.poster_ref, 1.5), (record.backdrop_ref, 0.5625)):
            if ref is None:
                continue
            data = poster_bytes(record.title, n * 37 % 360, 240, int(240 * aspect))
            for width in WIDTH_BUCKETS:
                cache.put(cache_key(source_id, ref, width), data)


async def fill(paths: DataPaths, *, artwork: bool = True) -> Filled:
    """Two libraries of one source (left offline, so nothing syncs), artwork cached."""
    runtime = await Runtime.create(paths)
    try:
        service = runtime.service
        source = await service.add_source(
            type="jellyfin", name="Living Room", url="http://127.0.0.1:9"
        )
        created = (await service.replace_libraries(source.id, [MOVIES, SHOWS])).created
        movies, shows = created
        records = movie_records()
        await service.upsert_items(source.id, movies, records)
        tree = show_tree("bb", "Breaking Bad", 2, 5)
        tree[0] = MediaRecord(
            remote_id="bb", type=ItemType.SHOW, title="Breaking Bad", year=2008,
            overview="A chemistry teacher turns to crime.", genres=("Drama",),
            added_at=1_800_000_000_000, poster_ref="/Items/bb/Images/Primary?tag=bb",
        )  # fmt: skip
        await service.upsert_items(source.id, shows, tree)
        await service.finish_library_sync(source.id, [movies, shows])
        await service.update_source(source.id, online=False)
        if artwork:
            cache_artwork(paths, source.id, [*records, tree[0]])
        rows = await service.list_items(ItemFilter(library_id=shows, type="show"))
        return Filled(movies, shows, source.id, rows[0].id)
    finally:
        runtime.close()
