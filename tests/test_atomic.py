"""Atomic writes, streamed: the target changes only when the whole content was written."""

from __future__ import annotations

from pathlib import Path

import pytest

from neurokb.core.atomic import atomic_text_file


def test_streamed_text_replaces_the_target(tmp_path: Path) -> None:
    path = tmp_path / "graph.txt"
    with atomic_text_file(path) as out:
        for line in ("één\n", "two\r\n", "three"):
            out.write(line)
        assert not path.exists()  # nothing visible until the block ends
    assert path.read_bytes() == "één\ntwo\r\nthree".encode()
    assert [p.name for p in path.parent.iterdir()] == ["graph.txt"]


def test_a_failure_keeps_the_old_file_and_leaves_no_temporary_file(tmp_path: Path) -> None:
    path = tmp_path / "graph.txt"
    path.write_text("old\n")
    with pytest.raises(RuntimeError), atomic_text_file(path) as out:
        out.write("half a graph")
        raise RuntimeError("the writer failed")
    assert path.read_text() == "old\n"
    assert [p.name for p in tmp_path.iterdir()] == ["graph.txt"]


def test_no_overwrite_refuses_an_existing_file(tmp_path: Path) -> None:
    path = tmp_path / "entry.yaml"
    path.write_text("mine\n")
    with pytest.raises(FileExistsError), atomic_text_file(path, overwrite=False) as out:
        out.write("theirs\n")
    assert path.read_text() == "mine\n"
    assert [p.name for p in tmp_path.iterdir()] == ["entry.yaml"]
