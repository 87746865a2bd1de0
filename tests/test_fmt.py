"""``neurokb fmt``: one canonical text per entry, comments kept, invalid files never rewritten."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from neurokb.cli.app import app
from neurokb.core.models import Paper
from neurokb.edit.fmt import format_entry, format_files
from neurokb.edit.writer import PAPER_FIELD_ORDER, entry_text
from neurokb.load.loader import read_entry

runner = CliRunner()
SCHEMA = "# yaml-language-server: $schema=../../neurokb/schemas/paper.schema.json"

COMMENTED = """\
# Entry added for the fmt tests.

year: 2020  # of the journal version
title: 'Learning: a test'
# Authors in citation order.
authors:
  - Roe,Richard
  - family: Doe  # corresponding author
    given: Jane
topics:
  - synaptic-plasticity  # the main one
  # secondary:
  - hebbian-learning
volume: 30
arxiv: 1804.02460
summary: |
  First line.
  # Not a comment: Markdown heading inside the block.
"""


def _paper(root: Path, key: str, text: str) -> Path:
    path = root / "entries" / "papers" / f"{key}.yaml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def _fmt(root: Path, path: Path, text: str | None = None) -> str:
    result = format_entry("papers", path, root, None if text is None else text.encode())
    assert result.text is not None, (result.problems, result.reason)
    return result.text


def run(*args: str):
    return CliRunner().invoke(app, list(args), catch_exceptions=False)


def test_commented_entry_keeps_comments_and_stays_valid(tmp_path: Path) -> None:
    path = _paper(tmp_path, "doe2020learning", COMMENTED)
    text = _fmt(tmp_path, path)
    assert text.splitlines() == [
        SCHEMA,
        "# Entry added for the fmt tests.",
        "",
        'title: "Learning: a test"',
        "# Authors in citation order.",
        "authors:",
        "  - Roe, Richard",
        "  - Doe, Jane # corresponding author",
        "year: 2020 # of the journal version",
        "type: article",
        'volume: "30"',
        'arxiv: "1804.02460"',
        "topics:",
        "  # secondary:",
        "  - hebbian-learning",
        "  - synaptic-plasticity # the main one",
        "summary: |",
        "  First line.",
        "  # Not a comment: Markdown heading inside the block.",
    ]
    before = read_entry("papers", path, tmp_path).entry
    after = read_entry("papers", path, tmp_path, text.encode()).entry
    assert isinstance(before, Paper) and isinstance(after, Paper)
    assert after.summary == before.summary
    assert after.model_copy(update={"topics": before.topics}) == before


def test_formatting_is_idempotent(tmp_path: Path) -> None:
    path = _paper(tmp_path, "doe2020learning", COMMENTED)
    once = _fmt(tmp_path, path)
    assert _fmt(tmp_path, path, once) == once


def test_fields_follow_the_canonical_order(tmp_path: Path) -> None:
    shuffled = "added: 2026-01-02\nsummary: S.\ndoi: 10.1000/x\nyear: 2001\n"
    shuffled += "authors: ['Doe, Jane']\ntitle: T\n"
    text = _fmt(tmp_path, _paper(tmp_path, "doe2001t", shuffled))
    keys = [line.split(":")[0] for line in text.splitlines()[1:] if line[:1].isalpha()]
    assert keys == sorted(keys, key=PAPER_FIELD_ORDER.index)
    assert keys[0] == "title" and keys[-1] == "added"


def test_unordered_lists_are_sorted_but_authors_keep_their_order(tmp_path: Path) -> None:
    text = "title: T\nauthors: ['Zed, A', 'Abe, B']\nyear: 2001\ncites: [b, a]\n"
    out = _fmt(tmp_path, _paper(tmp_path, "zed2001t", text))
    assert "  - Zed, A\n  - Abe, B\n" in out
    assert "cites:\n  - a\n  - b\n" in out


def test_writer_output_is_already_canonical(tmp_path: Path) -> None:
    """What ``neurokb add`` writes (the entry writer) is a fixed point of ``fmt``."""
    data = {
        "title": "SuperSpike: Supervised learning in multilayer spiking neural networks",
        "authors": ["Zenke, Friedemann", "Ganguli, Surya"],
        "year": 2018,
        "type": "article",
        "venue": "Neural Computation",
        "volume": "30",
        "doi": "10.1162/neco_a_01086",
        "arxiv": "1705.11146",
        "summary": "Surrogate gradients.\n",
        "equations": [{"latex": r"\Delta w = \eta y x", "caption": "Hebb's rule"}],
    }
    text = entry_text(data)
    assert _fmt(tmp_path, _paper(tmp_path, "zenke2018superspike", text)) == text


def test_schema_line_is_put_first_and_corrected(tmp_path: Path) -> None:
    text = "title: T\n# yaml-language-server: $schema=old.json\nauthors: ['Doe, J']\nyear: 2001\n"
    out = _fmt(tmp_path, _paper(tmp_path, "doe2001t", text))
    assert out.splitlines()[0] == SCHEMA
    assert out.count("yaml-language-server") == 1


def test_topic_files_are_formatted(tmp_path: Path) -> None:
    path = tmp_path / "entries" / "topics" / "memory.yaml"
    path.parent.mkdir(parents=True)
    path.write_text("summary: Memory.\naliases: [recall, Engram]\nname: Memory\n")
    result = format_entry("topics", path, tmp_path)
    assert result.text == (
        "# yaml-language-server: $schema=../../neurokb/schemas/topic.schema.json\n"
        "name: Memory\naliases:\n  - Engram\n  - recall\nsummary: |\n  Memory.\n"
    )


def test_invalid_file_is_reported_not_rewritten(tmp_path: Path) -> None:
    bad = "title: T\nauthors: ['Doe, J']\nyear: nineteen\n"
    path = _paper(tmp_path, "doe2001t", bad)
    (result,) = format_files(tmp_path, [path])
    assert result.skipped and [p.code for p in result.problems] == ["NKB012"]
    cli = run("--kb", str(tmp_path), "fmt", str(path))
    assert cli.exit_code == 1
    assert "NKB012" in cli.stderr and "1 skipped" in cli.stderr
    assert path.read_text() == bad


def test_check_exit_codes_and_diff(tmp_path: Path) -> None:
    path = _paper(tmp_path, "doe2020learning", COMMENTED)
    check = run("--kb", str(tmp_path), "fmt", "--check")
    assert check.exit_code == 1
    assert check.stdout == "would reformat entries/papers/doe2020learning.yaml\n"
    assert path.read_text() == COMMENTED

    diff = run("--kb", str(tmp_path), "fmt", "--check", "--diff", str(path))
    assert diff.exit_code == 1
    assert "+++ b/entries/papers/doe2020learning.yaml" in diff.stdout
    assert "\n-  - Roe,Richard\n" in diff.stdout and "\n+  - Roe, Richard\n" in diff.stdout
    assert path.read_text() == COMMENTED

    write = run("--kb", str(tmp_path), "fmt")
    assert write.exit_code == 0
    assert write.stdout == "reformatted entries/papers/doe2020learning.yaml\n"
    assert [p.name for p in path.parent.iterdir()] == [path.name]  # no temporary file left
    again = run("--kb", str(tmp_path), "fmt", "--check")
    assert again.exit_code == 0 and again.stdout == ""
    assert "0 file(s) would be reformatted, 1 already canonical" in again.stderr


def test_non_entry_files_are_skipped_with_a_warning(tmp_path: Path) -> None:
    _paper(tmp_path, "doe2001t", "title: T\nauthors: ['Doe, J']\nyear: 2001\n")
    stray = tmp_path / "entries" / "notes.yaml"
    stray.write_text("x: 1\n")
    result = run("--kb", str(tmp_path), "fmt", "--check", str(stray))
    assert result.exit_code == 0
    assert "NKB028" in result.stderr


def test_missing_file_is_a_usage_error(tmp_path: Path) -> None:
    _paper(tmp_path, "doe2001t", "title: T\nauthors: ['Doe, J']\nyear: 2001\n")
    result = run("--kb", str(tmp_path), "fmt", str(tmp_path / "nope.yaml"))
    assert result.exit_code == 1
    assert "does not exist" in result.stderr


@pytest.mark.parametrize("kind", ["papers", "topics"])
def test_shipped_entries_are_canonical(repo_root: Path, kind: str) -> None:
    results = [r for r in format_files(repo_root) if r.path.startswith(f"entries/{kind}/")]
    assert results
    assert [r.path for r in results if r.skipped] == []
    assert [r.path for r in results if r.changed] == [], "run `neurokb fmt`"


def test_fmt_writes_the_entry_writers_text_for_every_shipped_entry(repo_root: Path) -> None:
    """One renderer: without comments, fmt's output is the entry writer's text byte for byte."""
    from neurokb.edit.fmt import canonical
    from neurokb.load.loader import entry_files

    compared = 0
    for kind, path in entry_files(repo_root)[0][::5]:  # a sample: formatting is checked above
        raw = path.read_bytes()
        if any(line.lstrip().startswith(b"#") for line in raw.splitlines()[1:]):
            continue  # comments kept by fmt: compared by the comment tests above
        entry = read_entry(kind, path, repo_root, raw).entry
        assert entry is not None, path
        assert format_entry(kind, path, repo_root, raw).text == entry_text(canonical(entry)), path
        compared += 1
    assert compared > 20
