"""UserDto, SessionInfoDto, system info and the sign-in results, shaped as in the 10.11 spec."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from tests.fakes.jellyfin.auth import QuickConnectRequest, Session
from tests.fakes.jellyfin.library import format_date

VERSION = "10.11.0"
PRODUCT = "Jellyfin Server"
_PROVIDERS = "Jellyfin.Server.Implementations.Users"


@dataclass(frozen=True)
class ServerIdentity:
    """What the server says about itself."""

    server_id: str
    name: str
    local_address: str


@dataclass
class Account:
    """The fake's one user account."""

    user_id: str
    username: str
    password: str
    last_login_us: int | None = None


def public_info(server: ServerIdentity) -> dict[str, Any]:
    """PublicSystemInfo (GET /System/Info/Public, no sign-in needed)."""
    return {
        "LocalAddress": server.local_address,
        "ServerName": server.name,
        "Version": VERSION,
        "ProductName": PRODUCT,
        "OperatingSystem": "",  # the real server has sent an empty string since 10.9
        "Id": server.server_id,
        "StartupWizardCompleted": True,
    }


def system_info(server: ServerIdentity) -> dict[str, Any]:
    """SystemInfo (GET /System/Info, signed in)."""
    return public_info(server) | {
        "OperatingSystemDisplayName": "",
        "PackageName": "fake",
        "HasPendingRestart": False,
        "IsShuttingDown": False,
        "SupportsLibraryMonitor": True,
        "WebSocketPortNumber": 8096,
        "CompletedInstallations": [],
        "CanSelfRestart": False,
        "CanLaunchWebBrowser": False,
        "CastReceiverApplications": [],
        "HasUpdateAvailable": False,
        "EncoderLocation": "System",
        "SystemArchitecture": "X64",
    }


def user_dto(account: Account, server: ServerIdentity, now_us: int) -> dict[str, Any]:
    """UserDto with its configuration and policy (every non-nullable member present)."""
    dto: dict[str, Any] = {
        "Name": account.username,
        "ServerId": server.server_id,
        "ServerName": server.name,
        "Id": account.user_id,
        "HasPassword": bool(account.password),
        "HasConfiguredPassword": bool(account.password),
        "HasConfiguredEasyPassword": False,
        "EnableAutoLogin": False,
        "LastActivityDate": format_date(now_us),
        "Configuration": {
            "PlayDefaultAudioTrack": True,
            "SubtitleLanguagePreference": "",
            "DisplayMissingEpisodes": False,
            "GroupedFolders": [],
            "SubtitleMode": "Default",
            "DisplayCollectionsView": False,
            "EnableLocalPassword": False,
            "OrderedViews": [],
            "LatestItemsExcludes": [],
            "MyMediaExcludes": [],
            "HidePlayedInLatest": True,
            "RememberAudioSelections": True,
            "RememberSubtitleSelections": True,
            "EnableNextEpisodeAutoPlay": True,
            "CastReceiverId": "F007D354",
        },
        "Policy": {
            "IsAdministrator": True,
            "IsHidden": False,
            "EnableCollectionManagement": False,
            "EnableSubtitleManagement": False,
            "EnableLyricManagement": False,
            "IsDisabled": False,
            "BlockedTags": [],
            "AllowedTags": [],
            "EnableUserPreferenceAccess": True,
            "AccessSchedules": [],
            "BlockUnratedItems": [],
            "EnableRemoteControlOfOtherUsers": True,
            "EnableSharedDeviceControl": True,
            "EnableRemoteAccess": True,
            "EnableLiveTvManagement": True,
            "EnableLiveTvAccess": True,
            "EnableMediaPlayback": True,
            "EnableAudioPlaybackTranscoding": True,
            "EnableVideoPlaybackTranscoding": True,
            "EnablePlaybackRemuxing": True,
            "ForceRemoteSourceTranscoding": False,
            "EnableContentDeletion": True,
            "EnableContentDeletionFromFolders": [],
            "EnableContentDownloading": True,
            "EnableSyncTranscoding": True,
            "EnableMediaConversion": True,
            "EnabledDevices": [],
            "EnableAllDevices": True,
            "EnabledChannels": [],
            "EnableAllChannels": True,
            "EnabledFolders": [],
            "EnableAllFolders": True,
            "InvalidLoginAttemptCount": 0,
            "LoginAttemptsBeforeLockout": -1,
            "MaxActiveSessions": 0,
            "EnablePublicSharing": True,
            "BlockedMediaFolders": [],
            "BlockedChannels": [],
            "RemoteClientBitrateLimit": 0,
            "AuthenticationProviderId": f"{_PROVIDERS}.DefaultAuthenticationProvider",
            "PasswordResetProviderId": f"{_PROVIDERS}.DefaultPasswordResetProvider",
            "SyncPlayAccess": "CreateAndJoinGroups",
        },
    }
    if account.last_login_us is not None:
        dto["LastLoginDate"] = format_date(account.last_login_us)
    return dto


def session_dto(session: Session, account: Account, server: ServerIdentity) -> dict[str, Any]:
    """SessionInfoDto of a signed-in device."""
    return {
        "PlayState": {
            "CanSeek": False,
            "IsPaused": False,
            "IsMuted": False,
            "RepeatMode": "RepeatNone",
            "PlaybackOrder": "Default",
        },
        "AdditionalUsers": [],
        "RemoteEndPoint": "127.0.0.1",
        "PlayableMediaTypes": [],
        "Id": session.token[::-1],
        "UserId": account.user_id,
        "UserName": account.username,
        "Client": session.client,
        "LastActivityDate": format_date(session.last_activity_us),
        "LastPlaybackCheckIn": "0001-01-01T00:00:00.0000000Z",
        "DeviceName": session.device_name,
        "DeviceId": session.device_id,
        "ApplicationVersion": session.version,
        "IsActive": True,
        "SupportsMediaControl": False,
        "SupportsRemoteControl": False,
        "NowPlayingQueue": [],
        "NowPlayingQueueFullItems": [],
        "HasCustomDeviceName": False,
        "ServerId": server.server_id,
        "SupportedCommands": [],
    }


def auth_result(
    session: Session, account: Account, server: ServerIdentity, now_us: int
) -> dict[str, Any]:
    """AuthenticationResult, the answer to both password and Quick Connect sign-in."""
    return {
        "User": user_dto(account, server, now_us),
        "SessionInfo": session_dto(session, account, server),
        "AccessToken": session.token,
        "ServerId": server.server_id,
    }


def quick_connect_result(request: QuickConnectRequest) -> dict[str, Any]:
    """QuickConnectResult: every member is non-nullable, so all are always sent."""
    return {
        "Authenticated": request.authorized_user is not None,
        "Secret": request.secret,
        "Code": request.code,
        "DeviceId": request.device_id,
        "DeviceName": request.device_name,
        "AppName": request.app_name,
        "AppVersion": request.app_version,
        "DateAdded": format_date(request.added_us),
    }
