"""The shipped knowledge base keeps the curation rules of issue 15.

Each rule is a small function over a KnowledgeBase, checked once on the shipped entries and once
on a tiny KB built to break it, so that a rule which could never fail is caught too.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from kbfixtures import load, mini_kb, write_paper, write_topic

from neurokb.core.kb import KnowledgeBase
from neurokb.core.textcites import cited_keys
from neurokb.load.loader import load_kb

REPO = Path(__file__).parents[1]
INTERNAL = re.compile(r"seed 00|our seeds|the brief|the primer behind", re.I)


def anachronisms(kb: KnowledgeBase) -> list[str]:
    """``citing -> cited`` for each cites link to a paper published more than a year later."""
    return [
        f"{p.key} ({p.year}) -> {c} ({kb.papers[c].year})"
        for p in kb.papers.values()
        for c in p.cites
        if c in kb.papers and kb.papers[c].year > p.year + 1
    ]


def unresolved_citations(kb: KnowledgeBase) -> list[str]:
    """``file: @key`` for each [@key] in a topic narrative, summary or notes naming no paper."""
    texts = [(f"topics/{t.id}", t.summary) for t in kb.topics.values()]
    texts += [
        (f"papers/{p.key}", f"{p.summary or ''}\n{p.notes or ''}") for p in kb.papers.values()
    ]
    return [
        f"{name}: @{key}"
        for name, text in texts
        for _, key in cited_keys(text)
        if key not in kb.papers
    ]


def unfinished_papers(kb: KnowledgeBase) -> list[str]:
    """Papers without a topic or a summary."""
    return [
        f"{p.key}: {'no topics' if not p.topics else 'no summary'}"
        for p in kb.papers.values()
        if not p.topics or not p.summary
    ]


@pytest.fixture(scope="module")
def broken(tmp_path_factory: pytest.TempPathFactory) -> KnowledgeBase:
    """A small KB with one of each problem the rules look for."""
    root = mini_kb(tmp_path_factory.mktemp("broken"))
    write_paper(root, "old1990cites", year=1990, topics=["memory"], cites=["zenke2018superspike"])
    write_paper(root, "nosummary2020", topics=["memory"], summary=None)
    write_paper(root, "notopics2020")
    write_topic(root, "memory", summary="Attractors [@hopfield1982neural] and [@nosuch2020paper].")
    return load_kb(root)


def test_rules_fire_on_a_broken_kb(broken: KnowledgeBase) -> None:
    assert anachronisms(broken) == ["old1990cites (1990) -> zenke2018superspike (2018)"]
    assert unresolved_citations(broken) == ["topics/memory: @nosuch2020paper"]
    assert unfinished_papers(broken) == ["nosummary2020: no summary", "notopics2020: no topics"]
    assert {p.code for p in broken.errors} == {"NKB050", "NKB052", "NKB053"}  # validate agrees


def test_a_cite_within_a_year_is_not_an_anachronism(tmp_path: Path) -> None:
    root = mini_kb(tmp_path)  # a preprint may cite work that appears the next year
    write_paper(root, "early2017x", year=2017, topics=["memory"], cites=["zenke2018superspike"])
    assert anachronisms(load(root)) == []


def test_shipped_kb_validates(shipped_kb: KnowledgeBase) -> None:
    assert not shipped_kb.errors, [
        f"{p.path}:{p.line}: {p.code} {p.message}" for p in shipped_kb.errors
    ]


def test_shipped_cites_are_not_anachronistic(shipped_kb: KnowledgeBase) -> None:
    assert anachronisms(shipped_kb) == []


def test_shipped_narrative_citations_resolve(shipped_kb: KnowledgeBase) -> None:
    assert unresolved_citations(shipped_kb) == []
    assert any(cited_keys(t.summary) for t in shipped_kb.topics.values())  # narratives do cite


def test_shipped_papers_have_topics_and_summaries(shipped_kb: KnowledgeBase) -> None:
    assert unfinished_papers(shipped_kb) == []


def test_shipped_topic_map_has_one_root(shipped_kb: KnowledgeBase) -> None:
    roots = [t.id for t in shipped_kb.topics.values() if not t.parents]
    assert roots == ["neuroai"]  # as kb/about.md says


def test_public_text_names_no_internal_documents() -> None:
    files = [*(REPO / "entries").rglob("*.yaml"), *(REPO / "kb").rglob("*.md")]
    found = [
        f"{path.relative_to(REPO)}: {match.group(0)}"
        for path in files
        for match in INTERNAL.finditer(" ".join(path.read_text(encoding="utf-8").split()))
    ]
    assert found == []
