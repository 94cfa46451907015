"""play_start: from the play request to the first frame of a local clip on screen.

Measured in Reel's real window (Main.qml, the player page, libmpv's render API) under
Xvfb with GLX, as the tests run it. The floor, in the same run and under the same X
server, is the mpv command-line player opening the same file and showing its first frame
(`mpv --no-config --frames=1`, the whole process from exec to exit: an upper bound of its
time to the first frame, as it includes start-up and quitting).

Figures: `first_frame_cold_ms` is the first play in a fresh window (mpv and its render
context are created then); `first_frame_ms` the median of later plays.
`python -m bench play_start`; needs xvfb-run, ffmpeg, mpv and libmpv.
"""

from __future__ import annotations

import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.report import emit

RUNS = 15
_XVFB = ["xvfb-run", "-a", "-s", "-screen 0 1920x1080x24 +extension GLX"]


def _clip(folder: Path) -> Path:
    """Five seconds of SMPTE bars with sound, 1280x720 H.264 in Matroska."""
    clip = folder / "bars.mkv"
    subprocess.run(
        [
            "ffmpeg", "-nostdin", "-loglevel", "error", "-y",
            "-f", "lavfi", "-i", "smptebars=size=1280x720:rate=25:duration=5",
            "-f", "lavfi", "-i", "sine=frequency=440:duration=5",
            "-c:v", "libx264", "-preset", "veryfast", "-pix_fmt", "yuv420p", "-g", "25",
            "-c:a", "aac", str(clip),
        ],
        check=True,
        timeout=120,
    )  # fmt: skip
    return clip


def _floor_once(clip: Path) -> float:
    started = time.perf_counter()
    subprocess.run(
        ["mpv", "--no-config", "--frames=1", "--ao=null", "--hwdec=no", "--really-quiet",
         str(clip)],
        check=True,
        timeout=60,
    )  # fmt: skip
    return (time.perf_counter() - started) * 1000


def _reel_runs(clip: Path, data: Path) -> list[float]:
    """Milliseconds from play request to the first frame swapped on screen, per play."""
    import asyncio

    import qasync
    from PySide6.QtGui import QGuiApplication

    from reel_qt.app import AppShell, configure_qt
    from reel_qt.core.paths import DataPaths

    configure_qt()
    app = QGuiApplication([sys.argv[0]])
    app.setQuitOnLastWindowClosed(False)
    loop = qasync.QEventLoop(app, already_running=False)
    asyncio.set_event_loop(loop)
    overrides = {"ao": "null", "hwdec": "no", "gpu-hwdec-interop": "no"}
    shell = AppShell(DataPaths(data).ensure(), mpv_overrides=overrides)
    timings: list[float] = []

    async def until(condition: object, what: str) -> None:
        deadline = time.perf_counter() + 20
        while not condition():  # type: ignore[operator]
            if time.perf_counter() > deadline:
                raise RuntimeError(f"timed out waiting for {what}")
            await asyncio.sleep(0.001)

    async def measure() -> None:
        shell.start()
        await until(lambda: shell.runtime is not None, "the store")
        await asyncio.sleep(0.3)  # the window has drawn its first frames
        swapped: list[float] = []
        armed: list[bool] = []
        shell.player.firstFrame.connect(lambda: armed.append(True))

        def on_swap() -> None:
            if armed and not swapped:
                swapped.append(time.perf_counter())

        shell.window.frameSwapped.connect(on_swap)
        for _ in range(RUNS):
            armed.clear()
            swapped.clear()
            started = time.perf_counter()
            shell.play(str(clip))
            await until(lambda: bool(swapped), "the first frame")
            timings.append((swapped[0] - started) * 1000)
            shell.player.leave()
            await asyncio.sleep(0.2)
        await shell.stop()

    loop.run_until_complete(measure())
    loop.close()
    return timings


def child() -> int:
    """Inside Xvfb: measure the floor and Reel alternately-free, print JSON."""
    with tempfile.TemporaryDirectory(prefix="reel-play-") as folder:
        clip = _clip(Path(folder))
        _floor_once(clip)  # warm the page cache and mpv's shared libraries
        floors = [_floor_once(clip) for _ in range(RUNS)]
        reel = _reel_runs(clip, Path(folder) / "data")
    sys.stdout.write(json.dumps({"floor": floors, "reel": reel}) + "\n")
    return 0


def main() -> None:
    """Run the measurement under its own Xvfb and print the figures."""
    for tool in ("xvfb-run", "ffmpeg", "mpv"):
        if shutil.which(tool) is None:
            raise SystemExit(f"play_start needs {tool}; run scripts/bootstrap.sh")
    env = dict(os.environ, QT_QPA_PLATFORM="xcb", LIBGL_ALWAYS_SOFTWARE="1")
    env.pop("WAYLAND_DISPLAY", None)
    result = subprocess.run(
        [*_XVFB, sys.executable, "-m", "bench.play_start", "child"],
        check=True,
        capture_output=True,
        text=True,
        env=env,
        timeout=600,
    )
    figures = json.loads(result.stdout.strip().splitlines()[-1])
    floor = statistics.median(figures["floor"])
    reel = figures["reel"]
    emit("play_start", "first_frame_cold_ms", reel[0], "ms", floor, lower_is_better=True)
    emit(
        "play_start",
        "first_frame_ms",
        statistics.median(reel[1:]),
        "ms",
        floor,
        lower_is_better=True,
    )


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "child":
        sys.exit(child())
    main()
