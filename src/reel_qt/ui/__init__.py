"""View-models, list models, the image provider and QML type registration."""

QML_IMPORT_NAME = "Reel"
