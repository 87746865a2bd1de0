"""Export then import gives back the same entries, for the whole shipped KB."""

from __future__ import annotations

import pytest

from neurokb.cite import export
from neurokb.core.models import Paper
from neurokb.importers import bibtex, csljson

COMPARED = ("title", "authors", "year", "venue", "doi", "arxiv")


@pytest.mark.parametrize(
    ("fmt", "reader", "extra"),
    [
        ("bibtex", bibtex.parse, ("month", "volume", "issue", "pages", "editors", "pmid")),
        (
            "biblatex",
            bibtex.parse,
            ("month", "type", "volume", "issue", "pages", "editors", "pmid"),
        ),
        ("csl-json", csljson.parse, ("month", "type", "volume", "issue", "pages", "pmid", "url")),
    ],
)
def test_export_import_round_trip(shipped_kb, fmt: str, reader, extra: tuple[str, ...]) -> None:
    papers = sorted(shipped_kb.papers.values(), key=lambda p: p.key)
    records, problems = reader(export(papers, fmt), f"export.{fmt}")
    assert not problems
    assert len(records) == len(papers)
    for paper, record in zip(papers, records, strict=True):
        back = Paper.model_validate({"key": paper.key, **record.data})
        for name in COMPARED + extra:
            assert getattr(back, name) == getattr(paper, name), (paper.key, name)
