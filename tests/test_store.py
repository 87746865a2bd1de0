"""The cached paths answer exactly what the files answer.

A warm ``open_kb`` equals a cold load; the index's ``show``/``search`` equal the in-memory
``paper_detail``/``search``; the CLI prints the same bytes with and without ``--no-cache``;
and the warm ``show``/``search`` commands import neither the models nor NumPy/NetworkX (the
start-up budget of a cached query at 100k papers).
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from cachefixtures import REPO, copy_kb, generate_kb
from typer.testing import CliRunner

from neurokb.cache.open import open_kb, open_reader
from neurokb.cite import format_reference as citation
from neurokb.cli.app import app
from neurokb.core.errors import NeuroKBError
from neurokb.core.kb import KnowledgeBase
from neurokb.core.models import Paper
from neurokb.core.papertype import PaperType
from neurokb.core.serialize import paper_detail, topic_detail
from neurokb.load.loader import load_kb
from neurokb.search import Filters, SortBy, list_papers, parse_years, search

QUERIES = [
    "spiking", "hebbian learning", "plastic*", "memory*", '"place cells"', '"feedback alignment"',
    "the", "a model of", "toward theory", "credit assignment", "hopfield 1982",
    "topic:memory", "topic:hebbian-learning learning", "topic:Hebb's rule", "venue:nature",
    "year:2016..2018 learning", "year:..1990", "type:preprint", "type:article network",
    "author:zenke", "author:ba", "author:lillicrap credit", "doi:10.1162/neco_a_01086",
    "xyzzy", "learning xyzzy", "zenke2018superspike",
]  # fmt: skip


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return generate_kb(tmp_path_factory.mktemp("gen") / "kb", 1000)


@pytest.fixture(scope="module")
def shipped(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return copy_kb(REPO, tmp_path_factory.mktemp("shipped") / "kb")


@pytest.fixture(params=["shipped", "generated"])
def root(request: pytest.FixtureRequest) -> Path:
    return request.getfixturevalue(request.param)


def _titles(kb: KnowledgeBase) -> list[str]:
    """Queries made of real titles: the exact-title rule must agree too."""
    return [kb.papers[key].title for key in sorted(kb.papers)[:: max(1, len(kb.papers) // 5)]]


def test_warm_knowledge_base_equals_a_cold_load(root: Path) -> None:
    cold = load_kb(root)
    for _ in range(2):  # the first builds the index, the second restores from it
        warm = open_kb(root)
        assert warm.papers == cold.papers
        assert warm.topics == cold.topics
        assert warm.problems == cold.problems
        assert [s.path for s in warm.sources.values()] == [s.path for s in cold.sources.values()]


def test_index_search_ranks_like_the_in_memory_search(root: Path) -> None:
    cold = load_kb(root)
    reader = open_reader(root)
    assert reader is not None
    for query in QUERIES + _titles(cold):
        try:
            expected = search(cold, query)
        except NeuroKBError:  # a filter names nothing: the index defers, the KB explains
            assert reader.find(query) is None, query
            continue
        assert (reader.find(query) or (0, None))[1] == expected, query
        assert reader.misspelt(query) == _misspelt(cold, query)


def _misspelt(kb: KnowledgeBase, query: str) -> dict[str, list[str]]:
    from neurokb.search import misspelt

    return misspelt(kb, query)


LISTINGS = [
    Filters(), Filters(topics=("memory",)), Filters(topics=("Hebb's rule",)),
    Filters(authors=("ba",)), Filters(years=parse_years("2016..2018"), venues=("nature",)),
    Filters(types=(PaperType.PREPRINT,)), Filters(topics=("no-such-topic",)),
    # one topic (read from its own rows), a family with subtopics, two topics (both hold)
    Filters(topics=("spiking-neural-networks",)), Filters(topics=("neuron-level",)),
    Filters(topics=("learning-rules", "memory")),
    Filters(topics=("memory",), years=parse_years("2010..")),
]  # fmt: skip


def test_index_listing_orders_like_the_in_memory_list(root: Path) -> None:
    cold = load_kb(root)
    reader = open_reader(root)
    assert reader is not None
    for filters in LISTINGS:
        for by in SortBy:
            for reverse in (False, True):
                try:
                    expected = [p.key for p in list_papers(cold, filters, by, reverse)]
                except NeuroKBError:
                    assert reader.listing(filters, by.value, reverse) is None
                    continue
                total = len(expected)
                assert reader.listing(filters, by.value, reverse) == (total, expected), filters
                for limit in (1, 7):  # only the rows shown are fetched: the same first ones
                    found = reader.listing(filters, by.value, reverse, limit)
                    assert found == (total, expected[:limit]), (filters, by, reverse, limit)


def test_index_detail_equals_the_show_json(root: Path) -> None:
    cold = load_kb(root)
    reader = open_reader(root)
    assert reader is not None
    keys = sorted(cold.papers)[:: max(1, len(cold.papers) // 40)]
    for key in keys:
        paper = cold.papers[key]
        expected = json.loads(json.dumps(paper_detail(cold, paper, citation(paper)), default=str))
        assert reader.detail(key) == expected, key
    for topic in cold.topics.values():
        expected = json.loads(json.dumps(topic_detail(cold, topic), default=str))
        assert reader.detail(topic.id) == expected, topic.id
    assert reader.detail("no-such-key") is None


@pytest.mark.parametrize(
    "args",
    [
        ["show", "zenke2018superspike", "--json"],
        ["show", "hebbian-learning", "--json"],
        ["search", "spiking", "plastic*", "--json"],
        ["search", "author:zenke", "--json", "--limit", "3"],
        ["search", "hopfeld", "--json"],
        ["show", "zenke2018superspik"],
        ["show", "zenke2018superspike"],
        ["show", "hebbian-learning"],
        ["show", "learning-rules"],  # its narrative cites by [@key]
        ["search", "spiking", "--limit", "3"],
        ["list", "--json"],
        ["list", "--topic", "memory", "--sort", "title", "--reverse", "--json"],
        ["list", "--author", "zenke", "--year", "2010..", "--sort", "cited"],
        ["list", "--topic", "no-such-topic"],
        ["list", "--venue", "nature", "--limit", "2"],
        ["cite", "zenke2018superspike", "hopfield1982neural", "--json"],
    ],
)
def test_cli_answers_the_same_with_and_without_the_cache(shipped: Path, args: list[str]) -> None:
    runner = CliRunner()
    cold = runner.invoke(app, ["--kb", str(shipped), "--no-cache", *args])
    for _ in range(2):
        warm = runner.invoke(app, ["--kb", str(shipped), *args])
        assert (warm.exit_code, warm.stdout) == (cold.exit_code, cold.stdout)


@pytest.mark.parametrize("args", [["show", "zenke2018superspike", "--json"],
                                  ["search", "spiking", "author:zenke", "--json"]])  # fmt: skip
def test_warm_fast_paths_do_not_import_the_models(shipped: Path, args: list[str]) -> None:
    command = [sys.executable, "-X", "importtime", "-m", "neurokb", "--kb", str(shipped), *args]
    subprocess.run(command, capture_output=True, check=True)  # warm the index
    result = subprocess.run(command, capture_output=True, text=True, check=True)
    imported = {line.rsplit("|", 1)[-1].strip() for line in result.stderr.splitlines()}
    assert not imported & {"neurokb.core.models", "numpy", "networkx", "matplotlib", "yaml"}
    assert json.loads(result.stdout)


def test_no_cache_never_writes_an_index(tmp_path: Path) -> None:
    root = copy_kb(REPO, tmp_path / "kb")
    result = CliRunner().invoke(
        app, ["--kb", str(root), "--no-cache", "show", "zenke2018superspike"]
    )
    assert result.exit_code == 0
    assert not (root / ".neurokb-cache").exists()
    assert isinstance(open_kb(root, use_cache=False).papers["zenke2018superspike"], Paper)
