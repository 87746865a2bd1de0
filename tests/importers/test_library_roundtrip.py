"""Import -> export -> import keeps every key and field, and other tools read our exports.

All four recorded libraries are imported into one knowledge base (a library imported twice,
as BibTeX and as BibLaTeX, finds its own duplicates). Its BibLaTeX, BibTeX and CSL-JSON exports
are imported again and compared field by field; pybtex, bibtexparser and biber (when
installed) read the .bib exports with no errors.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pybtex.errors
import pytest
from kbfixtures import copy_topics, import_errors
from pybtex.database import parse_string

from neurokb.cite import export
from neurokb.core.kb import KnowledgeBase
from neurokb.core.models import Paper
from neurokb.edit.plan import Status, plan, write
from neurokb.importers import bibtex, csljson
from neurokb.load.loader import load_kb

REPO = Path(__file__).parents[2]
LIBRARIES = REPO / "tests" / "data" / "libraries"
FILES = ["bbt-bibtex.bib", "bbt-biblatex.bib", "jabref.bib", "mendeley.bib"]
#: Every bibliographic field; curation fields (topics, summary, notes ...) are ours alone.
FIELDS = ("title", "authors", "et_al", "year", "month", "type", "genre", "venue", "volume",
          "issue", "pages", "publisher", "location", "edition", "series", "editors", "isbn",
          "doi", "arxiv", "pmid", "url", "urldate", "language", "keywords", "abstract")  # fmt: skip
#: What a format cannot say: classic BibTeX has no online/software/dataset types.
LOSSY = {"bibtex": {"type"}, "biblatex": set(), "csl-json": {"ids"}}


@pytest.fixture(scope="module")
def library_kb(tmp_path_factory: pytest.TempPathFactory) -> KnowledgeBase:
    root = tmp_path_factory.mktemp("library")
    copy_topics(REPO, root)
    (root / "entries" / "papers").mkdir()
    for name in FILES:
        records, _ = bibtex.parse((LIBRARIES / name).read_text(encoding="utf-8"), name)
        planned = plan(records, load_kb(root))
        assert not [p for p in planned if p.status is Status.INVALID], name
        write(planned)
    kb = load_kb(root)
    assert not import_errors(kb), import_errors(kb)  # only the curation an import leaves to do
    return kb


def test_the_libraries_import_with_their_keys(library_kb: KnowledgeBase) -> None:
    assert len(library_kb.papers) == 27
    for key in (
        "Montavon2018",
        "Hopfield:1982:Neural",
        "Hassabis2017",
        "boltPutthatthereVoiceGesture1980",
    ):
        assert library_kb.paper(key)  # each original key resolves


@pytest.mark.parametrize(("fmt", "reader"), [("biblatex", bibtex.parse), ("bibtex", bibtex.parse),
                                             ("csl-json", csljson.parse)])  # fmt: skip
def test_import_export_import_keeps_every_key_and_field(
    library_kb: KnowledgeBase, fmt: str, reader
) -> None:
    papers = sorted(library_kb.papers.values(), key=lambda p: p.key)
    records, problems = reader(export(papers, fmt), f"export.{fmt}")
    assert not problems
    assert [r.key for r in records] == [p.key for p in papers]  # every key kept
    for paper, record in zip(papers, records, strict=True):
        data = dict(record.data)
        ids = [alias for alias in data.pop("ids", []) if alias != paper.key]
        back = Paper.model_validate({"key": record.key, **data})
        if "ids" not in LOSSY[fmt]:
            assert sorted(ids) == sorted(paper.ids), paper.key
        for name in FIELDS:
            if name in LOSSY[fmt]:
                continue
            if fmt == "csl-json" and name == "type" and paper.type == "proceedings":
                assert back.type == "book"  # CSL 1.0.2 has no proceedings type
                continue
            if fmt == "csl-json" and name in {"venue", "publisher"}:
                # CSL has one variable for a thesis's school, a report's institution and a
                # dataset's publisher: either of ours comes back as the venue.
                assert (back.venue or back.publisher) == (paper.venue or paper.publisher)
                continue
            assert getattr(back, name) == getattr(paper, name), (fmt, paper.key, name)


@pytest.mark.parametrize("fmt", ["bibtex", "biblatex"])
def test_pybtex_and_bibtexparser_read_the_exports_without_errors(
    library_kb: KnowledgeBase, fmt: str
) -> None:
    import bibtexparser

    text = export(library_kb.papers.values(), fmt)
    with pybtex.errors.capture() as errors:
        data = parse_string(text, "bibtex")
    assert not errors and len(data.entries) == len(library_kb.papers)
    library = bibtexparser.parse_string(text)
    assert not library.failed_blocks and len(library.entries) == len(library_kb.papers)


@pytest.mark.skipif(shutil.which("biber") is None, reason="biber is not installed")
@pytest.mark.parametrize("fmt", ["bibtex", "biblatex"])
def test_biber_reads_the_exports_without_errors(
    library_kb: KnowledgeBase, fmt: str, tmp_path: Path
) -> None:
    source = tmp_path / f"{fmt}.bib"
    source.write_text(export(library_kb.papers.values(), fmt), encoding="utf-8")
    result = subprocess.run(
        ["biber", "--tool", "--validate-datamodel", "--output-file", str(tmp_path / "out.bib"),
         str(source)], capture_output=True, text=True, cwd=tmp_path, timeout=120,
    )  # fmt: skip
    assert result.returncode == 0, result.stdout + result.stderr
    assert "ERROR" not in result.stdout, result.stdout
    if fmt == "biblatex":  # our BibLaTeX also satisfies biblatex's data model
        assert "WARN" not in result.stdout, result.stdout


def test_csl_json_export_validates_against_the_schema(library_kb: KnowledgeBase) -> None:
    import json

    jsonschema = pytest.importorskip("jsonschema")
    schema_path = REPO.parent / "shared" / "reference" / "csl-data.schema.json"
    if not schema_path.is_file():
        pytest.skip(f"CSL schema not found at {schema_path}")
    items = json.loads(export(library_kb.papers.values(), "csl-json"))
    jsonschema.validate(items, json.loads(schema_path.read_text(encoding="utf-8")))
