"""``related(kb, key)``: papers ranked by how much graph evidence ties them to one paper.

Evidence, and what each piece is worth:

- direct citation, either way: 3;
- co-citation (another paper cites both) and bibliographic coupling (both cite a third paper):
  2 per shared paper, divided by ``log2(1 + n)`` where n is how many papers that shared paper
  cites or is cited by, because being cited alongside a paper with a hundred references says
  little;
- shared authors: 1.5 per shared person (merged as in :mod:`neurokb.graph.names`);
- shared topics: 1 per topic, divided by ``log2(2 + n)`` for a topic with n papers, because
  sharing a niche topic means more than sharing a broad one.

Candidates are collected by walking out from the paper through its own citations, topics and
authors, so the cost grows with the paper's neighbourhood, never with the square of the KB. Each
result carries the reasons in words, for people, and the score, for scripts.
"""

from __future__ import annotations

import math
from collections import defaultdict
from typing import NamedTuple

from neurokb.graph.names import author_index
from neurokb.kb import KnowledgeBase

DIRECT = 3.0
SHARED_REFERENCE = 2.0
SHARED_AUTHOR = 1.5
SHARED_TOPIC = 1.0


class Related(NamedTuple):
    key: str
    score: float
    reasons: list[str]


def _listing(keys: list[str], limit: int = 3) -> str:
    shown = ", ".join(keys[:limit])
    return shown + (f" and {len(keys) - limit} more" if len(keys) > limit else "")


def related(kb: KnowledgeBase, key: str, limit: int | None = 10) -> list[Related]:
    """Papers related to paper ``key``, best first, each with its reasons.

    Unknown keys raise :class:`~neurokb.errors.NeuroKBError` with the nearest keys.
    """
    paper = kb.paper(key)
    cited_by = kb.cited_by
    score: dict[str, float] = defaultdict(float)
    evidence: dict[str, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))

    def add(other: str, amount: float, reason: str, via: str) -> None:
        if other != key and other in kb.papers:
            score[other] += amount
            evidence[other][reason].append(via)

    cites = [c for c in dict.fromkeys(paper.cites) if c in kb.papers]
    citers = list(cited_by.get(key, ()))
    for other in cites:
        add(other, DIRECT, "cited by", key)
    for other in citers:
        add(other, DIRECT, "cites", key)
    for citer in citers:  # co-citation: `citer` cites both
        siblings = [c for c in dict.fromkeys(kb.papers[citer].cites) if c in kb.papers]
        weight = SHARED_REFERENCE / math.log2(1 + len(siblings))
        for other in siblings:
            add(other, weight, "co-cited by", citer)
    for reference in cites:  # bibliographic coupling: both cite `reference`
        others = cited_by.get(reference, ())
        weight = SHARED_REFERENCE / math.log2(1 + len(others))
        for other in others:
            add(other, weight, "both cite", reference)
    authors = author_index(kb)
    for aid in dict.fromkeys(authors.id_of(p) for p in paper.authors):
        author = authors.authors[aid]
        for other in author.papers:
            add(other, SHARED_AUTHOR, "shared author", author.name)
    for topic_id in dict.fromkeys(paper.topics):
        members = kb.papers_by_topic.get(topic_id, ())
        weight = SHARED_TOPIC / math.log2(2 + len(members))
        for other in members:
            add(other, weight, "shared topic", topic_id)

    ranked = sorted(score, key=lambda k: (-round(score[k], 9), -kb.papers[k].year, k))[:limit]
    return [Related(k, round(score[k], 4), _reasons(evidence[k])) for k in ranked]


_ORDER = ("cited by", "cites", "co-cited by", "both cite", "shared author", "shared topic")


def _reasons(evidence: dict[str, list[str]]) -> list[str]:
    """``{"shared topic": [a, b]}`` -> ``["shared topics: a, b"]`` in a fixed order."""
    out = []
    for reason in _ORDER:
        items = list(dict.fromkeys(evidence.get(reason, ())))
        if not items:
            continue
        if reason in ("cited by", "cites"):
            out.append(f"{reason} {items[0]}")
        elif len(items) > 1 and reason.startswith("shared"):
            out.append(f"{reason}s: {_listing(items)}")
        else:
            out.append(f"{reason}: {_listing(items)}")
    return out
