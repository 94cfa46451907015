"""A view-model base for pages that load from the store: loading flag and error in words."""

from __future__ import annotations

from PySide6.QtCore import Property, QObject, Signal


class LoadingViewModel(QObject):
    """Holds `isLoading` and `errorMessage` for QML; subclasses set them as work runs."""

    isLoadingChanged = Signal()
    errorMessageChanged = Signal()

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._is_loading = False
        self._error = ""

    def _get_is_loading(self) -> bool:
        return self._is_loading

    isLoading = Property(bool, _get_is_loading, notify=isLoadingChanged)

    def _get_error(self) -> str:
        return self._error

    errorMessage = Property(str, _get_error, notify=errorMessageChanged)

    def _set_loading(self, value: bool) -> None:
        if value != self._is_loading:
            self._is_loading = value
            self.isLoadingChanged.emit()

    def _set_error(self, message: str) -> None:
        if message != self._error:
            self._error = message
            self.errorMessageChanged.emit()
