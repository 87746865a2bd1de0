"""``reading_list(kb, topic)``: a topic's papers in an order one can read them in.

A paper should come after the papers it builds on, so the list is a topological order of the
``cites`` relation restricted to the topic's papers (its subtopics' included): among the
papers whose in-topic references have all been listed, the oldest comes next (then the key, so
the order is stable). Citation cycles exist (two papers citing each other's preprints); when
every remaining paper still waits for another, the oldest remaining paper is listed anyway,
which breaks the cycle the same way on every run.
"""

from __future__ import annotations

import heapq
from dataclasses import dataclass

from neurokb.core.kb import KnowledgeBase
from neurokb.core.models import Paper, Topic
from neurokb.search.filters import find_topic, topic_papers


@dataclass(frozen=True)
class ReadingItem:
    """A paper of the list and the earlier papers of the list it cites."""

    paper: Paper
    builds_on: tuple[str, ...]


@dataclass(frozen=True)
class ReadingList:
    topic: Topic
    items: list[ReadingItem]


def reading_order(kb: KnowledgeBase, topic: str) -> ReadingList:
    """The reading list of ``topic`` (id, name or alias) with, per paper, what it builds on.

    Unknown topics raise :class:`~neurokb.core.errors.NeuroKBError` with the nearest ids.
    """
    topic_id = find_topic(kb, topic)
    keys = topic_papers(kb, topic_id)
    order = {key: (kb.papers[key].year, key) for key in keys}
    waiting_on = {key: {c for c in kb.papers[key].cites if c in keys and c != key} for key in keys}
    dependents: dict[str, list[str]] = {key: [] for key in keys}
    for key, refs in waiting_on.items():
        for ref in refs:
            dependents[ref].append(key)
    ready = [order[key] for key, refs in waiting_on.items() if not refs]
    heapq.heapify(ready)
    by_age = sorted(order.values())  # cycle breaking: oldest not yet listed
    oldest = 0
    done: set[str] = set()
    out: list[ReadingItem] = []
    while len(out) < len(keys):
        if ready:
            _, key = heapq.heappop(ready)
            if key in done:
                continue
        else:
            while by_age[oldest][1] in done:
                oldest += 1
            key = by_age[oldest][1]
        done.add(key)
        builds_on = tuple(c for c in dict.fromkeys(kb.papers[key].cites) if c in done and c != key)
        out.append(ReadingItem(kb.papers[key], builds_on))
        for dependent in dependents[key]:
            refs = waiting_on[dependent]
            refs.discard(key)
            if not refs and dependent not in done:
                heapq.heappush(ready, order[dependent])
    return ReadingList(kb.topics[topic_id], out)


def reading_list(kb: KnowledgeBase, topic_id: str) -> list[Paper]:
    """The papers of ``reading_order``, without the annotations."""
    return [item.paper for item in reading_order(kb, topic_id).items]
