"""What issue 16 found wrong in the exports, each as a test: casing and markup, article
numbers, "et al.", edited works, thesis and report kinds, arXiv links, HTML escaping."""

from __future__ import annotations

import datetime as dt
import json
import re

import pytest

from neurokb.cite import export, format_reference, format_references, in_text
from neurokb.cite import ris as ris_writer
from neurokb.cite.csl import to_csl
from neurokb.core.models import Paper

STYLES = ["apa", "ieee", "nature", "chicago", "vancouver"]


def bib(papers: list[Paper], fmt: str = "bibtex") -> str:
    """The export with field alignment removed: ``name = {value}``."""
    return re.sub(r"(?m)^  (\w+) +=", r"  \1 =", export(papers, fmt))


def paper(**fields) -> Paper:
    data = {"key": "smith2020bayesian", "title": "A title", "authors": ["Smith, Jane"],
            "year": 2020, "venue": "eNeuro"} | fields  # fmt: skip
    return Paper.model_validate(data)


def test_protected_spans_math_and_italics_in_bibtex_and_csl() -> None:
    p = paper(title="A {Bayesian} model of {CO}$_2$ and $\\alpha$ in <i>Drosophila</i>")
    for fmt in ("bibtex", "biblatex"):
        assert (
            "title = {A {Bayesian} model of {CO}$_2$ and $\\alpha$ in \\emph{Drosophila}}"
            in bib([p], fmt)
        )
    assert to_csl(p)["title"] == (
        'A <span class="nocase">Bayesian</span> model of <span class="nocase">CO</span>$_2$ '
        "and $\\alpha$ in <i>Drosophila</i>"
    )
    assert "{\\$}" not in bib([p], "bibtex")
    assert format_reference(p, "apa").startswith(
        "Smith, J. (2020). A Bayesian model of CO$_2$ and $\\alpha$ in Drosophila. eNeuro."
    )


def test_title_case_title_keeps_protection_through_plainnat_style_lowercasing() -> None:
    p = paper(title="A {Bayesian} Model in {V1} Using {Python}")
    assert "{A {Bayesian} Model in {V1} Using {Python}}" in bib([p], "bibtex")


@pytest.mark.parametrize("number", ["ENEURO.0533-19.2020", "e2000219"])
def test_article_numbers_stay_one_token(number: str) -> None:
    p = paper(pages=number, volume="7")
    bibtex = bib([p], "bibtex")
    assert f"pages = {{{number.replace('-', '{-}')}}}" in bibtex
    assert "--" not in bibtex
    biblatex = bib([p], "biblatex")
    assert f"eid = {{{number}}}" in biblatex and "pages" not in biblatex
    assert f"SP  - {number}\n" in ris_writer.write([p]) and "EP  -" not in ris_writer.write([p])
    assert to_csl(p)["number"] == number
    assert f"Article {number}" in format_reference(p, "apa")
    for style in STYLES:
        text = format_reference(p, style)
        assert number.replace("-", "–") not in text or "-" not in number, style


def test_page_ranges_are_still_ranges() -> None:
    p = paper(pages="1514-1541")
    assert "pages = {1514--1541}" in bib([p], "bibtex")
    assert "SP  - 1514\nEP  - 1541" in ris_writer.write([p])


def test_et_al_marker_in_every_format() -> None:
    p = paper(authors=["Smith, Jane", "Jones, Kim"], et_al=True)
    assert "author = {Smith, Jane and Jones, Kim and others}" in bib([p], "bibtex")
    assert "{Smith, Jane and Jones, Kim and others}" in bib([p], "biblatex")
    assert to_csl(p)["author"][-1] == {"literal": "others"}
    assert "N1  - et al." in ris_writer.write([p])
    expected = {
        "apa": "Smith, J., Jones, K., et al. (2020).",
        "ieee": "[1] J. Smith, K. Jones, et al.,",
        "nature": "1. Smith, J., Jones, K. et al.",
        "chicago": "Smith, Jane, Kim Jones, et al. 2020.",
        "vancouver": "1. Smith J, Jones K, et al.",
    }
    for style, start in expected.items():
        text = format_reference(p, style)
        assert text.startswith(start), (style, text)
        assert "others" not in text and "Zz" not in text, (style, text)
    assert in_text([p], "apa") == ["(Smith et al., 2020)"]
    assert p.label == "Smith et al. 2020"


def test_editors_stand_in_for_authors() -> None:
    p = paper(key="arbib2003handbook", title="The handbook of brain theory and neural networks",
              authors=[], editors=["Arbib, Michael A."], type="book", venue=None,
              publisher="MIT Press", year=2003)  # fmt: skip
    assert p.label == "Arbib 2003" and p.first_author.family == "Arbib"
    assert format_reference(p, "apa") == (
        "Arbib, M. A. (Ed.). (2003). The handbook of brain theory and neural networks. MIT Press."
    )
    assert in_text([p], "apa") == ["(Arbib, 2003)"]
    text = bib([p], "bibtex")
    assert "editor = {Arbib, Michael A.}" in text and "author" not in text
    assert "author" not in to_csl(p) and to_csl(p)["editor"] == [
        {"family": "Arbib", "given": "Michael A."}
    ]


def test_thesis_and_report_kinds() -> None:
    master = paper(type="thesis", genre="Master's thesis", venue="University of Edinburgh")
    assert bib([master], "bibtex").startswith("@mastersthesis{")
    assert "type = {mathesis}" in bib([master], "biblatex")
    assert to_csl(master)["genre"] == "Master's thesis"
    phd = paper(type="thesis", venue="UCL")
    assert bib([phd], "bibtex").startswith("@phdthesis{")
    report = paper(type="report", genre="Technical report", issue="TR-7", venue="Gatsby")
    assert "number = {TR-7}" in bib([report], "bibtex")
    assert "type = {Technical report}" in bib([report], "bibtex")
    assert to_csl(report)["number"] == "TR-7" and "issue" not in to_csl(report)
    proceedings = paper(type="proceedings", authors=[], editors=["Wallach, Hanna"])
    assert bib([proceedings], "bibtex").startswith("@proceedings{")
    dataset = paper(type="dataset")
    assert bib([dataset], "biblatex").startswith("@dataset{")
    assert to_csl(dataset)["type"] == "dataset"


def test_descriptive_fields_are_exported() -> None:
    p = paper(edition="2", series="Bradford Books", location="Cambridge, MA", language="German",
              keywords=["memory", "attractors"], urldate=dt.date(2024, 5, 1),
              abstract="What it found.", type="book", venue=None)  # fmt: skip
    bibtex = bib([p], "bibtex")
    for line in ("edition = {2}", "address = {Cambridge, MA}", "series = {Bradford Books}",
                 "urldate = {2024-05-01}", "language = {German}",
                 "keywords = {memory, attractors}", "abstract = {What it found.}"):  # fmt: skip
        assert line in bibtex, line
    assert "location = {Cambridge, MA}" in bib([p], "biblatex")
    item = to_csl(p)
    assert (item["edition"], item["publisher-place"], item["language"]) == (
        "2", "Cambridge, MA", "German"
    )  # fmt: skip
    assert item["accessed"] == {"date-parts": [[2024, 5, 1]]}


def test_bibtex_has_a_url_for_arxiv_only_works() -> None:
    p = paper(type="preprint", venue="arXiv", arxiv="2212.13345")
    bibtex = bib([p], "bibtex")
    assert "eprint = {2212.13345}" in bibtex
    assert "url = {https://arxiv.org/abs/2212.13345}" in bibtex
    with_doi = paper(arxiv="2212.13345", doi="10.1000/x")
    assert "url" not in bib([with_doi], "bibtex")


def test_html_output_escapes_entry_text() -> None:
    p = paper(title="Tom & Jerry <script>x</script>", venue="A & B <journal>")
    html = format_reference(p, "apa", "html")
    assert "<script>" not in html and "<journal>" not in html
    assert "Tom &amp; Jerry &lt;script&gt;x&lt;/script&gt;" in html
    assert "<i>A &amp; B &lt;journal&gt;</i>" in html


def test_csl_json_export_is_json_with_the_new_fields() -> None:
    p = paper(ids=["Smith2020"], et_al=True)
    items = json.loads(export([p], "csl-json"))
    assert items[0]["id"] == "smith2020bayesian"
    assert items[0]["author"][-1] == {"literal": "others"}


def test_apa_keeps_every_shipped_title_as_written(shipped_kb) -> None:
    """APA prints a title in the case it is stored in, proper nouns intact, markup resolved."""
    from neurokb.core import titlemarkup

    papers = sorted(shipped_kb.papers.values(), key=lambda p: p.key)
    for paper, reference in zip(papers, format_references(papers, "apa"), strict=True):
        assert titlemarkup.plain(paper.title).rstrip("?!.") in reference, paper.key
        assert "{" not in reference and "<i>" not in reference, paper.key
