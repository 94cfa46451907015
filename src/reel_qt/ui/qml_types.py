"""Registers every QML type Reel exposes (the `Reel` import) by importing its module."""

from __future__ import annotations


def register_qml_types() -> None:
    """Import the view-model modules; @QmlElement registers them as a side effect."""
    from reel_qt.playback import video_item
    from reel_qt.ui import player_view_model, shell_view_model, sources_model

    del shell_view_model, sources_model, player_view_model, video_item
    from reel_qt.ui import browser, library_items_model, poster_list_model
    from reel_qt.ui.images import artwork_urls

    del browser, library_items_model, poster_list_model, artwork_urls
    from reel_qt.ui import about, image_cache_view_model, settings_view_model

    del about, image_cache_view_model, settings_view_model
