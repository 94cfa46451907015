"""Shared by the browsing benches: a big library in a data dir, the real window over it."""

from __future__ import annotations

import asyncio
import os
import random
import time
from collections.abc import Callable
from pathlib import Path

from reel_qt.core.paths import DataPaths
from reel_qt.core.records import ItemType, LibraryKind, LibraryRecord, MediaRecord
from reel_qt.runtime import Runtime

BATCH = 5_000
_WORDS = [
    "night",
    "summer",
    "river",
    "last",
    "house",
    "stone",
    "city",
    "silent",
    "dark",
    "golden",
    "road",
    "winter",
    "blue",
    "heart",
    "storm",
    "garden",
    "ghost",
    "empire",
    "shadow",
    "light",
    "island",
    "crown",
    "paper",
    "glass",
    "iron",
]


def titles(count: int, seed: int = 11) -> list[str]:
    """Distinct-ish film titles, two to four words."""
    rng = random.Random(seed)
    return [
        " ".join(rng.choice(_WORDS).capitalize() for _ in range(rng.randint(2, 4))) + f" {n}"
        for n in range(count)
    ]


async def fill(paths: DataPaths, count: int) -> tuple[int, int]:
    """A source with one movie library of count items; returns (source id, library id)."""
    runtime = await Runtime.create(paths)
    try:
        service = runtime.service
        source = await service.add_source(type="jellyfin", name="Bench", url="http://127.0.0.1:9")
        library = LibraryRecord(remote_id="films", name="Films", kind=LibraryKind.MOVIES)
        (library_id,) = (await service.replace_libraries(source.id, [library])).created
        names = titles(count)
        with service.bulk_writes():
            for start in range(0, count, BATCH):
                records = [
                    MediaRecord(
                        remote_id=f"m{n}",
                        type=ItemType.MOVIE,
                        title=names[n],
                        year=1950 + n % 70,
                        rating=(n % 90) / 10,
                        duration_ms=(80 + n % 80) * 60_000,
                        genres=(_WORDS[n % len(_WORDS)].capitalize(),),
                        added_at=1_600_000_000_000 + n,
                        poster_ref=f"/Items/m{n}/Images/Primary?tag={n}",
                    )
                    for n in range(start, min(count, start + BATCH))
                ]
                await service.upsert_items(source.id, library_id, records)
        await service.finish_library_sync(source.id, [library_id])
        await service.update_source(source.id, online=False)
        await service.finish_indexing()
        return source.id, library_id
    finally:
        await asyncio.to_thread(runtime.close)


def poster_png(width: int = 240, height: int = 360) -> bytes:
    """A plain poster image as PNG bytes, to fill the image cache with (needs a Qt app)."""
    from PySide6.QtCore import QBuffer, QByteArray, QIODevice
    from PySide6.QtGui import QColor, QImage

    image = QImage(width, height, QImage.Format.Format_RGB32)
    image.fill(QColor("#446688"))
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")  # type: ignore[call-overload]  # the stubs want bytes; PySide str
    return bytes(data.data())


def rss_mb() -> float:
    """Resident memory of this process, in MB."""
    with open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return 0.0


async def until(condition: Callable[[], bool], seconds: float = 30.0) -> None:
    """Run the loop until condition() holds."""
    deadline = time.perf_counter() + seconds
    while not condition():
        if time.perf_counter() > deadline:
            raise TimeoutError("the window did not get there in time")
        await asyncio.sleep(0.001)


def use_a_screen() -> None:
    """Draw offscreen when there is no display (the figures then exclude GPU time)."""
    if not os.environ.get("DISPLAY") and not os.environ.get("WAYLAND_DISPLAY"):
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


def data_dir(folder: Path, name: str) -> DataPaths:
    """A fresh data dir under folder."""
    return DataPaths(folder / name).ensure()
