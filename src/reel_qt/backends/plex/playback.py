"""What the player needs from Plex: stream URLs, play-state reports, markers and chapters.

Direct play of the part's file comes first (mpv plays nearly everything); the universal
transcoder's HLS stream serves a quality choice. The token goes in the `X-Plex-Token`
header mpv sends (`http-header-fields`), never in a URL; the client identifier, which is
not a secret, rides in the transcode URL because PMS ties the session's segments to it.
"""

from __future__ import annotations

import uuid
from urllib.parse import urlencode

from reel_qt.backends.plex import dto, parsers
from reel_qt.backends.plex.client import PlexClient, metadata_path
from reel_qt.core.errors import BackendError, RemoteNotFoundError
from reel_qt.core.records import ExternalSubtitle, MarkerRecord, PlaybackTarget

LIBRARY_IDENTIFIER = "com.plexapp.plugins.library"
TIMELINE_STATES = ("playing", "paused", "stopped", "buffering")


class PlexPlayback:
    """Playback calls for one signed-in client."""

    def __init__(self, client: PlexClient) -> None:
        self.client = client

    def _headers(self) -> dict[str, str]:
        headers = self.client.headers()
        wanted = ("X-Plex-Token", "X-Plex-Client-Identifier", "X-Plex-Product", "X-Plex-Version")
        return {name: headers[name] for name in wanted if name in headers}

    async def item(self, rating_key: str) -> dto.Metadata:
        """One item in full, with its markers and chapters.

        Raises:
            RemoteNotFoundError: the server no longer has it.
        """
        response = await self.client.metadata(
            [rating_key], {"includeMarkers": "1", "includeChapters": "1"}
        )
        found = None
        if response is not None:
            reply = parsers.decode(response.body, dto.MetadataReply, "the item's details")
            found = next(iter(reply.container.metadata), None)
        if found is None:
            raise RemoteNotFoundError("The server no longer has this item.")
        return found

    async def target(
        self,
        rating_key: str,
        *,
        max_bitrate: int | None = None,
        start_ms: int = 0,
        media_id: str | None = None,
    ) -> PlaybackTarget:
        """Direct play of the file unless a bitrate asks for a transcode.

        `media_id` picks a version (a Media) by its id; the first one otherwise, or when
        the server no longer has that one.

        Raises:
            BackendError: the server has no playable file for the item.
        """
        item = await self.item(rating_key)
        versions = item.media or []
        chosen = next((m for m in versions if media_id and str(m.id) == media_id), None)
        index = versions.index(chosen) if chosen is not None else 0
        version = versions[index] if versions else None
        part = next(iter(version.parts or ()), None) if version is not None else None
        if part is None or not part.key:
            raise BackendError("The server offers no playable file for this item.")
        media_id = str(version.id) if version is not None and version.id is not None else None
        subtitles = self.external_subtitles(part)
        if max_bitrate is None:
            return PlaybackTarget(
                url=self.client.base_url + part.key,
                headers=self._headers(),
                media_source_id=media_id,
                subtitles=subtitles,
            )
        session = uuid.uuid4().hex
        return PlaybackTarget(
            url=self.hls_url(rating_key, max_bitrate, start_ms, session, media_index=index),
            headers=self._headers(),
            transcoded=True,
            media_source_id=media_id,
            play_session_id=session,
            subtitles=subtitles,
        )

    def hls_url(
        self, rating_key: str, max_bitrate: int, start_ms: int, session: str, media_index: int = 0
    ) -> str:
        """The universal transcoder's HLS stream of a version at a bitrate (bits per second)."""
        kbps = max(64, max_bitrate // 1000)
        headers = self.client.headers()
        query = {
            "path": metadata_path([rating_key]),
            "protocol": "hls",
            "mediaIndex": str(media_index),
            "partIndex": "0",
            "offset": f"{max(0, start_ms) / 1000:.3f}",
            "fastSeek": "1",
            "directPlay": "0",
            "directStream": "1",
            "directStreamAudio": "1",
            "maxVideoBitrate": str(kbps),
            "videoBitrate": str(kbps),
            "videoQuality": "100",
            "subtitles": "auto",
            "copyts": "1",
            "session": session,
            "X-Plex-Client-Identifier": headers["X-Plex-Client-Identifier"],
            "X-Plex-Product": headers["X-Plex-Product"],
            "X-Plex-Platform": headers["X-Plex-Platform"],
        }
        return f"{self.client.base_url}/video/:/transcode/universal/start.m3u8?{urlencode(query)}"

    def external_subtitles(self, part: dto.Part) -> tuple[ExternalSubtitle, ...]:
        """Sidecar subtitle files, each loaded by the player from its own URL."""
        found = []
        for stream in parsers.streams(part):
            if stream.is_external and stream.location:
                found.append(
                    ExternalSubtitle(
                        index=stream.index,
                        url=self.client.base_url + stream.location,
                        language=stream.language,
                        title=stream.title,
                        codec=stream.codec,
                    )
                )
        return tuple(found)

    async def markers(self, rating_key: str) -> list[MarkerRecord]:
        """Intro, credits and commercial markers and the chapters, in playback order."""
        return parsers.markers(await self.item(rating_key))

    # play state

    async def timeline(
        self, rating_key: str, state: str, position_ms: int, duration_ms: int | None = None
    ) -> None:
        """Report where playback stands ("playing", "paused", "stopped" or "buffering")."""
        if state not in TIMELINE_STATES:
            raise ValueError(f"unknown timeline state {state!r}")
        params = {
            "ratingKey": rating_key,
            "key": metadata_path([rating_key]),
            "state": state,
            "time": str(max(0, position_ms)),
        }
        if duration_ms:
            params["duration"] = str(duration_ms)
        await self.client.get("/:/timeline", params)

    async def set_watched(self, rating_key: str, watched: bool) -> None:
        """Scrobble (one more play, resume point cleared) or unscrobble an item."""
        path = "/:/scrobble" if watched else "/:/unscrobble"
        await self.client.get(path, {"key": rating_key, "identifier": LIBRARY_IDENTIFIER})

    async def save_user_state(self, rating_key: str, *, position_ms: int, watched: bool) -> None:
        """Store a resume point and watched state made offline (no playback session).

        Raises:
            RemoteNotFoundError: the server no longer has the item.
        """
        await self.set_watched(rating_key, watched)
        if not watched and position_ms > 0:
            await self.client.get(
                "/:/progress",
                {
                    "key": rating_key,
                    "identifier": LIBRARY_IDENTIFIER,
                    "time": str(position_ms),
                    "state": "stopped",
                },
            )
