"""The export formats: each parses with independent readers and says what it should."""

from __future__ import annotations

import json
import re
from pathlib import Path

import bibtexparser
import pytest
from pybtex.database import parse_string

from neurokb.cite import WRITERS, export, to_csl
from neurokb.cite.latex import protected_words, title
from neurokb.core.errors import NeuroKBError
from neurokb.core.models import Paper

SCHEMA = Path(__file__).parents[3] / "shared" / "reference" / "csl-data.schema.json"


@pytest.fixture(scope="module")
def papers(shipped_kb) -> list[Paper]:
    return sorted(shipped_kb.papers.values(), key=lambda p: p.key)


@pytest.mark.parametrize("fmt", ["bibtex", "biblatex"])
def test_bib_parses_with_pybtex_and_bibtexparser(papers, fmt: str) -> None:
    text = export(papers, fmt)
    assert len(parse_string(text, "bibtex").entries) == len(papers)
    library = bibtexparser.parse_string(text)
    assert not library.failed_blocks
    assert [entry.key for entry in library.entries] == [p.key for p in papers]


def test_identifiers_are_never_escaped() -> None:
    paper = Paper(
        key="zenke2018superspike", title="SuperSpike", authors=["Zenke, Friedemann"], year=2018,
        doi="10.1162/neco_a_01086", url="https://example.org/a_b%20c#x", arxiv="1705.11146",
    )  # fmt: skip
    for fmt in ("bibtex", "biblatex"):
        text = export([paper], fmt)
        assert "doi = {10.1162/neco_a_01086}" in re.sub(r" +", " ", text)
        assert "{https://example.org/a_b%20c#x}" in text
        assert "{1705.11146}" in text


def test_bibtex_and_biblatex_fields(shipped_kb) -> None:
    zenke = shipped_kb.paper("zenke2018superspike")
    bibtex = export([zenke], "bibtex")
    assert "@article{zenke2018superspike," in bibtex
    assert "month         = jun," in bibtex
    assert "pages         = {1514--1541}" in bibtex
    assert "archiveprefix = {arXiv}" in bibtex
    biblatex = export([zenke], "biblatex")
    assert "date         = {2018-06}" in biblatex
    assert "journaltitle = {Neural Computation}" in biblatex
    assert "eprinttype   = {arxiv}" in biblatex


@pytest.mark.parametrize(
    ("paper_type", "bibtex_type", "biblatex_type"),
    [("blog", "@misc", "@online"), ("course", "@misc", "@online"), ("chapter", "@incollection",
     "@incollection"), ("inproceedings", "@inproceedings", "@inproceedings")],
)  # fmt: skip
def test_entry_types(paper_type: str, bibtex_type: str, biblatex_type: str) -> None:
    paper = Paper(key="k", title="T", authors=["A, B"], year=2020, type=paper_type, venue="V",
                  url="https://example.org/post")  # fmt: skip
    assert export([paper], "bibtex").startswith(bibtex_type + "{k,")
    assert export([paper], "biblatex").startswith(biblatex_type + "{k,")
    if bibtex_type == "@misc":
        assert "howpublished = {V}" in export([paper], "bibtex")


def test_unicode_becomes_latex() -> None:
    paper = Paper(key="k", title="Learning & memory of songbirds at 50% in Zürich", year=2020,
                  authors=["Ölveczky, Bence", "Howard, III, Matthew A.", {"literal": "Numenta"}])  # fmt: skip
    text = export([paper], "bibtex")
    assert r"{\"O}lveczky, Bence and Howard, III, Matthew A. and {Numenta}" in text
    assert r"Learning {\&} memory of songbirds at 50{\%} in {Z{\"u}rich}" in text


@pytest.mark.parametrize(
    ("given", "protected"),
    [
        ("SuperSpike: Supervised Learning in Multilayer Spiking Neural Networks", ["SuperSpike"]),
        ("SuperSpike: Supervised learning in multilayer spiking neural networks", ["SuperSpike"]),
        ("The organization of behavior: A neuropsychological theory", []),
        ("AI and Neuroscience: A virtuous circle", ["AI", "Neuroscience"]),
        ("Storing infinite numbers of patterns in a spin-glass model", []),
        ("Receptive fields of single neurones in the cat's striate cortex", []),
        ("Network capacity of the Hopfield model", ["Hopfield"]),
        ("Deep neuroethology of a virtual rodent: Methods", []),
        ("Neuroscience-Inspired Artificial Intelligence", []),
        ("What does fMRI tell us about RNNs?", ["fMRI", "RNNs"]),
    ],
)
def test_capitals_protected(given: str, protected: list[str]) -> None:
    assert [given[a:b] for a, b in protected_words(given)] == protected
    for word in protected:
        assert "{" + word + "}" in title(given)


def test_csl_json_validates_against_the_schema(papers) -> None:
    jsonschema = pytest.importorskip("jsonschema")
    if not SCHEMA.is_file():
        pytest.skip(f"CSL schema not found at {SCHEMA} (the shared reference folder is absent)")
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    items = json.loads(export(papers, "csl-json"))
    jsonschema.validate(items, schema)
    assert [item["id"] for item in items] == [p.key for p in papers]


def test_csl_preprint_names_its_server(shipped_kb) -> None:
    item = to_csl(shipped_kb.paper("laukien2016feynman"))
    assert item["type"] == "article"
    assert item["publisher"] == "arXiv" and item["number"] == "arXiv:1609.03971"
    assert item["URL"] == "https://arxiv.org/abs/1609.03971"


def test_ris_has_one_record_per_paper(papers) -> None:
    text = export(papers, "ris")
    assert text.count("\nER  - ") + text.startswith("ER  - ") == len(papers)
    assert len(re.findall(r"^TY  - ", text, re.M)) == len(papers)
    for line in text.splitlines():
        assert not line or re.match(r"^[A-Z][A-Z0-9]  - ", line), line


def test_unknown_format() -> None:
    with pytest.raises(NeuroKBError, match="unknown export format"):
        export([], "docx")
    assert set(WRITERS) == {"bibtex", "biblatex", "ris", "csl-json"}
