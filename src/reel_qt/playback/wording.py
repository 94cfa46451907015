"""Times and playback failures in words for people."""

from __future__ import annotations


def clock(seconds: float) -> str:
    """Seconds as 42:10 or 1:02:03."""
    total = max(0, int(seconds))
    hours, rest = divmod(total, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


def describe_playback_error(error: str) -> str:
    """mpv's reason for failing to play, in words for people."""
    lowered = error.lower()
    if "format" in lowered:
        why = "the file is damaged or in a format Reel cannot read"
    elif "loading failed" in lowered:
        why = "it could not be opened (the file may have moved, or the server is unreachable)"
    elif "no audio or video" in lowered:
        why = "it holds no video or sound Reel can decode"
    else:
        why = f"mpv reported: {error or 'an unknown error'}"
    return f"This video cannot be played: {why}."
