"""Which papers an export covers: the whole KB, a topic (with its subtopics), a search query,
or the keys a manuscript cites."""

from __future__ import annotations

from dataclasses import dataclass, field

from neurokb.core.errors import did_you_mean
from neurokb.core.kb import KnowledgeBase
from neurokb.core.models import Paper


def select_papers(
    kb: KnowledgeBase, topic: str | None = None, query: str | None = None
) -> list[Paper]:
    """Papers in key order (stable exports diff cleanly); both conditions must hold."""
    keys = set(kb.papers)
    if topic:
        from neurokb.search import Filters, list_papers

        kb.topic(topic)  # unknown topic -> NeuroKBError with suggestions
        keys &= {paper.key for paper in list_papers(kb, Filters(topics=(topic,)))}
    if query:
        from neurokb.search import search

        keys &= {hit.key for hit in search(kb, query)}
    return [kb.papers[key] for key in sorted(keys)]


@dataclass
class Cited:
    """The papers a manuscript cites, in citation order, and the keys the KB does not know."""

    papers: list[Paper] = field(default_factory=list)
    unknown: dict[str, list[str]] = field(default_factory=dict)  # key -> did-you-mean keys


def select_cited(kb: KnowledgeBase, keys: list[str], *, aliases_resolve: bool) -> Cited:
    """The papers of ``keys`` (keys or aliases; ``*`` is every paper).

    A paper cited by an alias is exported under that alias when the format cannot carry
    aliases (``aliases_resolve=False``: BibTeX, RIS, CSL-JSON), so the manuscript's citation
    resolves; BibLaTeX exports it under its key with the alias in ``ids``, which biber
    resolves.
    """
    out = Cited()
    seen: set[str] = set()
    if "*" in keys:
        keys = [k for k in keys if k != "*"] + sorted(kb.papers)
    for cited in keys:
        key = kb.resolve(cited)
        paper = kb.papers.get(key)
        if paper is None:
            out.unknown[cited] = did_you_mean(cited, [*kb.papers, *kb.aliases])
            continue
        shown = key if aliases_resolve else cited
        if shown in seen:
            continue
        seen.add(shown)
        out.papers.append(paper if shown == key else paper.model_copy(update={"key": shown}))
    return out
