"""The options Reel starts libmpv with, and the per-file options of a playback target."""

from __future__ import annotations

from reel_qt.core.settings import Settings

# Network playback: read ahead generously so a slow link does not stall, but bound the
# memory a long film may take, and give up on a dead server in words rather than hang.
NETWORK_CACHE: dict[str, str] = {
    "cache": "yes",
    "cache-secs": "60",
    "demuxer-max-bytes": "150MiB",
    "demuxer-max-back-bytes": "50MiB",
    "demuxer-readahead-secs": "20",
    "network-timeout": "20",
}


def core_options(settings: Settings, *, hardware_decoding: str | None = None) -> dict[str, str]:
    """Options for a libmpv instance rendering into Reel's window (not its own)."""
    options = {
        "vo": "libmpv",
        "hwdec": hardware_decoding or settings.hardware_decoding,
        "config": "no",
        "input-default-bindings": "no",
        "input-vo-keyboard": "no",
        "osc": "no",
        "osd-level": "0",
        "keep-open": "yes",  # stay on the last frame at the end; Reel decides what is next
        "idle": "yes",
        "ytdl": "no",
        "sub-auto": "fuzzy",  # local files: pick up film.en.srt beside film.mkv
        "audio-client-name": "Reel",
        "title": "Reel",
    }
    if options["hwdec"] == "no":
        # Without hardware decoding, skip probing GPU interops (CUDA, VAAPI) at start.
        options["gpu-hwdec-interop"] = "no"
    options.update(NETWORK_CACHE)
    if settings.preferred_audio_language:
        options["alang"] = settings.preferred_audio_language
    if settings.preferred_subtitle_language:
        options["slang"] = settings.preferred_subtitle_language
    return options


def header_fields(headers: dict[str, str]) -> list[str]:
    """HTTP headers as mpv's `http-header-fields` list ("Name: value" each)."""
    # A comma inside a value would split mpv's string list; the list form avoids it.
    return [f"{name}: {value}" for name, value in headers.items()]
