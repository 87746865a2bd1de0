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
from collections.abc import Collection, Mapping, Sequence
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
    """The first ``items`` of a topic's reading list (all of them unless a limit was given)
    and how many papers the whole list has."""

    topic: Topic
    items: list[ReadingItem]
    total: int


def reading_order(kb: KnowledgeBase, topic: str, limit: int | None = None) -> ReadingList:
    """The reading list of ``topic`` (id, name or alias) with, per paper, what it builds on;
    its first ``limit`` items only, if given.

    Unknown topics raise :class:`~neurokb.core.errors.NeuroKBError` with the nearest ids.
    """
    topic_id = find_topic(kb, topic)
    keys = topic_papers(kb, topic_id)
    years = {key: kb.papers[key].year for key in keys}
    refs = {key: {c for c in kb.papers[key].cites if c in keys} for key in keys}
    order = order_keys(years, refs)
    shown = order[:limit]
    return ReadingList(kb.topics[topic_id], items(order, [kb.papers[k] for k in shown]), len(order))


def order_keys(years: Mapping[str, int], refs: Mapping[str, Collection[str]]) -> list[str]:
    """The keys of ``years`` in reading order (see the module doc); ``refs[key]`` are the
    papers among them that ``key`` cites (its own key is ignored).

    Works on keys and years alone, so the index can order a topic of 30,000 papers without
    making one model (:mod:`neurokb.cache.graphindex`).
    """
    order = {key: (year, key) for key, year in years.items()}
    waiting_on = {key: {c for c in refs.get(key, ()) if c != key} for key in years}
    dependents: dict[str, list[str]] = {key: [] for key in years}
    for key, cited in waiting_on.items():
        for ref in cited:
            dependents[ref].append(key)
    ready = [order[key] for key, cited in waiting_on.items() if not cited]
    heapq.heapify(ready)
    by_age = sorted(order.values())  # cycle breaking: oldest not yet listed
    oldest = 0
    done: set[str] = set()
    out: list[str] = []
    while len(out) < len(years):
        if ready:
            _, key = heapq.heappop(ready)
            if key in done:
                continue
        else:
            while by_age[oldest][1] in done:
                oldest += 1
            key = by_age[oldest][1]
        done.add(key)
        out.append(key)
        for dependent in dependents[key]:
            cited = waiting_on[dependent]
            cited.discard(key)
            if not cited and dependent not in done:
                heapq.heappush(ready, order[dependent])
    return out


def items(order: Sequence[str], papers: Sequence[Paper]) -> list[ReadingItem]:
    """The items of the first ``len(papers)`` keys of ``order`` (``papers`` are theirs): what
    each builds on is what it cites among the papers listed before it, in its own order."""
    position = {key: i for i, key in enumerate(order)}
    return [
        ReadingItem(
            paper,
            tuple(c for c in dict.fromkeys(paper.cites) if position.get(c, i) < i),
        )
        for i, paper in enumerate(papers)
    ]


def reading_list(kb: KnowledgeBase, topic_id: str) -> list[Paper]:
    """The papers of ``reading_order``, without the annotations."""
    return [item.paper for item in reading_order(kb, topic_id).items]
