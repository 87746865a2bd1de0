"""``neurokb add`` keeps a library's keys: aliases, ``--rekey``, collisions, merges, RIS.

A Better BibTeX user's manuscripts say ``\\cite{Montavon2018}``; after an import they must still
build against ``neurokb export``, and ``neurokb cite Montavon2018`` must work.
"""

from __future__ import annotations

import json
from pathlib import Path

import yaml
from kbfixtures import import_errors
from typer.testing import CliRunner

from neurokb.cli.app import app
from neurokb.core import safemarkdown
from neurokb.edit.citekeys import normalise_source_key
from neurokb.importers import bibtex
from neurokb.load.loader import load_kb

LIBRARIES = Path(__file__).parents[1] / "data" / "libraries"
runner = CliRunner()


def run(kb: Path, *args: str, stdin: str | None = None):
    return runner.invoke(app, ["--kb", str(kb), *args], input=stdin, catch_exceptions=False)


def entry(kb: Path, key: str) -> dict:
    return yaml.safe_load((kb / "entries" / "papers" / f"{key}.yaml").read_text(encoding="utf-8"))


def test_source_keys_are_kept_or_lower_cased_with_an_alias(small_kb: Path) -> None:
    result = run(small_kb, "add", "--bibtex", str(LIBRARIES / "bbt-biblatex.bib"))
    assert result.exit_code == 0, result.stderr
    montavon = entry(small_kb, "montavon2018")
    assert montavon["ids"] == ["Montavon2018"]
    brette = entry(small_kb, "brettephilosophyspike2019")
    assert brette["ids"] == ["Brette2019", "brette2019coding", "brettePhilosophySpike2019"]
    kb = load_kb(small_kb)
    assert not import_errors(kb), import_errors(kb)  # topics and TODOs are the curator's
    assert kb.paper("Montavon2018").key == "montavon2018"
    cite = run(small_kb, "cite", "Montavon2018", "brette2019coding")
    assert cite.exit_code == 0, cite.stderr
    assert "Montavon, G., Samek, W., & Müller, K.-R. (2018)." in cite.stdout
    show = run(small_kb, "show", "Montavon2018")
    assert show.exit_code == 0 and "Methods for Interpreting" in show.stdout
    export = run(small_kb, "export", "--format", "biblatex")
    assert "@article{montavon2018,\n  ids " in export.stdout
    assert "ids          = {Montavon2018}," in export.stdout


def test_at_least_95_percent_of_a_library_keeps_its_keys(small_kb: Path) -> None:
    records, _ = bibtex.parse((LIBRARIES / "bbt-bibtex.bib").read_text(encoding="utf-8"), "x")
    result = run(small_kb, "add", "--bibtex", str(LIBRARIES / "bbt-bibtex.bib"), "--json")
    data = json.loads(result.stdout)
    assert result.exit_code == 1  # the two entries that share one key
    new = [e for e in data["entries"] if e["status"] == "new"]
    kept = [e for e in new if e["key"] == normalise_source_key(e["source_key"])]
    assert len(kept) >= 0.95 * len(records)
    kb = load_kb(small_kb)
    for item in kept:
        paper = kb.paper(item["source_key"])  # every original key resolves
        assert paper.key == item["key"]


def test_key_normalisation_is_documented_and_lossless() -> None:
    assert normalise_source_key("montavon2018methods") == "montavon2018methods"
    assert normalise_source_key("Montavon2018") == "montavon2018"
    assert normalise_source_key("Müller2019") == "muller2019"
    assert normalise_source_key("Hopfield:1982:Neural") == "hopfield-1982-neural"
    assert normalise_source_key("::") is None


def test_rekey_uses_the_key_rule_and_keeps_the_alias(small_kb: Path) -> None:
    bib = (LIBRARIES / "bbt-biblatex.bib").read_text(encoding="utf-8").split("\n\n")[0]
    result = run(small_kb, "add", "--bibtex", "-", "--rekey", stdin=bib)
    assert result.exit_code == 0, result.stderr
    assert entry(small_kb, "montavon2018methods")["ids"] == ["Montavon2018"]


def test_a_key_of_a_different_work_stops_that_entry(small_kb: Path) -> None:
    before = (small_kb / "entries" / "papers" / "hopfield1982neural.yaml").read_bytes()
    bib = "@article{hopfield1982neural, title={Another work}, author={Roe, Ann}, year=2001}\n"
    bib += "@article{roe2002fine, title={A fine work}, author={Roe, Ann}, year=2002}"
    result = run(small_kb, "add", "--bibtex", "-", stdin=bib)
    assert result.exit_code == 1
    assert (
        "key 'hopfield1982neural' is the key of entries/papers/hopfield1982neural.yaml, a "
        "different work; nothing was renamed"
    ) in " ".join(result.stderr.split())
    assert (small_kb / "entries" / "papers" / "hopfield1982neural.yaml").read_bytes() == before
    assert (small_kb / "entries" / "papers" / "roe2002fine.yaml").is_file()


def test_an_alias_of_an_existing_entry_is_taken_too(small_kb: Path) -> None:
    first = "@article{Hopf, title={Another work}, author={Roe, Ann}, year=2001}"
    assert run(small_kb, "add", "--bibtex", "-", stdin=first).exit_code == 0
    again = "@article{hopf, title={Yet another}, author={Poe, Ed}, year=2003}"
    result = run(small_kb, "add", "--bibtex", "-", stdin=again)
    assert result.exit_code == 1 and "key 'hopf' is the key of" in result.stderr


def test_fuzzy_duplicates_need_author_and_year(small_kb: Path) -> None:
    jabref = run(small_kb, "add", "--bibtex", str(LIBRARIES / "jabref.bib"))
    assert jabref.exit_code == 0, jabref.stderr
    assert "duplicate (same DOI 10.1073/pnas.79.8.2554 as 'hopfield1982neural')" in jabref.stderr
    bolt = "\n\n".join(
        chunk for chunk in (LIBRARIES / "bbt-bibtex.bib").read_text(encoding="utf-8").split("\n\n")
        if chunk.startswith("@inproceedings{boltPut")
    )  # fmt: skip
    result = run(small_kb, "add", "--bibtex", "-", stdin=bolt)
    assert result.exit_code == 0, result.stderr
    assert "skipped" not in result.stderr  # Bolt 1980 is not Billinghurst 1998
    assert entry(small_kb, "boltputthattherevoicegesture1980")["year"] == 1980


def test_merge_fills_missing_fields_and_never_overwrites(small_kb: Path) -> None:
    path = small_kb / "entries" / "papers" / "hopfield1982neural.yaml"
    path.write_text(path.read_text(encoding="utf-8") + "# a curator's comment\n", encoding="utf-8")
    before = entry(small_kb, "hopfield1982neural")
    richer = (
        "@article{Hopfield:1982:Neural, title={Neural Networks And Physical Systems}, "
        "author={Hopfield, J. J.}, year=1982, doi={10.1073/pnas.79.8.2554}, "
        "keywords={attractors, memory}, volume={99}}"
    )
    dry = run(small_kb, "add", "--bibtex", "-", stdin=richer)
    assert dry.exit_code == 0 and "--merge would fill ids, keywords of 'hopfield1982neural'" in (
        dry.stderr
    )
    assert entry(small_kb, "hopfield1982neural") == before
    merged = run(small_kb, "add", "--bibtex", "-", "--merge", stdin=richer)
    assert merged.exit_code == 0, merged.stderr
    after = entry(small_kb, "hopfield1982neural")
    assert after["keywords"] == ["attractors", "memory"]
    assert after["ids"] == ["Hopfield:1982:Neural"]
    assert after["title"] == before["title"] and after["volume"] == before["volume"]
    assert {k: v for k, v in after.items() if k not in {"keywords", "ids"}} == before
    assert "# a curator's comment" in path.read_text(encoding="utf-8")
    assert run(small_kb, "cite", "Hopfield:1982:Neural").exit_code == 0


def test_notes_name_the_file_never_its_path(small_kb: Path, tmp_path: Path) -> None:
    source = tmp_path / "private" / "folder" / "my-library.bib"
    source.parent.mkdir(parents=True)
    source.write_text("@article{Roe2001, title={A work}, author={Roe, Ann}, year=2001}")
    assert run(small_kb, "add", "--bibtex", str(source)).exit_code == 0
    notes = entry(small_kb, "roe2001")["notes"]
    assert "Imported from `my-library.bib` on " in notes
    assert safemarkdown.check(notes) == []  # quoted: valid in the safe subset whatever the name
    assert str(source.parent) not in notes and "private" not in notes


def test_ris_import(small_kb: Path) -> None:
    result = run(small_kb, "add", "--ris", str(LIBRARIES / "zotero.ris"))
    assert result.exit_code == 1  # the record without a title
    assert "zotero.ris:48: record skipped: it has no title (TI)" in result.stderr
    assert "duplicate (same DOI 10.1371/journal.pcbi.1005268 as 'jonas2017neuroscientist')" in (
        result.stderr
    )
    handbook = entry(small_kb, "arbibhandbook2003")
    assert handbook["editors"] == ["Arbib, Michael A."] and "authors" not in handbook
    assert handbook["ids"] == ["ArbibHandbook2003"]
    assert entry(small_kb, "doe2015spiking")["genre"] == "Master's thesis"
    assert not import_errors(load_kb(small_kb))


def test_warnings_are_printed_and_in_json(small_kb: Path) -> None:
    bib = "@article{Odd2001, title={A work}, author={Roe, Ann}, year=2001, month={13}}"
    result = run(small_kb, "add", "--bibtex", "-", stdin=bib)
    assert result.exit_code == 0
    assert "warning: entry 'Odd2001', field 'month': '13' is not a month" in result.stderr
    data = json.loads(run(small_kb, "add", "-n", "--json", "--bibtex", "-", stdin=bib).stdout)
    assert data["entries"][0]["status"] == "duplicate"
    assert "field 'month'" in data["warnings"][0]


def test_a_manuscript_citing_old_keys_exports_entries_it_can_use(
    small_kb: Path, tmp_path: Path
) -> None:
    assert run(small_kb, "add", "--bibtex", str(LIBRARIES / "bbt-biblatex.bib")).exit_code == 0
    tex = tmp_path / "paper.tex"
    tex.write_text(r"\autocite{Montavon2018} \cite{hopfield1982neural}", encoding="utf-8")
    biblatex = run(small_kb, "export", "--cited-in", str(tex), "--format", "biblatex")
    assert biblatex.exit_code == 0, biblatex.stderr
    heads = [line for line in biblatex.stdout.splitlines() if line.startswith("@")]
    assert heads == ["@article{montavon2018,", "@article{hopfield1982neural,"]
    assert "{Montavon2018}" in biblatex.stdout  # ids: biber resolves the old key
    bib = run(small_kb, "export", "--cited-in", str(tex), "--format", "bibtex")
    heads = [line for line in bib.stdout.splitlines() if line.startswith("@")]
    assert heads == ["@article{Montavon2018,", "@article{hopfield1982neural,"]  # BibTeX: no ids
