"""Canonical entry text: loads back to the same model, quotes what YAML would misread."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
import yaml

from neurokb.core.atomic import atomic_write_text
from neurokb.core.models import Paper
from neurokb.edit.writer import entry_text, plain_ok, scalar
from neurokb.load.loader import read_entry


def _reload(text: str, tmp_path: Path, key: str = "x2020y") -> Paper:
    result = read_entry("papers", tmp_path / f"entries/papers/{key}.yaml", tmp_path, text.encode())
    assert result.entry is not None, result.problems
    return result.entry  # type: ignore[return-value]


def test_every_shipped_paper_round_trips(shipped_kb, tmp_path: Path) -> None:
    for key, paper in shipped_kb.papers.items():
        assert _reload(entry_text(paper), tmp_path, key) == paper, key


def test_layout_of_a_new_entry(tmp_path: Path) -> None:
    data = {
        "title": "SuperSpike: Supervised learning in multilayer spiking neural networks",
        "authors": ["Zenke, Friedemann", {"family": "Ganguli", "given": "Surya"}],
        "year": 2018,
        "type": "article",
        "venue": "Neural Computation",
        "volume": "30",
        "issue": "6",
        "doi": "10.1162/neco_a_01086",
        "arxiv": "1705.11146",
        "pmid": "29652587",
        "notes": "Imported from Crossref on 2026-11-25; summary to be written.\n",
        "equations": [{"latex": r"\Delta w = \eta y (x - y w)", "caption": "Oja's rule"}],
    }
    text = entry_text(data)
    assert text.splitlines() == [
        "# yaml-language-server: $schema=../../neurokb/schemas/paper.schema.json",
        'title: "SuperSpike: Supervised learning in multilayer spiking neural networks"',
        "authors:",
        "  - Zenke, Friedemann",
        "  - family: Ganguli",
        "    given: Surya",
        "year: 2018",
        "type: article",
        "venue: Neural Computation",
        'volume: "30"',
        'issue: "6"',
        "doi: 10.1162/neco_a_01086",
        'arxiv: "1705.11146"',
        'pmid: "29652587"',
        "notes: |",
        "  Imported from Crossref on 2026-11-25; summary to be written.",
        "equations:",
        r"  - latex: '\Delta w = \eta y (x - y w)'",
        '    caption: "Oja\'s rule"',
    ]
    assert _reload(text, tmp_path).arxiv == "1705.11146"


@pytest.mark.parametrize(
    "text", ["30", "1804.02460", "yes", "null", "a: b", "- x", "#x", "x #y", "@x", "'q", " x"]
)
def test_values_yaml_would_misread_are_quoted(text: str) -> None:
    assert not plain_ok(text)
    assert yaml.safe_load(f"k: {scalar('venue', text)}") == {"k": text}


@pytest.mark.parametrize("text", ['He said "hi"', "C:\\path", "it's", "tab\there"])
def test_quoting_is_exact(text: str) -> None:
    assert yaml.safe_load(f"k: {scalar('title', text)}") == {"k": text}


def test_unknown_fields_are_refused() -> None:
    with pytest.raises(ValueError, match="colour"):
        entry_text({"title": "T", "colour": "red"})


def test_write_atomic_replaces_and_refuses_to_clobber(tmp_path: Path) -> None:
    path = tmp_path / "papers" / "a.yaml"
    path.parent.mkdir()  # atomic writes never create folders (see test_hostile_fs)
    atomic_write_text(path, "one\n")
    atomic_write_text(path, "two\n")
    assert path.read_text() == "two\n"
    assert os.stat(path).st_mode & 0o777 != 0o600
    with pytest.raises(FileExistsError):
        atomic_write_text(path, "three\n", overwrite=False)
    assert path.read_text() == "two\n"
    assert [p.name for p in path.parent.iterdir()] == ["a.yaml"]  # no temp file left behind
