"""Every work the seed documents reference has an entry in the shipped knowledge base.

``tests/data/seed_works/<seed>.yaml`` lists, per seed, each referenced work as the seed gives it
and the identifiers of the entry it resolves to (or why it was judged not to be a work). The
test resolves each item by DOI, arXiv id or title against the loaded KB, and independently scans
the seed texts for machine-readable references (arXiv ids, PubMed ids, citation keys) so that a
reference missing from the lists is caught too.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from neurokb.core.normalize import title_fingerprint

SEED_WORKS = Path(__file__).parent / "data" / "seed_works"
SEEDS = Path(__file__).parents[2] / "shared" / "seeds"


def _items() -> list[tuple[str, dict]]:
    out = []
    for path in sorted(SEED_WORKS.glob("*.yaml")):
        out.extend((path.stem, item) for item in yaml.safe_load(path.read_text(encoding="utf-8")))
    return out


ITEMS = _items()


def _resolve(kb, item: dict) -> set[str]:
    found = set()
    for paper in kb.papers.values():
        if item.get("doi") and paper.doi == str(item["doi"]).lower():
            found.add(paper.key)
        if item.get("arxiv") and paper.arxiv == str(item["arxiv"]):
            found.add(paper.key)
        if item.get("title") and title_fingerprint(paper.title) == title_fingerprint(item["title"]):
            found.add(paper.key)
    return found


def test_every_seed_has_a_work_list() -> None:
    assert {seed for seed, _ in ITEMS} == {"000", "001", "002", "003"}
    assert len([i for _, i in ITEMS if "key" in i]) >= 60


@pytest.mark.parametrize(
    ("seed", "item"), ITEMS, ids=[f"{s}:{i.get('key', 'skipped')}" for s, i in ITEMS]
)
def test_work_resolves_to_its_entry(shipped_kb, seed: str, item: dict) -> None:
    if "skipped" in item:
        assert len(item["skipped"]) > 20, "say why the item has no entry"
        return
    assert any(item.get(k) for k in ("doi", "arxiv", "title")), "an item needs an identifier"
    assert _resolve(shipped_kb, item) == {item["key"]}, item["seed_says"]


def _seed_text(prefix: str) -> str:
    if not SEEDS.is_dir():
        pytest.skip(f"seed documents not found at {SEEDS}")
    return next(SEEDS.glob(f"{prefix}_*.txt")).read_text(encoding="utf-8")


@pytest.mark.parametrize("prefix", ["000", "001", "002", "003"])
def test_machine_readable_references_in_seeds_are_covered(shipped_kb, prefix: str) -> None:
    text = _seed_text(prefix)
    arxiv = set(re.findall(r"arxiv\.org/abs/(\d{4}\.\d{4,5})", text))
    pubmed = set(re.findall(r"pubmed\.ncbi\.nlm\.nih\.gov/(\d+)", text))
    keys = set(re.findall(r'dt-cite key="([^"]+)"', text))
    have_arxiv = {p.arxiv for p in shipped_kb.papers.values()}
    have_pmid = {p.pmid for p in shipped_kb.papers.values()}
    listed = {i.get("key") for s, i in ITEMS if s == prefix}
    assert arxiv <= have_arxiv, f"arXiv ids without an entry: {sorted(arxiv - have_arxiv)}"
    assert pubmed <= have_pmid, f"PubMed ids without an entry: {sorted(pubmed - have_pmid)}"
    assert keys <= set(shipped_kb.papers) | listed, (
        f"citation keys: {sorted(keys - set(shipped_kb.papers))}"
    )


def test_shipped_kb_is_valid(shipped_kb) -> None:
    assert not shipped_kb.problems, [
        f"{p.path}:{p.line} {p.code} {p.message}" for p in shipped_kb.problems
    ]


def test_every_paper_has_summary_topics_and_provenance(shipped_kb) -> None:
    for paper in shipped_kb.papers.values():
        assert paper.summary and len(paper.summary.split(".")) >= 3, (
            f"{paper.key}: summary of 2-5 sentences"
        )
        assert paper.topics, f"{paper.key}: no topics"
        assert paper.notes, f"{paper.key}: notes should say how the metadata was verified"
