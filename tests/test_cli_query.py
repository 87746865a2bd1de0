"""The query commands as a user runs them: exit codes, stdout (tables or one JSON document) and
stderr (warnings, errors, hints), each asserted separately; JSON shapes are pinned here."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import networkx as nx
import pytest
from kbfixtures import mini_kb
from typer.testing import CliRunner

from neurokb.cli.app import app
from neurokb.core.serialize import PAPER_ITEM_FIELDS

runner = CliRunner()
PAPER_ITEM = list(PAPER_ITEM_FIELDS)


@pytest.fixture(scope="module")
def root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return mini_kb(tmp_path_factory.mktemp("mini"))


def run(root: Path, *args: str) -> Any:
    return runner.invoke(app, ["--kb", str(root), *args], catch_exceptions=False)


def run_json(root: Path, *args: str) -> Any:
    result = run(root, *args, "--json")
    assert result.exit_code == 0, result.stderr
    assert result.stderr == ""
    return json.loads(result.stdout)


# -- search --------------------------------------------------------------------------------------
def test_search_json_shape(root: Path) -> None:
    data = run_json(root, "search", "spiking", "plasticity", "--limit", "1")
    assert list(data) == ["query", "total", "results"]
    assert data["query"] == "spiking plasticity"
    assert data["total"] == 2 and len(data["results"]) == 1
    item = data["results"][0]
    assert list(item) == [*PAPER_ITEM, "score", "matched"]
    assert item["key"] == "zenke2015diverse"
    assert isinstance(item["score"], float)
    assert item["matched"] == ["title", "topics", "summary"]


def test_search_exact_title_first(root: Path) -> None:
    title = "SuperSpike: Supervised learning in multilayer spiking neural networks"
    data = run_json(root, "search", title)
    assert data["results"][0]["key"] == "zenke2018superspike"


def test_search_table_on_stdout(root: Path) -> None:
    result = run(root, "search", "hebbian", "-n", "2")
    assert result.exit_code == 0
    assert "hebb1949organization" in result.stdout or "oja1982simplified" in result.stdout
    assert "score" in result.stdout
    assert "showing 2 of 4 papers" in result.stderr


def test_search_fielded_words_keep_their_spaces(root: Path) -> None:
    data = run_json(root, "search", "author:van rossum")  # the shell removed the quotes
    assert [r["key"] for r in data["results"]] == ["vanrossum2001novel"]


def test_search_nothing_found_exits_1(root: Path) -> None:
    result = run(root, "search", "zzzqqq")
    assert result.exit_code == 1
    assert result.stdout == ""
    assert "error: no papers match 'zzzqqq'" in result.stderr
    data = json.loads(run(root, "search", "zzzqqq", "--json").stdout)
    assert data == {"query": "zzzqqq", "total": 0, "results": []}


def test_search_notes_words_no_paper_contains(root: Path) -> None:
    result = run(root, "search", "hopfeld", "attractors")
    assert result.exit_code == 0
    assert "hopfield1982neural" in result.stdout
    assert "note: no paper contains 'hopfeld' (did you mean hopfield?)" in result.stderr


def test_search_malformed_field_exits_1_with_hint(root: Path) -> None:
    result = run(root, "search", "year:abc")
    assert result.exit_code == 1
    assert result.stdout == ""
    assert "error: 'abc' is not a year or a range of years" in result.stderr
    assert "hint: write a year or a range" in result.stderr


def test_search_without_query_is_a_usage_error(root: Path) -> None:
    result = run(root, "search")
    assert result.exit_code == 2
    assert "Missing argument" in result.stderr


# -- list ------------------------------------------------------------------------------------------
def test_list_json_shape_and_filters(root: Path) -> None:
    data = run_json(root, "list", "--topic", "memory", "--year", "2019..", "--sort", "year")
    assert list(data) == ["filters", "sort", "reverse", "total", "results"]
    assert data["filters"] == {
        "topics": ["memory"], "authors": [], "years": "2019..", "types": [], "venues": [],
        "dois": [], "arxivs": [],
    }  # fmt: skip
    assert data["sort"] == "year" and data["reverse"] is False
    assert [r["key"] for r in data["results"]] == [
        "alpha2019first", "beta2019second", "muller2020model",
    ]  # fmt: skip
    assert list(data["results"][0]) == PAPER_ITEM


def test_list_sort_cited_and_author(root: Path) -> None:
    data = run_json(root, "list", "--sort", "cited", "-n", "1")
    assert data["results"][0]["key"] == "hebb1949organization" and data["total"] == 10
    data = run_json(root, "list", "--author", "zenke", "--type", "article")
    assert [r["key"] for r in data["results"]] == ["zenke2015diverse", "zenke2018superspike"]


def test_list_table_shows_cited_counts_when_sorted_by_them(root: Path) -> None:
    result = run(root, "list", "--sort", "cited", "-n", "3")
    assert result.exit_code == 0
    assert "cited by" in result.stdout and "hebb1949organization" in result.stdout
    assert "showing 3 of 10 papers" in result.stderr


def test_list_bad_year_is_a_usage_error(root: Path) -> None:
    result = run(root, "list", "--year", "20x")
    assert result.exit_code == 2
    assert "'20x' is not a year" in result.stderr
    assert result.stdout == ""


def test_list_bad_sort_is_a_usage_error(root: Path) -> None:
    result = run(root, "list", "--sort", "popularity")
    assert result.exit_code == 2


def test_list_unknown_topic_suggests(root: Path) -> None:
    result = run(root, "list", "--topic", "hebbian-lerning")
    assert result.exit_code == 1
    assert "error: no topic with key 'hebbian-lerning'" in result.stderr
    assert "did you mean hebbian-learning?" in result.stderr


def test_list_nothing_found_exits_1(root: Path) -> None:
    result = run(root, "list", "--year", "1900")
    assert result.exit_code == 1
    assert "no papers match these filters" in result.stderr


# -- show ------------------------------------------------------------------------------------------
def test_show_paper_json_adds_cited_by_and_citation(root: Path) -> None:
    data = run_json(root, "show", "hebb1949organization")
    assert data["cited_by"] == [
        "hopfield1982neural", "oja1982simplified", "zenke2015diverse", "miconi2018differentiable",
    ]  # fmt: skip
    assert data["citation"].startswith("Hebb, D. O. (1949).")  # the formatter's own tests pin
    assert "organization of behavior" in data["citation"]  # the rest of the APA form
    assert list(data)[: len(PAPER_ITEM)] == PAPER_ITEM


def test_show_topic_json_adds_subtopics_and_papers(root: Path) -> None:
    data = run_json(root, "show", "synaptic-plasticity")
    assert data["subtopics"] == ["hebbian-learning"]
    assert data["papers"] == ["zenke2015diverse", "zenke2018superspike"]
    assert list(data)[:3] == ["id", "name", "parents"]


def test_show_paper_panel(root: Path) -> None:
    result = run(root, "show", "hebb1949organization")
    assert result.exit_code == 0
    for text in ("The organization of behavior", "cited by", "oja1982simplified"):
        assert text in result.stdout


def test_show_unknown_key_suggests(root: Path) -> None:
    result = run(root, "show", "hebb1949organisation")
    assert result.exit_code == 1
    assert result.stdout == ""
    assert "did you mean hebb1949organization?" in result.stderr


# -- related, path, reading-list, stats -----------------------------------------------------------
def test_related_json_shape(root: Path) -> None:
    data = run_json(root, "related", "zenke2018superspike", "-n", "2")
    assert list(data) == ["key", "results"]
    assert len(data["results"]) == 2
    first = data["results"][0]
    assert list(first) == [*PAPER_ITEM, "score", "reasons"]
    assert first["key"] == "zenke2015diverse"
    assert "cited by zenke2018superspike" in first["reasons"]


def test_related_table_and_unknown_key(root: Path) -> None:
    result = run(root, "related", "oja1982simplified")
    assert result.exit_code == 0 and "both cite" in result.stdout
    result = run(root, "related", "oja1982simplifed")
    assert result.exit_code == 1
    assert "did you mean oja1982simplified?" in result.stderr


def test_path_json_shape(root: Path) -> None:
    data = run_json(root, "path", "hebbian-learning", "hopfield1982neural")
    assert list(data) == ["from", "to", "text", "hops"]
    assert data["from"] == "topic:hebbian-learning" and data["to"] == "paper:hopfield1982neural"
    assert data["text"] == "Hebbian learning <-about- Hebb 1949 <-cites- Hopfield 1982"
    assert data["hops"][0] == {
        "node": "topic:hebbian-learning", "kind": "topic", "id": "hebbian-learning",
        "label": "Hebbian learning", "edge": None, "direction": None,
    }  # fmt: skip
    assert [(h["edge"], h["direction"]) for h in data["hops"][1:]] == [
        ("about", "backward"), ("cites", "backward"),
    ]  # fmt: skip


def test_path_table_labels_hops(root: Path) -> None:
    result = run(root, "path", "hebbian-learning", "hopfield1982neural")
    assert result.exit_code == 0
    assert "Hebbian learning <-about- Hebb 1949 <-cites- Hopfield 1982" in result.stdout
    assert "<-cites-" in result.stdout.splitlines()[-1]


def test_path_unknown_node(root: Path) -> None:
    result = run(root, "path", "author:zenke-g", "hebbian-learning")
    assert result.exit_code == 1
    assert "no author 'zenke-g'" in result.stderr
    assert "did you mean author:zenke-f?" in result.stderr


def test_reading_list_json_shape(root: Path) -> None:
    data = run_json(root, "reading-list", "hebbian-learning")
    assert list(data) == ["topic", "total", "results"]
    assert data["topic"] == {
        "id": "hebbian-learning", "name": "Hebbian learning", "parents": ["synaptic-plasticity"],
    }  # fmt: skip
    results = data["results"]
    assert list(results[0]) == [*PAPER_ITEM, "position", "builds_on"]
    assert [(r["position"], r["key"]) for r in results] == [
        (1, "hebb1949organization"), (2, "oja1982simplified"), (3, "miconi2018differentiable"),
    ]  # fmt: skip
    assert results[2]["builds_on"] == ["hebb1949organization", "oja1982simplified"]


def test_reading_list_table(root: Path) -> None:
    result = run(root, "reading-list", "memory", "-n", "2")
    assert result.exit_code == 0
    assert "Reading list: Memory" in result.stdout and "builds on" in result.stdout
    assert "showing 2 of 4 papers" in result.stderr


def test_stats_json_and_table(root: Path) -> None:
    data = run_json(root, "stats", "-n", "2")
    assert list(data) == [
        "counts", "papers_per_year", "papers_per_type", "top_topics", "top_authors",
        "central_papers", "papers_per_topic", "mean_cites_per_paper", "identifier_share",
    ]  # fmt: skip
    assert list(data["identifier_share"]) == ["doi", "arxiv", "pmid", "any"]
    assert list(data["papers_per_topic"]["memory"]) == ["papers", "with_subtopics"]
    assert list(data["central_papers"][0]) == ["key", "title", "year", "pagerank", "cited_by"]
    assert list(data["top_authors"][0]) == ["id", "name", "papers"]
    assert list(data["top_topics"][0]) == ["id", "name", "papers", "with_subtopics"]
    assert data["papers_per_year"]["1949"] == 1  # JSON object keys are strings
    result = run(root, "stats")
    assert result.exit_code == 0
    assert "Papers per year" in result.stdout and "Friedemann Zenke" in result.stdout
    assert "Papers per topic" in result.stdout and "cites links per paper" in result.stdout


# -- graph export ----------------------------------------------------------------------------------
def test_graph_export_graphml_file_round_trips(root: Path, tmp_path: Path) -> None:
    out = tmp_path / "kb.graphml"
    result = run(root, "graph", "export", "--format", "graphml", "-o", str(out), "--json")
    assert result.exit_code == 0
    summary = json.loads(result.stdout)
    assert summary == {"format": "graphml", "path": str(out), "nodes": summary["nodes"],
                       "edges": summary["edges"]}  # fmt: skip
    graph = nx.read_graphml(out, force_multigraph=True)
    assert graph.number_of_nodes() == summary["nodes"]
    assert graph.number_of_edges() == summary["edges"]
    assert graph.nodes["topic:hebbian-learning"]["label"] == "Hebbian learning"
    kinds = {(u, v, k) for u, v, k in graph.edges(data="kind")}
    assert ("paper:hopfield1982neural", "paper:hebb1949organization", "cites") in kinds
    assert [p.name for p in out.parent.iterdir()] == ["kb.graphml"]  # no temp file left


def test_graph_export_to_stdout(root: Path) -> None:
    result = run(root, "graph", "export", "-f", "dot", "-k", "topic")
    assert result.exit_code == 0
    assert result.stdout.startswith("digraph neurokb {")
    assert '"topic:hebbian-learning" -> "topic:synaptic-plasticity"' in result.stdout
    assert "paper:" not in result.stdout
    data = json.loads(run(root, "graph", "export", "-f", "json").stdout)
    assert {"nodes", "edges"} <= set(data)


def test_graph_export_json_summary_needs_a_file(root: Path) -> None:
    result = run(root, "graph", "export", "--json")
    assert result.exit_code == 2
    assert "give -o FILE" in result.stderr and result.stdout == ""


def test_graph_export_unknown_format_is_a_usage_error(root: Path) -> None:
    assert run(root, "graph", "export", "-f", "pdf").exit_code == 2


# -- the shipped knowledge base --------------------------------------------------------------------
def test_every_command_answers_on_the_shipped_kb(repo_root: Path) -> None:
    def ok(*args: str) -> Any:
        result = runner.invoke(app, ["--kb", str(repo_root), *args, "--json"])
        assert result.exit_code == 0, (args, result.stderr)
        return json.loads(result.stdout)

    title = "SuperSpike: Supervised learning in multilayer spiking neural networks"
    assert ok("search", title)["results"][0]["key"] == "zenke2018superspike"
    assert ok("list", "--topic", "credit-assignment")["total"] >= 3
    assert ok("related", "lillicrap2016random")["results"]
    hops = ok("path", "hebbian-learning", "zenke2018superspike")["hops"]
    assert hops[0]["label"] == "Hebbian learning" and hops[-1]["id"] == "zenke2018superspike"
    assert ok("reading-list", "credit-assignment")["results"][0]["builds_on"] == []
    assert ok("stats")["counts"]["papers"] > 50
    assert ok("show", "hopfield1982neural")["cited_by"]


@pytest.mark.parametrize(
    "command",
    [["search"], ["list"], ["related"], ["path"], ["reading-list"], ["stats"], ["graph", "export"]],
)
def test_every_query_command_has_help_with_an_example(command: list[str]) -> None:
    result = runner.invoke(app, [*command, "--help"], env={"COLUMNS": "100"})
    assert result.exit_code == 0
    assert "--json" in result.stdout and "Usage: neurokb" in result.stdout
    if command != ["stats"]:
        assert "Example: neurokb" in result.stdout
