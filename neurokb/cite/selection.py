"""Which papers an export covers: the whole KB, a topic (with its subtopics), a search query."""

from __future__ import annotations

from neurokb.kb import KnowledgeBase
from neurokb.models import Paper


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
