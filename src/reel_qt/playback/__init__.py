"""The mpv wrapper, the QML video item and the playback controller."""
