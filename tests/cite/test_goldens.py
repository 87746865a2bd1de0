"""Our CSL output against goldens made by citeproc-js (see tests/tools/make_goldens.py).

A golden that differs must be listed in known_differences.yaml with our exact output and the
reason; a listed difference that no longer occurs fails too, so the list stays true.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from neurokb.cite import format_references, in_text
from neurokb.cite.styles import SHIPPED
from neurokb.core.models import Paper

GOLDENS = Path(__file__).parents[1] / "data" / "goldens"
CASES = yaml.safe_load((GOLDENS / "cases.yaml").read_text(encoding="utf-8"))
KNOWN = yaml.safe_load((GOLDENS / "known_differences.yaml").read_text(encoding="utf-8"))
KNOWN_BY_ID = {(k["style"], k["case"], k["format"]): k for k in KNOWN}
FORMATS = {"txt": "text", "html": "html"}


def _papers(case: str) -> list[Paper]:
    return [Paper.model_validate(item) for item in CASES[case]]


def _ours(style: str, case: str, suffix: str) -> str:
    papers = _papers(case)
    if suffix == "intext.txt":
        lines = in_text(papers, style)
    else:
        lines = format_references(papers, style, FORMATS[suffix], order="style")
    return "\n".join(lines) + "\n"


@pytest.mark.parametrize("suffix", ["txt", "html", "intext.txt"])
@pytest.mark.parametrize("case", list(CASES))
@pytest.mark.parametrize("style", list(SHIPPED))
def test_matches_citeproc_js(style: str, case: str, suffix: str) -> None:
    golden = (GOLDENS / style / f"{case}.{suffix}").read_text(encoding="utf-8")
    ours = _ours(style, case, suffix)
    known = KNOWN_BY_ID.get((style, case, suffix))
    if known is None:
        assert ours == golden
    else:
        assert ours != golden, f"known difference {style}/{case}.{suffix} is gone: delete it"
        assert ours == known["ours"], f"{style}/{case}.{suffix} differs in a new way"


def test_known_differences_have_reasons() -> None:
    for known in KNOWN:
        assert len(known["reason"].split()) >= 8, known
        assert (GOLDENS / known["style"] / f"{known['case']}.{known['format']}").is_file()


def test_every_shipped_kind_has_a_case(shipped_kb) -> None:
    kinds = {paper.type for paper in shipped_kb.papers.values()}
    covered = {Paper.model_validate(item).type for items in CASES.values() for item in items}
    assert kinds <= covered, kinds - covered
