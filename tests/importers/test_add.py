"""``neurokb add``: valid canonical files with proposed keys; duplicates, errors, dry runs.

Keeping a file's own keys, aliases, merges and RIS are tested in ``test_keep_keys.py``.
"""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from neurokb.cli.app import app
from neurokb.load.loader import load_kb

BIB = Path(__file__).parents[1] / "data" / "bib" / "zotero.bib"
runner = CliRunner()


def run(kb: Path, *args: str, stdin: str | None = None):
    return runner.invoke(app, ["--kb", str(kb), "add", *args], input=stdin, catch_exceptions=False)


def papers(kb: Path) -> list[str]:
    return sorted(p.stem for p in (kb / "entries" / "papers").glob("*.yaml"))


def test_zotero_bib_creates_valid_entries(small_kb: Path) -> None:
    result = run(small_kb, "--bibtex", str(BIB), "--rekey")
    assert result.exit_code == 1  # one malformed entry: reported, the others imported
    assert "zotero.bib:32: entry 'broken_2020' skipped" in result.stderr
    assert papers(small_kb) == [
        "bengio2018advances",
        "gutig2006tempotron",
        "hopfield1982neural",
        "jonas2017neuroscientist",
        "lecun1998gradient",
        "sacramento2018dendritic",
    ]  # fmt: skip  (the crossref'd proceedings is an edited work of its own)
    kb = load_kb(small_kb)
    # Every entry loads; what is left is the curator's: a topic, the summary, checking the record.
    assert {p.code for p in kb.errors} == {"NKB052", "NKB054"}
    assert {p.path for p in kb.errors if p.code == "NKB052"} == {
        f"entries/papers/{key}.yaml" for key in papers(small_kb)
        if key not in ("hopfield1982neural", "jonas2017neuroscientist")  # shipped, finished
    }  # fmt: skip
    assert kb.paper("gutig2006tempotron").authors[0].inverted == "Gütig, Robert"
    assert kb.paper("lecun1998gradient").authors[1].given == "Léon"
    assert kb.paper("lecun1998gradient").venue == "Proceedings of the IEEE"
    sacramento = kb.paper("sacramento2018dendritic")
    assert sacramento.authors[0].inverted == "Sacramento, João"
    assert sacramento.venue == "Advances in Neural Information Processing Systems 31 (NeurIPS 2018)"
    assert (sacramento.year, sacramento.month) == (2018, 12)  # inherited through crossref
    assert len(sacramento.editors) == 6
    assert (sacramento.summary or "").startswith("TODO: 3-8 sentences in your own words")
    assert "TODO: check each field against the publisher's record" in (sacramento.notes or "")
    validate = runner.invoke(app, ["--kb", str(small_kb), "validate"])
    assert validate.exit_code == 1
    assert "sacramento2018dendritic.yaml:2:1: error: NKB052 paper has no topics" in validate.stdout


def test_written_files_are_canonical(small_kb: Path, services: str) -> None:
    from neurokb.edit.writer import entry_text

    assert run(small_kb, "--doi", "10.1162/neco_a_01086").exit_code == 0
    path = small_kb / "entries" / "papers" / "zenke2018superspike.yaml"
    text = path.read_text(encoding="utf-8")
    assert text.startswith("# yaml-language-server: $schema=")
    assert entry_text(load_kb(small_kb).paper("zenke2018superspike")) == text


def test_duplicates_are_skipped_never_written_twice(small_kb: Path, services: str) -> None:
    first = run(small_kb, "--doi", "10.1162/neco_a_01086")
    assert first.exit_code == 0 and first.stdout.strip().endswith("zenke2018superspike.yaml")
    again = run(small_kb, "--doi", "10.1162/neco_a_01086", "--arxiv", "1705.11146",
                "--pmid", "29652587")  # fmt: skip
    assert again.exit_code == 0  # nothing new is "already done"
    assert again.stderr.count("duplicate") == 3
    assert "same DOI 10.1162/neco_a_01086 as 'zenke2018superspike'" in again.stderr
    assert papers(small_kb).count("zenke2018superspike") == 1 and len(papers(small_kb)) == 3


def test_near_identical_title_is_a_duplicate(small_kb: Path) -> None:
    bib = "@article{x, title={Could a neuroscientist understand a microprocessor}, author={Jonas, Eric}, year=2017}"
    result = run(small_kb, "--bibtex", "-", stdin=bib)
    assert result.exit_code == 0
    assert "nearly the same title, first author and year as 'jonas2017neuroscientist'" in (
        result.stderr
    )
    assert len(papers(small_kb)) == 2


def test_dry_run_writes_nothing(small_kb: Path, services: str) -> None:
    result = run(small_kb, "--arxiv", "1705.11146", "--dry-run")
    assert result.exit_code == 0
    assert "would write" in result.stderr
    assert 'arxiv: "1705.11146"' in result.stdout and "type: preprint" in result.stdout
    assert len(papers(small_kb)) == 2


def test_network_failure_writes_nothing(small_kb: Path, services: str) -> None:
    result = run(small_kb, "--doi", "10.1162/neco_a_01086", "--doi", "10.1234/missing")
    assert result.exit_code == 1
    assert "DOI 10.1234/missing at Crossref was not found (HTTP 404)" in result.stderr
    assert len(papers(small_kb)) == 2


def test_json_output(small_kb: Path, services: str) -> None:
    result = run(small_kb, "--pmid", "29652587", "--json", "--dry-run")
    data = json.loads(result.stdout)
    assert data["dry_run"] is True and data["written"] == []
    assert data["entries"][0]["status"] == "new"
    assert data["entries"][0]["key"] == "zenke2018superspike"


def test_nothing_to_add_is_a_usage_error(small_kb: Path) -> None:
    result = run(small_kb)
    assert result.exit_code == 2
    assert "nothing to add" in result.stderr
