"""View-models, list models, the image provider and QML type registration."""
