"""Registers every QML type Reel exposes (the `Reel` import) by importing its module."""

from __future__ import annotations


def register_qml_types() -> None:
    """Import the view-model modules; @QmlElement registers them as a side effect."""
    from reel_qt.ui import shell_view_model, sources_model

    del shell_view_model, sources_model
