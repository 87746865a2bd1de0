"""Graph export for Gephi, Cytoscape, Graphviz and scripts: streamed, one writer per format.

The exported graph is the one :func:`neurokb.graph.build.iter_nodes` and
:func:`~neurokb.graph.build.iter_edges` define, exactly as :func:`~neurokb.graph.build.build_graph`
makes it: node ids are ``str(NodeKey)`` ("paper:hopfield1982neural"), nodes carry ``kind``,
``label`` and (papers) ``year``; an edge carries its ``kind``, which is also its multigraph key,
so a repeated (source, kind, target) is one edge.

Why streamed: at 100k papers the graph has 1.5 million edges. Building the NetworkX graph, a
flat copy of it and then NetworkX's XML document took 5.8 GB; here each node and edge is
written to the output stream as it comes, and what is kept is one small entry per node (its
quoted id) and one integer per edge (to drop repeats). NetworkX reads every format back
(``read_graphml(..., force_multigraph=True)``, ``read_gexf``, ``node_link_graph(data,
edges="edges")``), which the tests check against ``build_graph``.

- ``graphml``/``gexf``: the layout NetworkX writes (GEXF keeps the edge key as the
  ``networkx_key`` attribute, which ``read_gexf`` turns back into the key). Text is escaped
  for XML; characters XML 1.0 cannot hold (control characters, lone surrogates) become U+FFFD.
- ``json``: node-link data (``nodes``; ``edges`` with ``source``, ``target``, ``key``), the
  format d3 and ``networkx.node_link_graph`` read; one node or edge per line.
- ``dot``: Graphviz; ids and labels are quoted and escaped.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping
from typing import NamedTuple, TextIO

from neurokb.graph.keys import EdgeKind, NodeKey, NodeKind

Node = tuple[NodeKey, Mapping[str, object]]
Edge = tuple[NodeKey, EdgeKind, NodeKey]

# The node attributes iter_nodes gives and their GraphML/GEXF types. XML formats declare
# attributes before the first node, which a stream cannot look ahead to find, so they are
# declared here and a node with any other attribute is refused (not silently dropped).
NODE_ATTRIBUTES = {"kind": "string", "label": "string", "year": "long"}
GRAPH_NAME = "neurokb"


class Written(NamedTuple):
    nodes: int
    edges: int


class GraphFormat:
    """One output format: text around the nodes and edges, and the text of each.

    ``quote`` turns an id or a value into the format's literal for it; the ids of nodes and
    the edge kinds are quoted once and handed back to :meth:`edge` already quoted.
    """

    def quote(self, text: str) -> str:
        raise NotImplementedError

    def head(self) -> str:
        return ""

    def node(self, index: int, ident: str, attrs: Mapping[str, object]) -> str:
        raise NotImplementedError

    def middle(self) -> str:
        return ""

    def edge(self, index: int, source: str, target: str, kind: str) -> str:
        raise NotImplementedError

    def tail(self) -> str:
        return ""


# -- XML ---------------------------------------------------------------------------------------
_XML_SPECIAL = re.compile('[&<>"\x00-\x1f\ud800-\udfff\ufffe\uffff]')
_XML_ENTITIES = {"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;",
                 "\t": "&#9;", "\n": "&#10;", "\r": "&#13;"}  # fmt: skip


def xml_text(value: object) -> str:
    """``value`` as XML character data or attribute text (quotes, tabs and line ends kept)."""
    text = str(value)
    if _XML_SPECIAL.search(text) is None:
        return text
    return _XML_SPECIAL.sub(lambda m: _XML_ENTITIES.get(m.group(), "\ufffd"), text)


_XML_DECLARATION = "<?xml version='1.0' encoding='utf-8'?>\n"
_XSI = "http://www.w3.org/2001/XMLSchema-instance"


# GraphML key ids: d0 the graph's name, then the node attributes, then the edge's kind.
_GRAPHML_NODE_KEYS = {name: f"d{i}" for i, name in enumerate(NODE_ATTRIBUTES, start=1)}
_GRAPHML_EDGE_KEY = f"d{len(NODE_ATTRIBUTES) + 1}"


class GraphML(GraphFormat):
    _GRAPHML = "http://graphml.graphdrawing.org/xmlns"

    def quote(self, text: str) -> str:
        return xml_text(text)

    def head(self) -> str:
        keys = [
            '  <key id="d0" for="graph" attr.name="name" attr.type="string" />',
            *(
                f'  <key id="{key}" for="node" attr.name="{name}" '
                f'attr.type="{NODE_ATTRIBUTES[name]}" />'
                for name, key in _GRAPHML_NODE_KEYS.items()
            ),
            f'  <key id="{_GRAPHML_EDGE_KEY}" for="edge" attr.name="kind" attr.type="string" />',
        ]
        return (
            f'{_XML_DECLARATION}<graphml xmlns="{self._GRAPHML}" xmlns:xsi="{_XSI}" '
            f'xsi:schemaLocation="{self._GRAPHML} {self._GRAPHML}/1.0/graphml.xsd">\n'
            + "\n".join(keys)
            + f'\n  <graph edgedefault="directed">\n    <data key="d0">{GRAPH_NAME}</data>\n'
        )

    def node(self, index: int, ident: str, attrs: Mapping[str, object]) -> str:
        data = "".join(
            f'      <data key="{_GRAPHML_NODE_KEYS[name]}">{xml_text(value)}</data>\n'
            for name, value in attrs.items()
        )
        return f'    <node id="{ident}">\n{data}    </node>\n'

    def edge(self, index: int, source: str, target: str, kind: str) -> str:
        return (
            f'    <edge source="{source}" target="{target}" id="{kind}">\n'
            f'      <data key="{_GRAPHML_EDGE_KEY}">{kind}</data>\n    </edge>\n'
        )

    def tail(self) -> str:
        return "  </graph>\n</graphml>\n"


# GEXF attribute ids: the node attributes but the label (GEXF gives nodes a label of their own),
# then the edge's kind and its key, under the name NetworkX's reader takes as the key.
_GEXF_NODE_IDS = {name: str(i) for i, name in enumerate(n for n in NODE_ATTRIBUTES if n != "label")}
_GEXF_EDGE_KIND, _GEXF_EDGE_KEY = str(len(_GEXF_NODE_IDS)), str(len(_GEXF_NODE_IDS) + 1)


class GEXF(GraphFormat):
    _GEXF = "http://www.gexf.net/1.2draft"

    def quote(self, text: str) -> str:
        return xml_text(text)

    def head(self) -> str:
        node_attributes = "".join(
            f'      <attribute id="{ident}" title="{name}" type="{NODE_ATTRIBUTES[name]}" />\n'
            for name, ident in _GEXF_NODE_IDS.items()
        )
        return (
            f'{_XML_DECLARATION}<gexf xmlns="{self._GEXF}" xmlns:xsi="{_XSI}" '
            f'xsi:schemaLocation="{self._GEXF} {self._GEXF}/gexf.xsd" version="1.2">\n'
            "  <meta>\n    <creator>neurokb</creator>\n  </meta>\n"
            f'  <graph defaultedgetype="directed" mode="static" name="{GRAPH_NAME}">\n'
            f'    <attributes mode="static" class="node">\n{node_attributes}    </attributes>\n'
            '    <attributes mode="static" class="edge">\n'
            f'      <attribute id="{_GEXF_EDGE_KIND}" title="kind" type="string" />\n'
            f'      <attribute id="{_GEXF_EDGE_KEY}" title="networkx_key" type="string" />\n'
            "    </attributes>\n    <nodes>\n"
        )

    def node(self, index: int, ident: str, attrs: Mapping[str, object]) -> str:
        label = xml_text(attrs["label"]) if "label" in attrs else ident
        values = "".join(
            f'          <attvalue for="{_GEXF_NODE_IDS[name]}" value="{xml_text(value)}" />\n'
            for name, value in attrs.items()
            if name != "label"
        )
        return (
            f'      <node id="{ident}" label="{label}">\n'
            f"        <attvalues>\n{values}        </attvalues>\n      </node>\n"
        )

    def middle(self) -> str:
        return "    </nodes>\n    <edges>\n"

    def edge(self, index: int, source: str, target: str, kind: str) -> str:
        return (
            f'      <edge source="{source}" target="{target}" id="{index}">\n'
            "        <attvalues>\n"
            f'          <attvalue for="{_GEXF_EDGE_KIND}" value="{kind}" />\n'
            f'          <attvalue for="{_GEXF_EDGE_KEY}" value="{kind}" />\n'
            "        </attvalues>\n      </edge>\n"
        )

    def tail(self) -> str:
        return "    </edges>\n  </graph>\n</gexf>\n"


# -- node-link JSON ----------------------------------------------------------------------------
def _scalar(value: object) -> str | int | float | bool:
    if isinstance(value, bool | int | float):
        return value
    return str(value)


class NodeLinkJSON(GraphFormat):
    def quote(self, text: str) -> str:
        return json.dumps(text, ensure_ascii=False)

    def head(self) -> str:
        graph = json.dumps({"name": GRAPH_NAME})
        return f'{{"directed": true, "multigraph": true, "graph": {graph},\n "nodes": [\n'

    def node(self, index: int, ident: str, attrs: Mapping[str, object]) -> str:
        values = "".join(
            f", {self.quote(name)}: {json.dumps(_scalar(value), ensure_ascii=False)}"
            for name, value in attrs.items()
        )
        separator = ",\n" if index else ""
        return f'{separator}  {{"id": {ident}{values}}}'

    def middle(self) -> str:
        return '\n ],\n "edges": [\n'

    def edge(self, index: int, source: str, target: str, kind: str) -> str:
        separator = ",\n" if index else ""
        return f'{separator}  {{"source": {source}, "target": {target}, "key": {kind}, "kind": {kind}}}'

    def tail(self) -> str:
        return "\n ]}\n"


# -- Graphviz DOT ------------------------------------------------------------------------------
_SHAPES = {"paper": "box", "topic": "ellipse", "author": "plaintext", "venue": "hexagon",
           "algorithm": "component"}  # fmt: skip


_DOT_ESCAPES = str.maketrans({"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r"})


def _dot_quote(value: object) -> str:
    """A DOT string; line ends become Graphviz's ``\\n`` and ``\\r`` line breaks."""
    return f'"{str(value).translate(_DOT_ESCAPES)}"'


class DOT(GraphFormat):
    """Graphviz DOT; render with ``dot -Tsvg`` (large graphs: ``sfdp``)."""

    def quote(self, text: str) -> str:
        return _dot_quote(text)

    def head(self) -> str:
        return f"digraph {GRAPH_NAME} {{\n  node [fontname=Helvetica];\n"

    def node(self, index: int, ident: str, attrs: Mapping[str, object]) -> str:
        shape = _SHAPES.get(str(attrs.get("kind")), "ellipse")
        values = [f"{name}={_dot_quote(value)}" for name, value in attrs.items()]
        values.append(f"shape={_dot_quote(shape)}")
        return f"  {ident} [{', '.join(values)}];\n"

    def edge(self, index: int, source: str, target: str, kind: str) -> str:
        return f"  {source} -> {target} [kind={kind}, label={kind}];\n"

    def tail(self) -> str:
        return "}\n"


FORMATS: dict[str, GraphFormat] = {
    "graphml": GraphML(),
    "gexf": GEXF(),
    "json": NodeLinkJSON(),
    "dot": DOT(),
}


def write_graph(
    nodes: Iterable[Node],
    edges: Iterable[Edge],
    fmt: str,
    out: TextIO,
    kinds: Iterable[NodeKind] | None = None,
) -> Written:
    """Write the graph of ``nodes`` and ``edges`` to ``out`` in format ``fmt``, as they come.

    ``kinds`` keeps only those node kinds and the edges between them. Every node must come
    before the edges, and an edge may only join nodes that came (``ValueError`` otherwise).
    """
    writer = FORMATS[fmt]
    keep = frozenset(kinds or NodeKind)
    write = out.write
    write(writer.head())
    ids: dict[NodeKey, tuple[int, str]] = {}  # node -> (number, quoted id)
    for node, attrs in nodes:
        if node.kind not in keep or node in ids:
            continue
        if not attrs.keys() <= NODE_ATTRIBUTES.keys():
            unknown = ", ".join(sorted(attrs.keys() - NODE_ATTRIBUTES.keys()))
            raise ValueError(f"node {node} has attributes the export does not declare: {unknown}")
        number, ident = len(ids), writer.quote(str(node))
        write(writer.node(number, ident, attrs))
        ids[node] = (number, ident)
    write(writer.middle())
    quoted = {kind: (number, writer.quote(kind.value)) for number, kind in enumerate(EdgeKind)}
    stride = len(ids) * len(quoted)
    seen: set[int] = set()  # one int per edge: (source, target, kind) numbered
    for source, kind, target in edges:
        if source.kind not in keep or target.kind not in keep:
            continue
        try:
            (s, source_id), (t, target_id) = ids[source], ids[target]
        except KeyError:
            raise ValueError(f"edge {source} -{kind}-> {target} joins a node not given") from None
        k, kind_id = quoted[kind]
        edge = s * stride + t * len(quoted) + k
        if edge not in seen:
            write(writer.edge(len(seen), source_id, target_id, kind_id))
            seen.add(edge)
    write(writer.tail())
    return Written(len(ids), len(seen))
