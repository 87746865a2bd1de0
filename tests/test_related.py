"""Related papers: each kind of evidence, its reason in words, ordering, and unknown keys.

The ranking is checked against a naive reference that scores every paper one by one, and the
index's lookups (:class:`~neurokb.cache.links.IndexLinks`) against the KnowledgeBase's, on the
mini, shipped and a generated KB; ``neurokb related`` answers from the index without loading
the KB, and says the same as ``--no-cache``.
"""

from __future__ import annotations

import json
import math
from collections import defaultdict
from pathlib import Path

import pytest
from cachefixtures import REPO, copy_kb, generate_kb
from kbfixtures import load, mini_kb, write_paper, write_topic
from typer.testing import CliRunner

from neurokb.cache.links import IndexLinks
from neurokb.cache.open import open_reader
from neurokb.cli.app import app
from neurokb.core.errors import NeuroKBError
from neurokb.core.kb import KnowledgeBase
from neurokb.explore.related import Related, rank, related
from neurokb.graph import author_index


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


# -- against a reference, and from the index -------------------------------------------------
def naive_related(kb: KnowledgeBase, key: str, limit: int | None) -> list[Related]:
    """The documented rules applied to every paper of the KB, one by one, in the order the
    evidence is listed (float sums depend on it); each relation counts once."""
    paper, people = kb.papers[key], author_index(kb)
    cites_of = {
        k: [c for c in dict.fromkeys(p.cites) if c in kb.papers] for k, p in kb.papers.items()
    }
    cited_by: dict[str, list[str]] = defaultdict(list)
    for k in sorted(kb.papers, key=lambda k: (kb.papers[k].year, k)):
        for c in cites_of[k]:
            cited_by[c].append(k)
    members: dict[str, list[str]] = defaultdict(list)
    for k, p in kb.papers.items():
        for t in dict.fromkeys(p.topics):
            members[t].append(k)
    authors = {
        k: list(dict.fromkeys(people.id_of(a) for a in p.authors)) for k, p in kb.papers.items()
    }
    topics = list(dict.fromkeys(paper.topics))
    scores, reasons = {}, {}
    for other in kb.papers:
        if other == key:
            continue
        score, why = 0.0, defaultdict(list)
        evidence = [
            *((3.0, "cited by", key) for c in cites_of[key] if c == other),
            *((3.0, "cites", key) for c in cited_by[key] if c == other),
            *((2 / math.log2(1 + len(cites_of[c])), "co-cited by", c)
              for c in cited_by[key] if other in cites_of[c]),
            *((2 / math.log2(1 + len(cited_by[r])), "both cite", r)
              for r in cites_of[key] if other in cited_by[r]),
            *((1.5, "shared author", people.authors[a].name)
              for a in authors[key] if a in authors[other]),
            *((1 / math.log2(2 + len(members[t])), "shared topic", t)
              for t in topics if other in members[t]),
        ]  # fmt: skip
        for amount, reason, via in evidence:
            score += amount
            why[reason].append(via)
        if evidence:
            scores[other], reasons[other] = score, why
    order = sorted(scores, key=lambda k: (-round(scores[k], 9), -kb.papers[k].year, k))
    from neurokb.explore.related import _reasons

    return [Related(k, round(scores[k], 4), _reasons(reasons[k])) for k in order[:limit]]


@pytest.fixture(scope="module")
def generated_root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return generate_kb(tmp_path_factory.mktemp("gen") / "kb", 500, seed=1)


@pytest.fixture(scope="module")
def shipped_root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return copy_kb(REPO, tmp_path_factory.mktemp("shipped") / "kb")


@pytest.fixture(scope="module")
def mini_root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return mini_kb(tmp_path_factory.mktemp("mini-index"))


@pytest.fixture(params=["mini_root", "shipped_root", "generated_root"])
def some_root(request: pytest.FixtureRequest) -> Path:
    return request.getfixturevalue(request.param)


def test_ranking_matches_the_naive_reference(some_root: Path) -> None:
    kb = load(some_root)
    for key in sorted(kb.papers)[:: max(1, len(kb.papers) // 60)]:
        full = naive_related(kb, key, None)
        assert related(kb, key, limit=None) == full, key
        assert related(kb, key, limit=10) == full[:10], key


def test_a_limit_keeps_the_start_of_the_full_ranking(generated_root: Path) -> None:
    kb = load(generated_root)
    for key in sorted(kb.papers)[::25]:
        full = related(kb, key, limit=None)
        for limit in (1, 2, 3, 5, 10, 40):
            assert related(kb, key, limit) == full[:limit], (key, limit)


def test_index_lookups_rank_like_the_knowledge_base(some_root: Path) -> None:
    kb = load(some_root)
    reader = open_reader(some_root)
    assert reader is not None
    links = IndexLinks(reader.conn)
    for key in sorted(kb.papers):
        assert links.has_paper(key)
        for limit in (None, 10, 1):
            assert rank(links, key, limit) == related(kb, key, limit), (key, limit)
    assert not links.has_paper("no-such-key")


def test_ties_go_to_the_newer_paper_then_the_smaller_key(tmp_path: Path) -> None:
    write_topic(tmp_path, "t")
    write_paper(tmp_path, "me2000x", authors=["Me, A"], topics=["t"])
    for key, year in [("b2021one", 2021), ("a2021two", 2021), ("c2019three", 2019),
                      ("d2021four", 2021), ("e2022five", 2022)]:  # fmt: skip
        write_paper(tmp_path, key, authors=[f"{key[0].upper()}x, Y"], year=year, topics=["t"])
    kb = load(tmp_path)
    expected = ["e2022five", "a2021two", "b2021one", "d2021four", "c2019three"]
    assert [r.key for r in related(kb, "me2000x", limit=None)] == expected
    assert len({r.score for r in related(kb, "me2000x", limit=None)}) == 1
    for limit in range(1, 6):
        assert [r.key for r in related(kb, "me2000x", limit)] == expected[:limit]
        links = IndexLinks(open_reader(tmp_path).conn)  # type: ignore[union-attr]
        assert rank(links, "me2000x", limit) == related(kb, "me2000x", limit)


def test_a_repeated_citation_or_topic_counts_once(tmp_path: Path) -> None:
    once, twice = tmp_path / "once", tmp_path / "twice"
    for root, repeat in ((once, 1), (twice, 2)):
        write_topic(root, "t")
        write_paper(root, "a2020x", authors=["A, B"], topics=["t"] * repeat)
        write_paper(
            root, "b2020y", authors=["C, D"], topics=["t"] * repeat, cites=["a2020x"] * repeat
        )
        write_paper(root, "c2020z", authors=["E, F"], topics=["t"], cites=["a2020x"])
    expected = related(load(once), "a2020x", limit=None)
    assert related(load(twice), "a2020x", limit=None) == expected
    assert rank(IndexLinks(open_reader(twice).conn), "a2020x", None) == expected  # type: ignore[union-attr]


def test_the_kept_topic_members_follow_every_edit(tmp_path: Path) -> None:
    """The index keeps a topic's members once read (``derived``); an edit, a new paper or a
    paper leaving the topic, is in the next answer."""
    write_topic(tmp_path, "t")
    write_topic(tmp_path, "u")
    write_paper(tmp_path, "me2000x", authors=["Me, A"], topics=["t", "u"])
    for key, year in [("a2001one", 2001), ("b2002two", 2002), ("c2003three", 2003)]:
        write_paper(tmp_path, key, authors=[f"{key[0].upper()}x, Y"], year=year, topics=["t"])

    def ranked() -> list[Related]:
        reader = open_reader(tmp_path)
        assert reader is not None
        found = rank(IndexLinks(reader.conn), "me2000x", None)
        assert found == related(load(tmp_path), "me2000x", None)
        kept = "SELECT count(*) FROM derived WHERE name LIKE 'topic members %'"
        assert reader.conn.execute(kept).fetchone()[0] == 2
        return found

    assert ranked() == ranked()  # the second reads the members the first kept
    write_paper(tmp_path, "d2004four", authors=["Dx, Y"], year=2004, topics=["t", "u"])
    write_paper(tmp_path, "a2001one", authors=["Ax, Y"], year=2001, topics=["u"])
    after = ranked()
    assert after == ranked()
    assert after[0].key == "d2004four"
    assert next(r for r in after if r.key == "a2001one").reasons == ["shared topic: u"]


# -- the command ------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "args",
    [
        ["related", "lillicrap2016random", "--json"],
        ["related", "zenke2018superspike", "--json", "-n", "3"],
        ["related", "hopfield1982neural"],
        ["related", "lillicrap2016randm"],
    ],
)
def test_cli_answers_the_same_with_and_without_the_cache(
    shipped_root: Path, args: list[str]
) -> None:
    runner = CliRunner()
    cold = runner.invoke(app, ["--kb", str(shipped_root), "--no-cache", *args])
    for _ in range(2):
        warm = runner.invoke(app, ["--kb", str(shipped_root), *args])
        assert (warm.exit_code, warm.stdout, warm.stderr) == (
            cold.exit_code,
            cold.stdout,
            cold.stderr,
        )


def test_cli_answers_from_the_index_without_loading_the_kb(
    generated_root: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    runner = CliRunner()
    key = sorted(load(generated_root).papers)[7]
    cold = runner.invoke(app, ["--kb", str(generated_root), "--no-cache", "related", key, "--json"])
    runner.invoke(app, ["--kb", str(generated_root), "related", key])  # build the index

    def no_kb(*args: object, **kwargs: object) -> None:
        raise AssertionError("the whole KB was loaded")

    monkeypatch.setattr("neurokb.cache.open.open_kb", no_kb)
    warm = runner.invoke(app, ["--kb", str(generated_root), "related", key, "--json"])
    assert warm.exit_code == 0, warm.stderr
    assert warm.stdout == cold.stdout
    assert json.loads(warm.stdout)["results"]
