"""``stats(kb)``: the shape of the knowledge base in numbers, as plain JSON-ready data.

Counts, papers per year and per type, the biggest topics (direct papers and papers including
subtopics), the coverage figures of :func:`coverage` (also shown on the site's home page), the
most prolific authors (merged as in :mod:`neurokb.graph.identity`) and the most
central papers by PageRank over the citations inside the KB. PageRank, unlike a raw citation
count, rewards being cited by papers that are themselves cited, and it is the measure the
site's "start here" lists can share with this command.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Collection
from typing import Any

from neurokb.core.kb import KnowledgeBase
from neurokb.core.memo import per_kb
from neurokb.graph.identity import author_index, venue_labels
from neurokb.graph.rank import pagerank


@per_kb
def citation_rank(kb: KnowledgeBase) -> dict[str, float]:
    """Paper key -> PageRank over in-KB citations (sums to 1; memoised per KB)."""
    keys = sorted(kb.papers)
    edges = [(p.key, c) for p in kb.papers.values() for c in p.cites if c in kb.papers]
    return pagerank(keys, edges)


def _papers_per_subtree(kb: KnowledgeBase) -> Counter[str]:
    """Topic id -> papers about it or any subtopic, each paper counted once per topic.

    One pass over the papers with each topic's ancestors precomputed, rather than one set of
    papers per topic, which at 100k papers would copy the whole KB for the root alone.
    """
    ancestors: dict[str, set[str]] = {tid: set() for tid in kb.topics}  # itself and all above
    for tid in kb.topics:
        stack = [tid]
        while stack:
            current = stack.pop()
            if current in kb.topics and current not in ancestors[tid]:
                ancestors[tid].add(current)
                stack.extend(kb.topics[current].parents)
    counts: Counter[str] = Counter()
    for paper in kb.papers.values():
        counts.update(set().union(*(ancestors.get(t, ()) for t in paper.topics)))
    return counts


IDENTIFIERS = ("doi", "arxiv", "pmid")


def coverage(kb: KnowledgeBase) -> dict[str, Any]:
    """How well the knowledge base covers its field and connects, as the curators track it.

    - ``papers_per_topic``: topic id -> ``{"papers": direct, "with_subtopics": n}``, every topic;
    - ``papers_per_year``: year -> papers (ascending years);
    - ``cites_links`` and ``mean_cites_per_paper``: ``cites`` links from a paper to another paper
      of the knowledge base (a repeated item counts once), and their mean over all papers;
    - ``identifier_share``: the share of papers with a DOI, an arXiv id, a PubMed id, and with
      ``any`` of them (0 to 1, three decimals).

    Cheap (no graph, no PageRank), so the site's home page can show it at any size.
    """
    papers = list(kb.papers.values())
    subtree = _papers_per_subtree(kb)
    links = sum(len({c for c in p.cites if c in kb.papers and c != p.key}) for p in papers)
    total = len(papers)

    def share(count: int) -> float:
        return round(count / total, 3) if total else 0.0

    with_id = {name: sum(1 for p in papers if getattr(p, name)) for name in IDENTIFIERS}
    any_id = sum(1 for p in papers if any(getattr(p, name) for name in IDENTIFIERS))
    return {
        "papers": total,
        "papers_per_topic": {
            tid: {"papers": len(kb.papers_by_topic.get(tid, ())), "with_subtopics": subtree[tid]}
            for tid in sorted(kb.topics)
        },
        "papers_per_year": dict(sorted(Counter(p.year for p in papers).items())),
        "cites_links": links,
        "mean_cites_per_paper": round(links / total, 2) if total else 0.0,
        "identifier_share": {**{k: share(v) for k, v in with_id.items()}, "any": share(any_id)},
    }


def stats(kb: KnowledgeBase, top: int = 10, algorithms: Collection[str] = ()) -> dict[str, Any]:
    """Summary numbers of ``kb``; each ranking lists at most ``top`` items. ``algorithms``
    are the names of the reference implementations (the caller's registry, passed as data)."""
    authors = author_index(kb).authors
    rank = citation_rank(kb)
    subtree = _papers_per_subtree(kb)
    per_topic = {tid: (len(kb.papers_by_topic.get(tid, ())), subtree[tid]) for tid in kb.topics}
    central = sorted(kb.papers, key=lambda k: (-rank[k], kb.papers[k].year, k))[:top]
    covered = coverage(kb)
    return {
        "counts": {
            "papers": len(kb.papers),
            "topics": len(kb.topics),
            "authors": len(authors),
            "venues": len(venue_labels(kb)),
            "algorithms": len(algorithms),
            "citations": sum(len(v) for v in kb.cited_by.values()),
            "problems": len(kb.problems),
        },
        "papers_per_year": covered["papers_per_year"],
        "papers_per_type": dict(
            sorted(
                Counter(p.type.value for p in kb.papers.values()).items(),
                key=lambda i: (-i[1], i[0]),
            )
        ),
        "top_topics": [
            {"id": tid, "name": kb.topics[tid].name, "papers": direct, "with_subtopics": total}
            for tid, (direct, total) in sorted(
                per_topic.items(), key=lambda i: (-i[1][0], -i[1][1], i[0])
            )[:top]
        ],
        "top_authors": [
            {"id": a.id, "name": a.name, "papers": len(a.papers)}
            for a in sorted(authors.values(), key=lambda a: (-len(a.papers), a.id))[:top]
        ],
        "central_papers": [
            {
                "key": key,
                "title": kb.papers[key].title,
                "year": kb.papers[key].year,
                "pagerank": round(rank[key], 6),
                "cited_by": len(kb.cited_by.get(key, ())),
            }
            for key in central
        ],
        "papers_per_topic": covered["papers_per_topic"],
        "mean_cites_per_paper": covered["mean_cites_per_paper"],
        "identifier_share": covered["identifier_share"],
    }
