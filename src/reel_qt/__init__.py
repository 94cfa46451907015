"""Reel: a desktop media player for Jellyfin, Plex and local folders."""

__version__ = "0.1.0"
