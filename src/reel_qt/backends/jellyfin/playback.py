"""What the player needs from Jellyfin: stream URLs, progress reports, skip segments.

Direct play of the original file comes first: the device profile below tells the
server that mpv plays nearly every container and codec, so the server only offers a
transcode when the user asks for a lower bitrate or the file cannot be sent as is.
The token goes in an `Authorization` header that mpv sends (`http-header-fields`),
never in the URL.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from reel_qt.backends.jellyfin import dto
from reel_qt.backends.jellyfin.client import JellyfinClient
from reel_qt.backends.jellyfin.parsers import TICKS_PER_MS, decode
from reel_qt.core.errors import BackendError, RemoteNotFoundError
from reel_qt.core.records import ExternalSubtitle, MarkerKind, MarkerRecord, PlaybackTarget

# mpv (through FFmpeg) plays all of these directly.
_CONTAINERS = "mkv,mp4,m4v,mov,webm,avi,ts,m2ts,mpegts,wmv,asf,flv,ogv,3gp,mpg,mpeg,vob,iso"
_SEGMENT_KINDS = {
    "Intro": MarkerKind.INTRO,
    "Outro": MarkerKind.CREDITS,
    "Recap": MarkerKind.RECAP,
    "Preview": MarkerKind.PREVIEW,
    "Commercial": MarkerKind.COMMERCIAL,
}
_TOKEN_PARAMS = frozenset({"api_key", "apikey", "x-emby-token", "token"})
# A bitrate high enough that the server never transcodes for bandwidth on its own.
UNLIMITED_BITRATE = 200_000_000


def device_profile(max_bitrate: int) -> dict[str, Any]:
    """A DeviceProfile saying mpv direct-plays everything; HLS h264/aac as the fallback."""
    return {
        "Name": "Reel (mpv)",
        "MaxStreamingBitrate": max_bitrate,
        "MaxStaticBitrate": max_bitrate,
        "DirectPlayProfiles": [{"Container": _CONTAINERS, "Type": "Video"}],
        "TranscodingProfiles": [
            {
                "Container": "ts",
                "Type": "Video",
                "VideoCodec": "h264,hevc",
                "AudioCodec": "aac,ac3,eac3,mp3,opus",
                "Protocol": "hls",
                "Context": "Streaming",
                "BreakOnNonKeyFrames": True,
            }
        ],
        "ContainerProfiles": [],
        "CodecProfiles": [],
        "SubtitleProfiles": [
            {"Format": fmt, "Method": method}
            for fmt in ("srt", "ass", "ssa", "vtt", "sub", "pgssub", "dvdsub")
            for method in ("Embed", "External")
        ],
    }


class JellyfinPlayback:
    """Playback calls for one signed-in client."""

    def __init__(self, client: JellyfinClient) -> None:
        self.client = client

    def _headers(self) -> dict[str, str]:
        return {"Authorization": self.client.headers()["Authorization"]}

    async def target(
        self,
        item_id: str,
        *,
        max_bitrate: int | None = None,
        start_ms: int = 0,
        media_source_id: str | None = None,
    ) -> PlaybackTarget:
        """Ask the server how to play an item; direct play unless a bitrate forces a transcode.

        Raises:
            BackendError: the server cannot play the item for this user.
        """
        bitrate = max_bitrate or UNLIMITED_BITRATE
        body: dict[str, Any] = {
            "UserId": self.client.user_id,
            "MaxStreamingBitrate": bitrate,
            "StartTimeTicks": start_ms * TICKS_PER_MS,
            "DeviceProfile": device_profile(bitrate),
            "EnableDirectPlay": max_bitrate is None,
            "EnableDirectStream": max_bitrate is None,
            "EnableTranscoding": True,
            "AutoOpenLiveStream": True,
        }
        if media_source_id:
            body["MediaSourceId"] = media_source_id
        response = await self.client.post(f"/Items/{item_id}/PlaybackInfo", body=body)
        info = decode(response.body, dto.PlaybackInfoResponse, "the playback info")
        if info.error_code:
            raise BackendError(f"The server cannot play this item ({info.error_code}).")
        if not info.media_sources:
            raise BackendError("The server offers no playable version of this item.")
        source = next((s for s in info.media_sources if s.id == media_source_id), None)
        source = source or info.media_sources[0]
        subtitles = self.external_subtitles(item_id, source)
        if source.supports_direct_play and max_bitrate is None:
            return PlaybackTarget(
                url=self.direct_url(item_id, source.id, source.container),
                headers=self._headers(),
                media_source_id=source.id,
                play_session_id=info.play_session_id,
                subtitles=subtitles,
            )
        if source.transcoding_url:
            return PlaybackTarget(
                url=self._server_url(source.transcoding_url),
                headers=self._headers(),
                transcoded=True,
                media_source_id=source.id,
                play_session_id=info.play_session_id,
                subtitles=subtitles,
            )
        return PlaybackTarget(
            url=self.hls_url(item_id, source.id, bitrate, info.play_session_id),
            headers=self._headers(),
            transcoded=True,
            media_source_id=source.id,
            play_session_id=info.play_session_id,
            subtitles=subtitles,
        )

    def _server_url(self, path: str) -> str:
        """A server-given path as a full URL, without the token the server put in it.

        Jellyfin writes `api_key`/`ApiKey` into transcoding and subtitle URLs; the player
        sends the Authorization header instead, so no token ends up in a logged URL.
        """
        parts = urlsplit(path)
        query = [(k, v) for k, v in parse_qsl(parts.query) if k.lower() not in _TOKEN_PARAMS]
        return self.client.base_url + urlunsplit(("", "", parts.path, urlencode(query), ""))

    def direct_url(self, item_id: str, media_source_id: str | None, container: str | None) -> str:
        """The original file, sent as is."""
        query = {"static": "true", "deviceId": self.client.identity.device_id}
        if media_source_id:
            query["mediaSourceId"] = media_source_id
        suffix = f".{container.split(',')[0]}" if container else ""
        return f"{self.client.base_url}/Videos/{item_id}/stream{suffix}?{urlencode(query)}"

    def hls_url(
        self, item_id: str, media_source_id: str | None, bitrate: int, session: str | None
    ) -> str:
        """A transcoded HLS stream at a chosen bitrate (h264 video, aac audio)."""
        query = {
            "deviceId": self.client.identity.device_id,
            "videoCodec": "h264",
            "audioCodec": "aac",
            "videoBitRate": str(max(bitrate - 192_000, 64_000)),
            "audioBitRate": "192000",
            "segmentContainer": "ts",
        }
        if media_source_id:
            query["mediaSourceId"] = media_source_id
        if session:
            query["playSessionId"] = session
        return f"{self.client.base_url}/Videos/{item_id}/master.m3u8?{urlencode(query)}"

    def external_subtitles(
        self, item_id: str, source: dto.MediaSource
    ) -> tuple[ExternalSubtitle, ...]:
        """Subtitle tracks the player loads from their own URL."""
        result = []
        for stream in source.media_streams or ():
            if stream.type != "Subtitle" or not stream.is_external or stream.index is None:
                continue
            if stream.delivery_url:
                url = self._server_url(stream.delivery_url)
            else:
                codec = (stream.codec or "srt").lower()
                url = (
                    f"{self.client.base_url}/Videos/{item_id}/{source.id}/Subtitles/"
                    f"{stream.index}/Stream.{codec}"
                )
            result.append(
                ExternalSubtitle(
                    index=stream.index,
                    url=url,
                    language=stream.language,
                    title=stream.display_title or stream.title,
                    codec=stream.codec,
                )
            )
        return tuple(result)

    # progress

    def _report(self, item_id: str, position_ms: int, **extra: Any) -> dict[str, Any]:
        """A PlaybackStart/Progress/StopInfo body; members given as None are left out."""
        return {
            "ItemId": item_id,
            "PositionTicks": position_ms * TICKS_PER_MS,
            **{k: v for k, v in extra.items() if v is not None},
        }

    async def started(
        self,
        item_id: str,
        position_ms: int,
        *,
        media_source_id: str | None = None,
        play_session_id: str | None = None,
    ) -> None:
        """Tell the server playback began."""
        await self.client.post(
            "/Sessions/Playing",
            body=self._report(
                item_id,
                position_ms,
                CanSeek=True,
                PlayMethod="DirectPlay",
                MediaSourceId=media_source_id,
                PlaySessionId=play_session_id,
            ),
        )

    async def progress(
        self,
        item_id: str,
        position_ms: int,
        *,
        paused: bool = False,
        media_source_id: str | None = None,
        play_session_id: str | None = None,
    ) -> None:
        """Tell the server where playback stands."""
        await self.client.post(
            "/Sessions/Playing/Progress",
            body=self._report(
                item_id,
                position_ms,
                CanSeek=True,
                PlayMethod="DirectPlay",
                IsPaused=paused,
                MediaSourceId=media_source_id,
                PlaySessionId=play_session_id,
            ),
        )

    async def stopped(
        self,
        item_id: str,
        position_ms: int,
        *,
        media_source_id: str | None = None,
        play_session_id: str | None = None,
    ) -> None:
        """Tell the server playback ended at position_ms."""
        await self.client.post(
            "/Sessions/Playing/Stopped",
            body=self._report(
                item_id, position_ms, MediaSourceId=media_source_id, PlaySessionId=play_session_id
            ),
        )

    async def set_played(self, item_id: str, played: bool) -> None:
        """Mark an item played or unplayed."""
        params = {"userId": self.client.user_id}
        if played:
            await self.client.post(f"/UserPlayedItems/{item_id}", params)
        else:
            await self.client.transport.request(
                "DELETE", f"/UserPlayedItems/{item_id}", params=params
            )

    async def save_user_state(self, item_id: str, *, position_ms: int, watched: bool) -> None:
        """Store a resume point and watched state made offline (no playback session).

        Raises:
            RemoteNotFoundError: the server no longer has the item.
        """
        try:
            await self.client.post(
                f"/UserItems/{item_id}/UserData",
                {"userId": self.client.user_id},
                body={"PlaybackPositionTicks": position_ms * TICKS_PER_MS, "Played": watched},
            )
            return
        except RemoteNotFoundError:
            # Either the item is gone, or the server predates this route (before 10.9):
            # ask for the item to tell the two apart.
            await self.client.get(f"/Items/{item_id}", {"userId": self.client.user_id})
        await self.set_played(item_id, watched)
        if position_ms and not watched:
            await self.stopped(item_id, position_ms)

    async def markers(self, item_id: str) -> list[MarkerRecord]:
        """Intro, outro, recap and preview segments (Jellyfin 10.10+; empty before)."""
        try:
            response = await self.client.get(f"/MediaSegments/{item_id}")
        except RemoteNotFoundError:
            # Servers before 10.10 have no such route; no markers is the honest answer.
            return []
        result = decode(response.body, dto.MediaSegmentsResult, "the media segments")
        markers = []
        for segment in result.items:
            kind = _SEGMENT_KINDS.get(segment.type or "")
            if kind is None or segment.start_ticks is None or segment.end_ticks is None:
                continue
            start, end = segment.start_ticks // TICKS_PER_MS, segment.end_ticks // TICKS_PER_MS
            if 0 <= start < end:
                markers.append(MarkerRecord(kind=kind, start_ms=start, end_ms=end))
        return sorted(markers, key=lambda m: m.start_ms)
