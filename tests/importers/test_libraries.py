"""Real reference-manager exports: Better BibTeX (BibTeX and BibLaTeX), JabRef, Mendeley, RIS.

The files in tests/data/libraries/ are written in the shape each tool writes (Better BibTeX's
``{{double}}`` protection and extended names, JabRef's ``@Comment`` blocks and ``owner`` fields,
Mendeley's header text and double-braced titles) and hold one case for each problem of
issue 16. Every file imports without a traceback; what a tool wrote is kept or warned about.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from neurokb.cite import latex
from neurokb.importers import bibtex, ris
from neurokb.importers.records import Record

LIBRARIES = Path(__file__).parents[1] / "data" / "libraries"
BIB_FILES = ["bbt-bibtex.bib", "bbt-biblatex.bib", "jabref.bib", "mendeley.bib"]


def read(name: str) -> tuple[dict[str, Record], list]:
    parse = ris.parse if name.endswith(".ris") else bibtex.parse
    records, problems = parse((LIBRARIES / name).read_text(encoding="utf-8"), name)
    return {record.key or record.where: record for record in records}, problems


@pytest.mark.parametrize("name", [*BIB_FILES, "zotero.ris"])
def test_every_library_imports_without_a_traceback(name: str) -> None:
    records, problems = read(name)
    assert records
    expected = {"bbt-bibtex.bib": 2, "zotero.ris": 1}.get(name, 0)  # shared key; no title
    assert len(problems) == expected, problems


def test_undecodable_latex_is_kept_with_a_warning_naming_entry_and_field() -> None:
    records, _ = read("bbt-bibtex.bib")
    macro = records["macroHeavy2021"]
    assert macro.data["title"] == "A title with an \\unknowncommand\\{odd\\} macro"
    assert (
        "entry 'macroHeavy2021', field 'title': LaTeX '\\\\unknowncommand{odd}' could not be "
        "converted and is kept as written"
    ) in macro.warnings
    assert any("field 'note'" in w and "citeauthor" in w for w in macro.warnings)
    # \href in a note, which aborted whole files before, is converted
    assert (
        "its note: `Tutorial; slides at the workshop page <https://example.org/slides_2018>`"
        in (records["Montavon2018"].remarks)
    )


def test_biblatex_extended_names_and_et_al() -> None:
    records, _ = read("bbt-biblatex.bib")
    wavenet = records["oordWaveNetGenerativeModel2016"].data
    assert wavenet["authors"][0] == "van den Oord, Aäron"
    assert wavenet["et_al"] is True
    assert all("others" not in str(person) for person in wavenet["authors"])
    smith = read("bbt-bibtex.bib")[0]["smithBayesianModelV12020"].data
    assert smith["authors"] == ["Smith, Jane", "Jones, Kim"] and smith["et_al"] is True


def test_editors_only_records_are_valid() -> None:
    records, _ = read("bbt-bibtex.bib")
    proceedings = records["wallachAdvancesNeuralInformation2019"].data
    assert proceedings["type"] == "proceedings" and "authors" not in proceedings
    assert proceedings["editors"][0] == "Wallach, Hanna"
    handbook = records["arbibHandbookBrainTheory2003"].data
    assert handbook["editors"] == ["Arbib, Michael A."] and handbook["et_al"] is True
    chapter = records["arbibChapterCollection2003"].data
    assert chapter["type"] == "chapter" and chapter["editors"] == ["Arbib, Michael A."]


@pytest.mark.parametrize(
    ("name", "key", "kind", "genre"),
    [
        ("bbt-bibtex.bib", "doeSpikingNetworks2015", "thesis", "Master's thesis"),
        ("bbt-bibtex.bib", "roeDendriticComputation2016", "thesis", "PhD thesis"),
        ("bbt-bibtex.bib", "kingTechnicalReport2012", "report", "Technical Report"),
        ("bbt-biblatex.bib", "doeSpikingNetworks2015", "thesis", "Master's thesis"),
        ("bbt-biblatex.bib", "kingTechnicalReport2012", "report", "Technical report"),
        ("jabref.bib", "Student2019", "thesis", "Master's thesis"),
        ("bbt-bibtex.bib", "nestSimulator2022", "software", None),
        ("bbt-bibtex.bib", "allenCellTypes2019", "dataset", None),
        ("bbt-biblatex.bib", "allenCellTypes2019", "dataset", None),
        ("bbt-biblatex.bib", "oordWaveNetGenerativeModel2016", "preprint", None),
        ("bbt-biblatex.bib", "olahFeatureVisualization2017", "webpage", None),
    ],
)
def test_entry_types_are_kept(name: str, key: str, kind: str, genre: str | None) -> None:
    data = read(name)[0][key].data
    assert (data["type"], data.get("genre")) == (kind, genre)


def test_report_number_is_kept() -> None:
    for name in ("bbt-bibtex.bib", "bbt-biblatex.bib"):
        assert read(name)[0]["kingTechnicalReport2012"].data["issue"] == "TR-2012-07"


def test_descriptive_fields_are_kept() -> None:
    montavon = read("bbt-bibtex.bib")[0]["Montavon2018"].data
    assert montavon["abstract"].startswith("This paper provides an entry point")
    assert montavon["keywords"] == [
        "Deep neural networks", "Layer-wise relevance propagation", "Taylor decomposition"
    ]  # fmt: skip
    assert montavon["urldate"] == dt.date(2023, 4, 1)
    assert montavon["language"] == "english"
    chapter = read("bbt-bibtex.bib")[0]["arbibChapterCollection2003"].data
    assert (chapter["edition"], chapter["series"], chapter["location"]) == (
        "2", "Bradford Books", "Cambridge, MA"
    )  # fmt: skip
    thesis = read("bbt-biblatex.bib")[0]["doeSpikingNetworks2015"].data
    assert thesis["location"] == "Edinburgh, UK"  # BibLaTeX's location = BibTeX's address


def test_fields_not_kept_are_reported_once_per_file() -> None:
    records, _ = read("jabref.bib")
    warnings = [w for record in records.values() for w in record.warnings]
    assert warnings == [
        "jabref.bib: fields neurokb does not keep: file (1), groups (1), owner (1), timestamp (1)"
    ]


def test_two_entries_sharing_a_key_are_both_reported_by_line() -> None:
    records, problems = read("bbt-bibtex.bib")
    assert "sameKey2020" not in records
    text = (LIBRARIES / "bbt-bibtex.bib").read_text(encoding="utf-8").splitlines()
    lines = [i for i, line in enumerate(text, start=1) if line.startswith("@article{sameKey2020")]
    assert [p.where for p in problems] == [f"bbt-bibtex.bib:{line}" for line in lines]
    for problem in problems:
        assert "2 entries share this key" in problem.message
        assert all(f"bbt-bibtex.bib:{line}" in problem.message for line in lines)


def test_bad_months_are_warnings_not_silent_drops() -> None:
    records, _ = read("bbt-bibtex.bib")
    lee = records["leeCO2Uptake2019"]
    assert "month" not in lee.data
    assert "entry 'leeCO2Uptake2019', field 'month': '13' is not a month" in lee.warnings[0]
    assert "'Brumaire' is not a month" in records["brokenMonth2017"].warnings[0]
    biblatex = read("bbt-biblatex.bib")[0]["kingTechnicalReport2012"]
    assert "field 'date': month '13' is not a month" in biblatex.warnings[0]
    assert any("month '13'" in w for r in read("zotero.ris")[0].values() for w in r.warnings)


def test_casing_math_and_italics_survive() -> None:
    records, _ = read("bbt-bibtex.bib")
    assert records["smithBayesianModelV12020"].data["title"] == (
        "A {Bayesian} Model in {V1} Using {Python}"
    )
    # {CO} is stored without braces because every export braces a word with inner capitals
    lee = records["leeCO2Uptake2019"].data["title"]
    assert lee == (
        "CO$_2$ Uptake and $\\alpha$-Oscillations in <i>Drosophila</i> and <i>C. elegans</i>"
    )
    assert latex.title(lee) == (
        "{CO}$_2$ Uptake and $\\alpha$-Oscillations in \\emph{Drosophila} and \\emph{C. elegans}"
    )
    biblatex = read("bbt-biblatex.bib")[0]
    assert biblatex["hunterAbstractMath2020"].data["title"] == (
        "Plasticity with $\\tau_m$ and <i>in vivo</i> Recordings"
    )
    # Mendeley braces whole titles: "keep as is", not a proper noun
    assert read("mendeley.bib")[0]["Hassabis2017"].data["title"] == (
        "Neuroscience-Inspired Artificial Intelligence"
    )


def test_article_numbers_stay_one_token() -> None:
    records, _ = read("bbt-bibtex.bib")
    assert records["smithBayesianModelV12020"].data["pages"] == "ENEURO.0533-19.2020"
    assert read("bbt-biblatex.bib")[0]["brettePhilosophySpike2019"].data["pages"] == "e215"


def test_arxiv_only_works() -> None:
    hinton = read("mendeley.bib")[0]["Hinton2022"].data
    assert (hinton["type"], hinton["arxiv"], hinton["venue"]) == ("preprint", "2212.13345", "arXiv")
    vaswani = read("bbt-bibtex.bib")[0]["vaswaniAttentionAllYou2017"].data
    assert "issue" not in vaswani  # Zotero's "number = {arXiv:1706.03762}" is the id


def test_biblatex_ids_are_aliases() -> None:
    brette = read("bbt-biblatex.bib")[0]["brettePhilosophySpike2019"].data
    assert brette["ids"] == ["brettePhilosophySpike2019", "Brette2019", "brette2019coding"]


def test_ris_records() -> None:
    records, problems = read("zotero.ris")
    assert problems[0].message == "record skipped: it has no title (TI)"
    jonas = records["zotero.ris:1"].data
    assert jonas["authors"] == ["Jonas, Eric", "Kording, Konrad Paul"]
    assert (jonas["pages"], jonas["month"], jonas["issue"]) == ("e1005268", 1, "1")
    assert "isbn" not in jonas  # SN of a journal article is its ISSN
    assert jonas["abstract"].endswith("will lead to fundamental insights.")
    assert jonas["keywords"] == ["Microprocessors", "Transistors"]
    handbook = records["ArbibHandbook2003"].data
    assert handbook["editors"] == ["Arbib, Michael A."] and handbook["edition"] == "2"
    assert handbook["ids"] == ["ArbibHandbook2003"]
    thesis = records["zotero.ris:33"].data
    assert (thesis["type"], thesis["genre"]) == ("thesis", "Master's thesis")


@pytest.mark.parametrize(
    "entry",
    [
        "@article{a, author={A, B, C, D}, title={T}, year=2000}",
        "@article{b, author={and}, title={T}, year=2000}",
        "@article{c, author={family=, given=}, title={T}, year=2000}",
        "@article{d, author={X, Y}, title={A $ lone dollar \\href{a}}, year=2000, note={\\href}}",
        "@article{e, author={X, Y}, title={\\begin{itemize}x}, year=2000, ids={,,}}",
        "@article{f, author={others}, title={T}, year=2000}",
        "@article{g, author={X, Y}, title={$\\frac{a}{b$}, year=2000}",
        "@article{h, author={X, Y}, title={T}, year=2000, urldate={2020-13-45}, month={0}}",
        "@article{i, author={X, Y}, title={T}, year=2000, pages={--}, eid={}, date={junk}}",
    ],
)
def test_odd_entries_are_problems_or_warnings_never_tracebacks(entry: str) -> None:
    records, problems = bibtex.parse(entry, "odd.bib")
    assert len(records) + len(problems) == 1
    for problem in problems:
        assert problem.where == "odd.bib:1" and "skipped" in problem.message
