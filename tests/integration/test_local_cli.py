"""`reel source add local`, `reel sync`, `ls`, `search` and `info` over a real folder tree."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.clips import ClipMaker
from tests.integration.test_cli import fails, ok_json, reel
from tests.local_tree import RICH, build_series


def test_local_folders_from_the_command_line(clips: ClipMaker, tmp_path: Path) -> None:
    data = tmp_path / "data"
    films, series = tmp_path / "Films", tmp_path / "Series"
    clips.place(RICH, films / "The Matrix (1999)" / "The Matrix (1999).mkv")
    build_series(clips, series)
    added = ok_json(data, "source", "add", "local", str(films), "--kind", "movies")
    shows = ok_json(data, "source", "add", "local", str(series), "--kind", "shows")
    assert (added["type"], added["name"]) == ("local", "Films")
    done = reel(data, "sync")
    assert done.returncode == 0, done.stderr
    rows = ok_json(data, "ls", "--source", str(added["id"]))
    assert [(r["title"], r["year"], r["type"]) for r in rows] == [("The Matrix", 1999, "movie")]
    episodes = ok_json(data, "ls", "--source", str(shows["id"]), "--type", "episode")
    assert len(episodes) == 7
    hits = ok_json(data, "search", "matrix")
    assert [h["title"] for h in hits] == ["The Matrix"]
    info = ok_json(data, "info", str(rows[0]["id"]))
    assert info["location"] == str(films / "The Matrix (1999)" / "The Matrix (1999).mkv")
    assert [s["language"] for s in info["streams"] if s["type"] == "audio"] == ["eng", "fra"]
    text = reel(data, "info", str(rows[0]["id"]))
    assert "Streams" in text.stdout and "#1 audio: aac, eng" in text.stdout


@pytest.mark.parametrize(
    ("where", "words"),
    [("missing", "is not a folder Reel can reach."), ("taken", "is already in source 1")],
)
def test_adding_a_bad_folder_is_explained(tmp_path: Path, where: str, words: str) -> None:
    data = tmp_path / "data"
    folder = tmp_path / "films"
    if where == "taken":
        folder.mkdir()
        ok_json(data, "source", "add", "local", str(folder))
    line = fails(data, "source", "add", "local", str(folder))
    assert line.startswith(f"reel: {folder} ") and words in line
