"""Plain-data views of entries: the stable JSON shapes that ``--json`` prints and tests pin.

Every ``--json`` output is one JSON document on stdout. Fields are always present (null or []
when empty), so scripts never need ``.get``; new fields may be added, none are renamed.

Entries
- paper item: ``key, title, authors[{family, given, suffix?, literal?, orcid?}], year, type,
  venue, volume, issue, pages, doi, arxiv, pmid, url, topics, cites``;
- full paper: the item plus every other field of the entry (``month, publisher, editors, isbn,
  implementations, summary, abstract, notes, corrections[{field, source_value, value, source,
  note}], equations[{latex, caption}], added``);
- topic item: ``id, name, parents``; full topic adds ``aliases, related, summary``.

Commands (``neurokb ... --json``)
- ``show PAPER``: full paper + ``cited_by`` [keys, by year] + ``citation`` (the reference in the
  default style, APA, as plain text);
- ``show TOPIC``: full topic + ``subtopics`` [ids] + ``papers`` [keys of direct papers];
- ``search Q``: ``{query, total, results: [paper item + score (float), matched [field names:
  title key authors topics venue summary abstract]]}``; ``total`` counts all hits, ``results``
  holds at most ``--limit``;
- ``list``: ``{filters: {topics, authors, years ("2016..2018"|null), types, venues, dois,
  arxivs}, sort, reverse, total, results: [paper item]}``;
- ``related KEY``: ``{key, results: [paper item + score, reasons [text]]}``;
- ``path A B``: ``{from, to, text, hops: [{node "paper:x", kind, id, label, edge (edge kind or
  null for the first hop), direction ("forward": previous -edge-> node, "backward": node -edge->
  previous, null first)}]}``;
- ``reading-list TOPIC``: ``{topic: topic item, total, results: [paper item + position (1-based),
  builds_on [keys listed earlier that it cites]]}``;
- ``stats``: ``{counts: {papers, topics, authors, venues, algorithms, citations, problems},
  papers_per_year: {"1982": n}, papers_per_type: {type: n}, top_topics: [{id, name, papers,
  with_subtopics}], top_authors: [{id, name, papers}], central_papers: [{key, title, year,
  pagerank, cited_by}], papers_per_topic: {topic id: {papers, with_subtopics}} (every topic),
  mean_cites_per_paper (float), identifier_share: {doi, arxiv, pmid, any} (0 to 1)}``;
- ``graph export -o FILE --json``: ``{format, path, nodes, edges}``.

Edge kinds: cites, about, subtopic-of, related, authored-by, published-in, implements; node
kinds: paper, topic, author, venue, algorithm (see :mod:`neurokb.graph`).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # annotations only: the cached read paths use these shapes without models
    from neurokb.core.kb import KnowledgeBase
    from neurokb.core.models import Paper, Person, Topic
    from neurokb.graph.paths import Hop

PAPER_ITEM_FIELDS = (
    "key", "title", "authors", "year", "type", "venue", "volume", "issue", "pages",
    "doi", "arxiv", "pmid", "url", "topics", "cites",
)  # fmt: skip


def person_dict(person: Person | dict[str, Any]) -> dict[str, str]:
    """A person: family and given always, suffix, literal and ORCID only when set."""
    data = person if isinstance(person, dict) else person.model_dump(mode="json")
    out = {"family": data["family"], "given": data["given"]}
    for name in ("suffix", "literal", "orcid"):
        if data.get(name):
            out[name] = data[name]
    return out


# Each shape is written once, over the JSON form of an entry (``model_dump(mode="json")``):
# the index stores entries in that form and prints these shapes without building a model.
def item_of(data: dict[str, Any]) -> dict[str, Any]:
    """The paper item of an entry's JSON form."""
    item = {name: data.get(name) for name in PAPER_ITEM_FIELDS}
    item["authors"] = [person_dict(a) for a in data.get("authors") or ()]
    return item


def full_of(data: dict[str, Any]) -> dict[str, Any]:
    """The full paper of an entry's JSON form: item fields first, then every other field."""
    item = item_of(data)
    rest = {k: v for k, v in data.items() if k not in item}
    if "editors" in rest:
        rest["editors"] = [person_dict(e) for e in rest["editors"] or ()]
    return {**item, **rest}


def topic_full_of(data: dict[str, Any]) -> dict[str, Any]:
    """The full topic of a topic's JSON form: the item fields first."""
    item = {"id": data["id"], "name": data["name"], "parents": list(data.get("parents") or ())}
    return {**item, **{k: v for k, v in data.items() if k not in item}}


def paper_item(paper: Paper) -> dict[str, Any]:
    """The compact shape used in lists and search results."""
    return item_of(paper.model_dump(mode="json"))


def paper_full(paper: Paper) -> dict[str, Any]:
    """Every field of the entry, item fields first."""
    return full_of(paper.model_dump(mode="json"))


def topic_item(topic: Topic) -> dict[str, Any]:
    return {"id": topic.id, "name": topic.name, "parents": list(topic.parents)}


def topic_full(topic: Topic) -> dict[str, Any]:
    return topic_full_of(topic.model_dump(mode="json"))


# -- query results (``neurokb search/list/related/path/reading-list``) ---------------------------
def hit_item(paper: Paper, score: float, matched: Iterable[str]) -> dict[str, Any]:
    """A search result: the paper item plus ``score`` and the ``matched`` field names."""
    return {**paper_item(paper), "score": score, "matched": list(matched)}


def related_item(paper: Paper, score: float, reasons: Iterable[str]) -> dict[str, Any]:
    """A related paper: the paper item plus ``score`` and the ``reasons`` in words."""
    return {**paper_item(paper), "score": score, "reasons": list(reasons)}


def reading_item(paper: Paper, position: int, builds_on: Iterable[str]) -> dict[str, Any]:
    """A reading-list entry: the paper item plus its 1-based ``position`` and ``builds_on``."""
    return {**paper_item(paper), "position": position, "builds_on": list(builds_on)}


def hop_item(hop: Hop) -> dict[str, Any]:
    """One node of a path and the relation that led to it (null for the first node)."""
    return {
        "node": str(hop.node),
        "kind": hop.node.kind.value,
        "id": hop.node.id,
        "label": hop.label,
        "edge": hop.edge.value if hop.edge else None,
        "direction": hop.direction.value if hop.direction else None,
    }


def paper_detail(kb: KnowledgeBase, paper: Paper, citation: str) -> dict[str, Any]:
    """``neurokb show PAPER --json``: the full paper plus ``cited_by`` and ``citation``."""
    return {**paper_full(paper), "cited_by": list(kb.cited_by.get(paper.key, ())),
            "citation": citation}  # fmt: skip


def topic_detail(kb: KnowledgeBase, topic: Topic) -> dict[str, Any]:
    """``neurokb show TOPIC --json``: the full topic plus ``subtopics`` and direct ``papers``."""
    return {
        **topic_full(topic),
        "subtopics": list(kb.subtopics.get(topic.id, ())),
        "papers": list(kb.papers_by_topic.get(topic.id, ())),
    }
