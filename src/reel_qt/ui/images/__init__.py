"""Artwork for QML: a disk cache, a bounded fetcher, BlurHash previews, file URLs."""
