"""``neurokb new``: commented templates that are valid YAML and, once filled in, valid entries."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
import yaml
from kbfixtures import finish_import, mini_kb
from typer.testing import CliRunner

from neurokb.cli.app import app
from neurokb.edit.fmt import format_entry
from neurokb.edit.scaffold import HELP_PREFIX, paper_scaffold, topic_scaffold
from neurokb.edit.writer import PAPER_FIELD_ORDER, TOPIC_FIELD_ORDER
from neurokb.load.loader import read_entry

runner = CliRunner()
TODAY = dt.date(2026, 11, 25)


def fill_paper(text: str) -> str:
    """What a contributor types into the empty fields of the paper template."""
    text = text.replace("title:\n", 'title: "Simplified neuron model as a principal component"\n')
    text = text.replace("authors:\n  -\n", "authors:\n  - Oja, Erkki\n")
    text = text.replace("year:\n", "year: 1982\n")
    text = text.replace("topics: []\n", "topics:\n  - hebbian-learning\n")
    return text.replace("summary: |\n", "summary: |\n  A Hebbian rule with decay finds the PC.\n")


def fill_topic(text: str) -> str:
    text = text.replace("name:\n", "name: Attention\n")
    text = text.replace("parents:\n  -\n", "parents:\n  - neuroai\n")
    return text.replace("summary: |\n", "summary: |\n  Selecting what to process.\n")


def _read(root: Path, kind: str, key: str, text: str):
    return read_entry(kind, root / "entries" / kind / f"{key}.yaml", root, text.encode())


def test_paper_template_is_yaml_with_every_field(tmp_path: Path) -> None:
    text = paper_scaffold(today=TODAY)
    assert text.splitlines()[0].startswith("# yaml-language-server: $schema=")
    assert isinstance(yaml.safe_load(text), dict)
    for name in PAPER_FIELD_ORDER:
        assert re.search(rf"^(# )?{name}:", text, re.M), name
    assert all(len(line) <= 100 for line in text.splitlines())
    assert "added: 2026-11-25" in text


def test_unfilled_template_points_at_each_required_field(tmp_path: Path) -> None:
    text = paper_scaffold(today=TODAY)
    result = _read(tmp_path, "papers", "oja1982simplified", text)
    lines = text.splitlines()
    assert result.entry is None
    flagged = {lines[p.line - 1].split(":")[0] for p in result.problems}
    assert flagged == {"title", "  -", "year", "summary"}


def test_filled_template_is_a_valid_canonical_entry_and_keeps_its_help(tmp_path: Path) -> None:
    text = fill_paper(paper_scaffold(today=TODAY))
    result = _read(tmp_path, "papers", "oja1982simplified", text)
    assert result.entry is not None, result.problems
    path = tmp_path / "entries" / "papers" / "oja1982simplified.yaml"
    formatted = format_entry("papers", path, tmp_path, text.encode())
    assert formatted.text == text  # already canonical: fmt changes nothing
    assert text.count(f"\n{HELP_PREFIX}") == formatted.text.count(f"\n{HELP_PREFIX}")


def test_topic_template(tmp_path: Path) -> None:
    text = topic_scaffold()
    for name in TOPIC_FIELD_ORDER:
        assert re.search(rf"^(# )?{name}:", text, re.M), name
    assert _read(tmp_path, "topics", "attention", text).entry is None
    filled = fill_topic(text)
    assert _read(tmp_path, "topics", "attention", filled).entry is not None
    path = tmp_path / "entries" / "topics" / "attention.yaml"
    assert format_entry("topics", path, tmp_path, filled.encode()).text == filled


def test_imported_data_is_filled_in_canonically(tmp_path: Path) -> None:
    data = {"title": "SuperSpike", "authors": ["Zenke, Friedemann"], "year": 2018,
            "volume": "30", "doi": "10.1162/neco_a_01086", "unknown": "ignored"}  # fmt: skip
    text = paper_scaffold(data, today=TODAY)
    assert 'title: "SuperSpike"\n' in text and 'volume: "30"\n' in text
    assert "\ndoi: 10.1162/neco_a_01086\n" in text and "unknown" not in text
    assert "# volume:" not in text and "# doi:" not in text


@pytest.fixture
def kb(tmp_path: Path) -> Path:
    return mini_kb(tmp_path / "kb")


def run(root: Path, *args: str):
    return runner.invoke(app, ["--kb", str(root), *args])


def test_new_paper_writes_once_and_refuses_to_overwrite(kb: Path) -> None:
    first = run(kb, "new", "paper", "oja1982simple")
    assert first.exit_code == 0, first.stderr
    assert first.stdout == "entries/papers/oja1982simple.yaml\n"
    path = kb / first.stdout.strip()
    path.write_text(fill_paper(path.read_text()))
    again = run(kb, "new", "paper", "oja1982simple")
    assert again.exit_code == 1
    assert "already exists" in again.stderr
    assert "Oja, Erkki" in path.read_text()  # untouched
    assert run(kb, "validate", str(path)).exit_code == 0


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["new", "paper"], "give a KEY"),
        (["new", "paper", "Bad Key"], "not a valid key"),
        (["new", "paper", "hebb1949organization"], "already exists"),
        (["new", "topic", "memory"], "already exists"),
    ],
)
def test_new_refusals(kb: Path, args: list[str], message: str) -> None:
    result = run(kb, *args)
    assert result.exit_code == 1
    assert message in result.stderr


def test_new_topic(kb: Path) -> None:
    result = run(kb, "new", "topic", "attention")
    assert result.exit_code == 0
    path = kb / "entries" / "topics" / "attention.yaml"
    path.write_text(fill_topic(path.read_text()))
    assert run(kb, "validate").exit_code == 0


@pytest.fixture
def record_for(monkeypatch):
    """Serve a made-up Crossref record for any DOI, without a network."""
    importers = pytest.importorskip("neurokb.importers")
    from neurokb.importers.records import Record

    def fake(*, doi=None, arxiv=None, **_):
        data = {"title": "Spiking Neuron Models", "authors": ["Gerstner, Wulfram"], "year": 2002}
        return Record(dict(data, doi=doi), "Crossref", f"doi {doi}")

    monkeypatch.setattr(importers, "fetch_record", fake)


@pytest.mark.usefixtures("record_for")
def test_new_paper_from_an_identifier_proposes_the_key(kb: Path) -> None:
    result = run(kb, "new", "paper", "--doi", "10.1017/cbo9780511815706")
    assert result.exit_code == 0, result.stderr
    assert result.stdout == "entries/papers/gerstner2002spiking.yaml\n"
    path = kb / result.stdout.strip()
    text = path.read_text()
    assert "\ndoi: 10.1017/cbo9780511815706\n" in text
    assert "Imported from `Crossref` on" in text  # the provenance note, as `neurokb add` writes it
    assert 'title: "Spiking Neuron Models"' in text  # as the record gives it, with a TODO
    todo = run(kb, "validate", str(path))
    assert todo.exit_code == 1  # says what is left: topics, the summary, checks of the record
    assert [line.split(": ", 3)[2].split()[0] for line in todo.stdout.splitlines()
            if ": error: " in line] == ["NKB052", "NKB054", "NKB054", "NKB054"]  # fmt: skip
    path.write_text(finish_import(text, "hebbian-learning", "Spiking neuron models"))
    assert run(kb, "validate", str(path)).exit_code == 0, run(kb, "validate", str(path)).stdout
    again = run(kb, "new", "paper", "--doi", "10.1017/CBO9780511815706")
    assert again.exit_code == 1
    assert "already in the knowledge base" in again.stderr
    assert "gerstner2002spiking" in again.stderr


@pytest.mark.usefixtures("record_for")
def test_proposed_key_skips_files_that_do_not_validate_yet(kb: Path) -> None:
    assert run(kb, "new", "paper", "--doi", "10.1/a").exit_code == 0
    second = run(kb, "new", "paper", "--doi", "10.1/b")
    assert second.stdout == "entries/papers/gerstner2002spikinga.yaml\n"


def test_doi_and_arxiv_together_are_refused(kb: Path) -> None:
    result = run(kb, "new", "paper", "--doi", "10.1/a", "--arxiv", "1705.11146")
    assert result.exit_code == 1
    assert "not both" in result.stderr
