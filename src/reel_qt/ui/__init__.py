"""View-models, list models, artwork URLs and QML type registration."""

QML_IMPORT_NAME = "Reel"
