"""The sidebar's list model changes row by row, never by reset, and stays consistent."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtTest import QAbstractItemModelTester

from reel_qt.ui.sources_model import LibraryRow, SourceRole, SourceRow, SourcesListModel


def _row(source_id: int, name: str, count: int = 0) -> SourceRow:
    return SourceRow(
        id=source_id,
        type="jellyfin",
        name=name,
        item_count=count,
        status="ok",
        status_text="Jellyfin",
        libraries=(LibraryRow(source_id * 10, "Movies", count),),
    )


def _names(model: SourcesListModel) -> list[str]:
    return [model.data(model.index(i), SourceRole.NAME) for i in range(model.rowCount())]


def test_updates_are_fine_grained(qapp: Any) -> None:
    model = SourcesListModel()
    tester = QAbstractItemModelTester(model, QAbstractItemModelTester.FailureReportingMode.Fatal)
    signals: list[str] = []
    model.rowsInserted.connect(lambda *_: signals.append("insert"))
    model.rowsRemoved.connect(lambda *_: signals.append("remove"))
    model.rowsMoved.connect(lambda *_: signals.append("move"))
    model.dataChanged.connect(lambda *_: signals.append("change"))
    model.modelReset.connect(lambda: signals.append("reset"))

    model.set_rows([_row(1, "A"), _row(2, "B"), _row(3, "C")])
    assert signals == ["insert"] * 3 and model.property("count") == 3

    signals.clear()
    model.set_rows([_row(1, "A"), _row(2, "B", 5), _row(3, "C")])
    assert signals == ["change"]
    assert model.data(model.index(1), SourceRole.ITEM_COUNT) == 5
    assert model.data(model.index(1), SourceRole.LIBRARIES) == [
        {"libraryId": 20, "name": "Movies", "itemCount": 5, "supported": True}
    ]

    signals.clear()
    model.set_rows([_row(3, "C"), _row(4, "D"), _row(1, "A")])
    assert "reset" not in signals and "remove" in signals and "insert" in signals
    assert _names(model) == ["C", "D", "A"]
    assert model.data(model.index(9), SourceRole.NAME) is None
    assert model.data(model.index(0), int(Qt.ItemDataRole.DisplayRole)) is None
    assert model.rowCount(model.index(0)) == 0 and model.rowCount(QModelIndex()) == 3
    names = model.roleNames()
    assert {bytes(v.data()) for v in names.values()} >= {b"sourceId", b"name", b"libraries"}
    del tester
