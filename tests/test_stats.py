"""``stats``: counts, histograms, rankings and PageRank centrality of a small KB."""

from __future__ import annotations

import pytest
from kbfixtures import load, mini_kb

from neurokb.core.kb import KnowledgeBase
from neurokb.explore.stats import citation_rank, stats
from neurokb.load.loader import load_kb


@pytest.fixture(scope="module")
def kb(tmp_path_factory: pytest.TempPathFactory) -> KnowledgeBase:
    return load(mini_kb(tmp_path_factory.mktemp("mini")))


def test_counts_and_histograms(kb: KnowledgeBase) -> None:
    data = stats(kb)
    assert data["counts"] == {
        "papers": 10,
        "topics": 7,
        "authors": 15,
        "venues": 7,
        "algorithms": data["counts"]["algorithms"],
        "citations": 9,
        "problems": 0,
    }
    assert data["papers_per_year"][1982] == 2
    assert list(data["papers_per_year"]) == sorted(data["papers_per_year"])
    assert data["papers_per_type"] == {"article": 7, "book": 1, "inproceedings": 1, "preprint": 1}


def test_rankings(kb: KnowledgeBase) -> None:
    data = stats(kb, top=3)
    assert data["top_authors"][0] == {"id": "zenke-f", "name": "Friedemann Zenke", "papers": 2}
    assert len(data["top_topics"]) == 3
    assert data["top_topics"][0]["id"] == "memory"
    assert data["top_topics"][0] == {"id": "memory", "name": "Memory", "papers": 3,
                                     "with_subtopics": 4}  # fmt: skip
    central = data["central_papers"]
    assert [p["pagerank"] for p in central] == sorted(
        (p["pagerank"] for p in central), reverse=True
    )
    # the alpha/beta citation loop keeps the random reader; Hebb is the most cited otherwise
    assert {p["key"] for p in central} == {
        "alpha2019first",
        "beta2019second",
        "hebb1949organization",
    }
    assert next(p for p in central if p["key"] == "hebb1949organization")["cited_by"] == 4


def test_citation_rank_is_a_distribution(kb: KnowledgeBase) -> None:
    rank = citation_rank(kb)
    assert set(rank) == set(kb.papers)
    assert sum(rank.values()) == pytest.approx(1.0)
    assert rank["hebb1949organization"] > rank["oja1982simplified"] > rank["muller2020model"]


def test_shipped_kb_stats(shipped_kb: KnowledgeBase) -> None:
    data = stats(shipped_kb)
    assert data["counts"]["papers"] == len(shipped_kb.papers)
    assert sum(data["papers_per_year"].values()) == len(shipped_kb.papers)


def test_coverage_figures(kb: KnowledgeBase) -> None:
    from neurokb.explore.stats import coverage

    data = coverage(kb)
    assert data["papers"] == 10
    # 9 links: Hopfield, Oja and Zenke 2015 cite Hebb; Zenke 2018 cites two; Miconi two;
    # alpha and beta cite each other.
    assert data["cites_links"] == 9 and data["mean_cites_per_paper"] == 0.9
    assert data["papers_per_topic"]["hebbian-learning"] == {"papers": 3, "with_subtopics": 3}
    assert data["papers_per_topic"]["synaptic-plasticity"] == {"papers": 2, "with_subtopics": 5}
    assert set(data["papers_per_topic"]) == set(kb.topics)
    assert data["papers_per_year"] == stats(kb)["papers_per_year"]
    # one DOI (Zenke 2018), one arXiv id (Miconi), no PubMed id
    assert data["identifier_share"] == {"doi": 0.1, "arxiv": 0.1, "pmid": 0.0, "any": 0.2}
    assert {k: stats(kb)[k] for k in ("mean_cites_per_paper", "identifier_share")} == {
        "mean_cites_per_paper": 0.9, "identifier_share": data["identifier_share"],
    }  # fmt: skip


def test_repeated_and_dangling_cites_are_not_links(tmp_path) -> None:
    from kbfixtures import write_paper, write_topic

    from neurokb.explore.stats import coverage

    write_topic(tmp_path, "t")
    write_paper(tmp_path, "a2020x", topics=["t"], doi="10.1234/x")
    write_paper(tmp_path, "b2021y", topics=["t"], cites=["a2020x", "a2020x", "c2000gone"])
    kb = load_kb(tmp_path)  # the dangling and repeated items are reported, the paper kept
    assert {p.code for p in kb.problems} == {"NKB019", "NKB021"}
    data = coverage(kb)
    assert data["cites_links"] == 1 and data["mean_cites_per_paper"] == 0.5
    assert data["identifier_share"]["doi"] == 0.5
