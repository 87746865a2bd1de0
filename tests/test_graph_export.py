"""Graph export: every format read back gives exactly the graph build_graph gives.

GraphML, GEXF and node-link JSON are read back with NetworkX's own readers; DOT with a small
parser of the lines the writer emits (NetworkX needs pydot for DOT). The KBs are the mini KB,
the shipped one and a generated one; hand-made node and edge streams test escaping and the
rules of the stream (repeated edges, undeclared attributes, edges to unknown nodes).
"""

from __future__ import annotations

import io
import json
import re
import xml.etree.ElementTree as ET
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import networkx as nx
import pytest
from cachefixtures import generate_kb
from kbfixtures import load, mini_kb, write_paper, write_topic

from neurokb.core.kb import KnowledgeBase
from neurokb.graph import EdgeKind, NodeKey, NodeKind, build_graph
from neurokb.graph.build import iter_edges, iter_nodes
from neurokb.graph.export import FORMATS, Written, write_graph

Canonical = tuple[dict[str, dict[str, Any]], dict[tuple[str, str, str], dict[str, Any]]]


@pytest.fixture(scope="module")
def mini(tmp_path_factory: pytest.TempPathFactory) -> KnowledgeBase:
    return load(mini_kb(tmp_path_factory.mktemp("mini")))


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> KnowledgeBase:
    return load(generate_kb(tmp_path_factory.mktemp("gen") / "kb", 300, seed=5))


def expected(kb: KnowledgeBase, kinds: Iterable[NodeKind] = tuple(NodeKind)) -> Canonical:
    """build_graph(kb) with ids and values as text, the way a file holds them."""
    graph, keep = build_graph(kb), set(kinds)
    nodes = {
        str(node): {name: value if isinstance(value, int) else str(value)
                    for name, value in data.items()}
        for node, data in graph.nodes(data=True)
        if node.kind in keep
    }  # fmt: skip
    edges = {
        (str(u), str(v), key): {"kind": str(data["kind"])}
        for u, v, key, data in graph.edges(keys=True, data=True)
        if u.kind in keep and v.kind in keep
    }
    return nodes, edges


_QUOTED = r'"((?:[^"\\]|\\.)*)"'
_DOT_NODE = re.compile(rf"^  {_QUOTED} \[(.*)\];$")
_DOT_EDGE = re.compile(rf"^  {_QUOTED} -> {_QUOTED} \[(.*)\];$")
_DOT_ATTR = re.compile(rf"(\w+)={_QUOTED}")


def _undot(text: str) -> str:
    return re.sub(r"\\(.)", lambda m: {"n": "\n", "r": "\r"}.get(m[1], m[1]), text)


def read_dot(text: str) -> nx.MultiDiGraph:
    """The lines the DOT writer emits, as a graph (year back to int, shape dropped)."""
    graph = nx.MultiDiGraph()
    for line in text.splitlines():
        if edge := _DOT_EDGE.match(line):
            attrs = {k: _undot(v) for k, v in _DOT_ATTR.findall(edge[3])}
            assert attrs["label"] == attrs["kind"]
            graph.add_edge(_undot(edge[1]), _undot(edge[2]), key=attrs["kind"], kind=attrs["kind"])
        elif node := _DOT_NODE.match(line):
            attrs = {k: _undot(v) for k, v in _DOT_ATTR.findall(node[2])}
            attrs.pop("shape")
            if "year" in attrs:
                attrs["year"] = int(attrs["year"])
            graph.add_node(_undot(node[1]), **attrs)
    return graph


def read_back(fmt: str, text: str, tmp_path: Path) -> Canonical:
    """The exported text read by NetworkX (or :func:`read_dot`), in canonical form."""
    path = tmp_path / f"graph.{fmt}"
    path.write_text(text, encoding="utf-8")
    if fmt == "graphml":
        back = nx.read_graphml(path, force_multigraph=True)
    elif fmt == "gexf":
        back = nx.read_gexf(path)  # a DiGraph when no two edges share their ends
    elif fmt == "json":
        back = nx.node_link_graph(json.loads(path.read_text(encoding="utf-8")), edges="edges")
    else:
        back = read_dot(path.read_text(encoding="utf-8"))
    nodes = {node: dict(data) for node, data in back.nodes(data=True)}
    if back.is_multigraph():
        triples = back.edges(keys=True, data=True)
    else:
        triples = ((u, v, data["kind"], data) for u, v, data in back.edges(data=True))
    edges = {
        (u, v, key): {k: x for k, x in data.items() if k != "id"} for u, v, key, data in triples
    }
    return nodes, edges


def export(
    kb: KnowledgeBase, fmt: str, kinds: Iterable[NodeKind] | None = None
) -> tuple[str, Written]:
    out = io.StringIO()
    written = write_graph(iter_nodes(kb), iter_edges(kb), fmt, out, kinds)
    return out.getvalue(), written


@pytest.mark.parametrize("fmt", list(FORMATS))
@pytest.mark.parametrize("which", ["mini", "shipped_kb", "generated"])
def test_export_reads_back_as_build_graph(
    fmt: str, which: str, request: pytest.FixtureRequest, tmp_path: Path
) -> None:
    kb = request.getfixturevalue(which)
    text, written = export(kb, fmt)
    nodes, edges = expected(kb)
    assert read_back(fmt, text, tmp_path) == (nodes, edges)
    assert written == (len(nodes), len(edges))


@pytest.mark.parametrize("fmt", list(FORMATS))
def test_kinds_keep_those_nodes_and_the_edges_between_them(
    fmt: str, generated: KnowledgeBase, tmp_path: Path
) -> None:
    kinds = [NodeKind.PAPER, NodeKind.TOPIC]
    text, written = export(generated, fmt, kinds)
    nodes, edges = read_back(fmt, text, tmp_path)
    assert (nodes, edges) == expected(generated, kinds)
    assert {data["kind"] for data in nodes.values()} == {"paper", "topic"}
    assert {key for _, _, key in edges} >= {"cites", "about"}
    assert written == (len(nodes), len(edges))


@pytest.mark.parametrize("fmt", list(FORMATS))
def test_parallel_edges_and_repeated_items(fmt: str, tmp_path: Path) -> None:
    """A topic both under and related to another: two edges with their own keys; a citation
    or topic listed twice (warning NKB019) is one edge, as in build_graph."""
    root = tmp_path / "kb"
    write_topic(root, "broad")
    write_topic(root, "narrow", parents=["broad"], related=["broad"])
    write_paper(root, "a2020one", topics=["narrow", "narrow"])
    write_paper(root, "b2021two", topics=["broad"], cites=["a2020one", "a2020one"])
    kb = load(root)
    text, written = export(kb, fmt)
    nodes, edges = read_back(fmt, text, tmp_path)
    assert (nodes, edges) == expected(kb)
    assert {k for u, v, k in edges if (u, v) == ("topic:narrow", "topic:broad")} == {
        "subtopic-of",
        "related",
    }
    assert ("paper:b2021two", "paper:a2020one", "cites") in edges
    assert written.edges == len(edges) == build_graph(kb).number_of_edges()


AWKWARD = {
    "amp": "Tom & Jerry <3 > 2",
    "quotes": "say \"hi\" and 'bye'",
    "unicode": "Müller — 日本語 😀",
    "spaces": "tab\there, line\nbreak, return\rend",
    "backslash": "C:\\path\\ and \\n literally",
}


def awkward_nodes() -> list[tuple[NodeKey, dict[str, Any]]]:
    return [
        (NodeKey(NodeKind.TOPIC, f"t-{name}&<\"'>"), {"kind": NodeKind.TOPIC, "label": label})
        for name, label in AWKWARD.items()
    ]


@pytest.mark.parametrize("fmt", list(FORMATS))
def test_awkward_text_survives(fmt: str, tmp_path: Path) -> None:
    nodes = awkward_nodes()
    edges = [(nodes[0][0], EdgeKind.RELATED, nodes[1][0])]
    out = io.StringIO()
    write_graph(nodes, edges, fmt, out)
    back_nodes, back_edges = read_back(fmt, out.getvalue(), tmp_path)
    assert back_nodes == {str(n): {"kind": "topic", "label": a["label"]} for n, a in nodes}
    assert list(back_edges) == [(str(nodes[0][0]), str(nodes[1][0]), "related")]


@pytest.mark.parametrize("fmt", ["graphml", "gexf"])
def test_characters_xml_cannot_hold_become_replacement_characters(fmt: str, tmp_path: Path) -> None:
    label = "bell\x07 vertical\x0bform\x0c nul\x00 surrogate\ud800 end\uffff"
    nodes = [(NodeKey(NodeKind.TOPIC, "x\x01y"), {"kind": NodeKind.TOPIC, "label": label})]
    out = io.StringIO()
    write_graph(nodes, [], fmt, out)
    ET.fromstring(out.getvalue().encode("utf-8"))  # a strict parser accepts the document
    back, _ = read_back(fmt, out.getvalue(), tmp_path)
    assert back == {
        "topic:x\ufffdy": {
            "kind": "topic",
            "label": "bell\ufffd vertical\ufffdform\ufffd nul\ufffd surrogate\ufffd end\ufffd",
        }
    }


def test_repeated_edges_are_written_once() -> None:
    a, b = NodeKey.paper("a"), NodeKey.paper("b")
    nodes = [(a, {"kind": NodeKind.PAPER}), (b, {"kind": NodeKind.PAPER})]
    edges = [(a, EdgeKind.CITES, b), (b, EdgeKind.CITES, a), (a, EdgeKind.CITES, b)]
    out = io.StringIO()
    assert write_graph(nodes, edges, "dot", out) == Written(2, 2)
    assert out.getvalue().count(" -> ") == 2


def test_an_undeclared_node_attribute_is_refused() -> None:
    nodes = [(NodeKey.paper("a"), {"kind": NodeKind.PAPER, "colour": "red"})]
    with pytest.raises(ValueError, match="colour"):
        write_graph(nodes, [], "graphml", io.StringIO())


def test_an_edge_to_a_node_not_given_is_refused() -> None:
    a = NodeKey.paper("a")
    edges = [(a, EdgeKind.CITES, NodeKey.paper("ghost"))]
    with pytest.raises(ValueError, match="paper:ghost"):
        write_graph([(a, {"kind": NodeKind.PAPER})], edges, "json", io.StringIO())


def test_dot_quotes_and_escapes(tmp_path: Path) -> None:
    write_topic(tmp_path, "t", name='Say "hi"\\there')
    write_paper(tmp_path, "p2020x", topics=["t"])
    text, written = export(load(tmp_path), "dot")
    assert text.startswith("digraph neurokb {") and text.rstrip().endswith("}")
    assert '"topic:t" [kind="topic", label="Say \\"hi\\"\\\\there", shape="ellipse"];' in text
    assert '"paper:p2020x" -> "topic:t" [kind="about", label="about"];' in text
    assert text.count(" -> ") == written.edges


def test_xml_formats_declare_their_encoding_and_parse_strictly(shipped_kb: KnowledgeBase) -> None:
    for fmt in ("graphml", "gexf"):
        text, _ = export(shipped_kb, fmt)
        assert text.startswith("<?xml version='1.0' encoding='utf-8'?>\n"), fmt
        ET.fromstring(text.encode("utf-8"))


def test_cli_formats_are_the_writers() -> None:
    from neurokb.cli.commands.graph import Format

    assert [f.value for f in Format] == list(FORMATS)
