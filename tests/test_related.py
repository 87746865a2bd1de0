"""Related papers: each kind of evidence, its reason in words, ordering, and unknown keys."""

from __future__ import annotations

from pathlib import Path

import pytest
from kbfixtures import load, mini_kb, write_paper, write_topic

from neurokb.errors import NeuroKBError
from neurokb.kb import KnowledgeBase
from neurokb.related import related


@pytest.fixture(scope="module")
def kb(tmp_path_factory: pytest.TempPathFactory) -> KnowledgeBase:
    return load(mini_kb(tmp_path_factory.mktemp("mini")))


def reasons(kb: KnowledgeBase, key: str) -> dict[str, list[str]]:
    return {r.key: r.reasons for r in related(kb, key, limit=None)}


def test_direct_citations_both_ways(kb: KnowledgeBase) -> None:
    found = reasons(kb, "hopfield1982neural")
    assert "cited by hopfield1982neural" in found["hebb1949organization"]
    assert "cites hebb1949organization" in reasons(kb, "hebb1949organization")["oja1982simplified"]


def test_bibliographic_coupling(kb: KnowledgeBase) -> None:
    # Hopfield and Oja both cite Hebb
    assert (
        "both cite: hebb1949organization" in reasons(kb, "hopfield1982neural")["oja1982simplified"]
    )


def test_co_citation(kb: KnowledgeBase) -> None:
    # Miconi cites both Hebb and Oja
    assert (
        "co-cited by: miconi2018differentiable"
        in reasons(kb, "hebb1949organization")["oja1982simplified"]
    )


def test_shared_authors_are_merged_people(kb: KnowledgeBase) -> None:
    found = reasons(kb, "zenke2015diverse")
    assert "shared author: Friedemann Zenke" in found["zenke2018superspike"]


def test_shared_topics_listed(kb: KnowledgeBase) -> None:
    found = reasons(kb, "zenke2015diverse")
    assert (
        "shared topics: synaptic-plasticity, spiking-neural-networks"
        in found["zenke2018superspike"]
    )


def test_ranked_best_first_without_the_paper_itself(kb: KnowledgeBase) -> None:
    found = related(kb, "zenke2018superspike", limit=None)
    assert "zenke2018superspike" not in [r.key for r in found]
    assert found[0].key == "zenke2015diverse"  # cited, shared author, two shared topics
    assert [r.score for r in found] == sorted((r.score for r in found), reverse=True)
    assert len(related(kb, "zenke2018superspike", limit=2)) == 2


def test_unrelated_paper_has_no_related(tmp_path: Path) -> None:
    write_topic(tmp_path, "a")
    write_topic(tmp_path, "b")
    write_paper(tmp_path, "x2020one", authors=["X, Y"], topics=["a"])
    write_paper(tmp_path, "z2020two", authors=["Z, W"], topics=["b"])
    assert related(load(tmp_path), "x2020one") == []


def test_unknown_key_suggests(kb: KnowledgeBase) -> None:
    with pytest.raises(NeuroKBError) as info:
        related(kb, "zenke2018superspik")
    assert "zenke2018superspike" in info.value.hint


def test_shipped_kb_relates_a_citing_paper(shipped_kb: KnowledgeBase) -> None:
    found = {r.key: r for r in related(shipped_kb, "lillicrap2016random", limit=None)}
    for citer in shipped_kb.cited_by["lillicrap2016random"]:
        assert "cites lillicrap2016random" in found[citer].reasons
