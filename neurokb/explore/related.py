"""``related(kb, key)``: papers ranked by how much graph evidence ties them to one paper.

Evidence, and what each piece is worth:

- direct citation, either way: 3;
- co-citation (another paper cites both) and bibliographic coupling (both cite a third paper):
  2 per shared paper, divided by ``log2(1 + n)`` where n is how many papers that shared paper
  cites or is cited by, because being cited alongside a paper with a hundred references says
  little;
- shared authors: 1.5 per shared person (merged as in :mod:`neurokb.graph.identity`);
- shared topics: 1 per topic, divided by ``log2(2 + n)`` for a topic with n papers, because
  sharing a niche topic means more than sharing a broad one.

Each relation counts once: a citation or topic an entry lists twice (warning NKB019) is one
relation, as it is one edge of the graph. Each result carries the reasons in words, for people,
and the score, for scripts; ties go to the newer paper, then to the smaller key.

The scoring (:func:`rank`) reads the KB only through :class:`Links`, a handful of lookups, so
that one function answers both from the loaded :class:`~neurokb.core.kb.KnowledgeBase`
(:class:`KBLinks`, what the site uses) and straight from the index
(:class:`neurokb.cache.links.IndexLinks`, what ``neurokb related`` uses without loading every
entry).

Cost: citations and authors are walked out from the paper, so they cost what its neighbourhood
holds. Topics are broad (thousands of papers each in a large KB), so papers that share only
topics are never scored one by one: they are grouped by the set of topics they share, which
fixes their score, with set operations; only the groups that reach the top ``limit`` are
looked into, newest first. The site calls this for every paper page.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Callable, Collection, Iterable, Sequence
from typing import TYPE_CHECKING, NamedTuple, Protocol

from neurokb.core.memo import per_kb

if TYPE_CHECKING:
    from neurokb.core.kb import KnowledgeBase

DIRECT = 3.0
SHARED_REFERENCE = 2.0
SHARED_AUTHOR = 1.5
SHARED_TOPIC = 1.0


class Related(NamedTuple):
    key: str
    score: float
    reasons: list[str]


class Links(Protocol):
    """What :func:`rank` reads about papers. Keys are those of valid papers of the KB."""

    def cites(self, key: str) -> Sequence[str]:
        """Papers of the KB that ``key`` cites, each once, in the order the entry lists them."""
        ...

    def cited_by(self, key: str) -> Sequence[str]:
        """Papers of the KB that cite ``key``, each once, sorted by year, then key."""
        ...

    def authors(self, key: str) -> Sequence[str]:
        """The resolved author ids of ``key``, each once, in the order of its authors."""
        ...

    def author_papers(self, author: str) -> Iterable[str]:
        """Every paper of one author id, each once."""
        ...

    def author_name(self, author: str) -> str:
        """The display name of an author id (:class:`neurokb.graph.identity.Author`'s ``name``)."""
        ...

    def topics(self, key: str) -> Sequence[str]:
        """The topic ids ``key`` lists, each once, in its order (unknown ids included)."""
        ...

    def topic_members(self, topic: str) -> Sequence[str]:
        """The papers listing ``topic``, each once, sorted by year, then key."""
        ...

    def year(self, key: str) -> int: ...


class KBLinks:
    """:class:`Links` over a loaded KnowledgeBase."""

    def __init__(self, kb: KnowledgeBase) -> None:
        from neurokb.graph.identity import author_index

        self.kb, self.people = kb, author_index(kb)

    def cites(self, key: str) -> Sequence[str]:
        papers = self.kb.papers
        return [c for c in dict.fromkeys(papers[key].cites) if c in papers]

    def cited_by(self, key: str) -> Sequence[str]:
        return tuple(dict.fromkeys(self.kb.cited_by.get(key, ())))

    def authors(self, key: str) -> Sequence[str]:
        return list(dict.fromkeys(self.people.id_of(p) for p in self.kb.papers[key].authors))

    def author_papers(self, author: str) -> Iterable[str]:
        return self.people.authors[author].papers

    def author_name(self, author: str) -> str:
        return self.people.authors[author].name

    def topics(self, key: str) -> Sequence[str]:
        return list(dict.fromkeys(self.kb.papers[key].topics))

    def topic_members(self, topic: str) -> Sequence[str]:
        return _topic_members(self.kb).get(topic, ())

    def year(self, key: str) -> int:
        return self.kb.papers[key].year


@per_kb
def _topic_members(kb: KnowledgeBase) -> dict[str, tuple[str, ...]]:
    """``kb.papers_by_topic`` with each paper once (an entry may list a topic twice)."""
    return {topic: tuple(dict.fromkeys(keys)) for topic, keys in kb.papers_by_topic.items()}


def related(kb: KnowledgeBase, key: str, limit: int | None = 10) -> list[Related]:
    """Papers related to paper ``key``, best first, each with its reasons.

    Unknown keys raise :class:`~neurokb.core.errors.NeuroKBError` with the nearest keys.
    """
    kb.paper(key)
    return rank(KBLinks(kb), key, limit)


def rank(links: Links, key: str, limit: int | None = 10) -> list[Related]:
    """Papers related to the paper ``key`` (which must exist), best first, with reasons.

    The scores are summed first, with nothing else; the reasons are gathered afterwards for
    the few papers shown (a paper of a large KB has hundreds of candidates, and noting every
    piece of evidence of each was most of the cost). Both walk :func:`_evidence` in the same
    order, so each score is the same sum, in the same order, as it always was.
    """
    evidence = _evidence(links, key)
    score: dict[str, float] = defaultdict(float)
    for amount, _, _, others in evidence:
        for other in others:
            if other != key:
                score[other] += amount

    topics = _SharedTopics(links, key)
    for weight, members in zip(topics.weights, topics.sets, strict=True):
        for other in members.intersection(score):  # few: the papers with other evidence
            score[other] += weight
    groups = topics.groups(exclude={key, *score})
    best = _best(links.year, score, groups, limit)
    shown = {other for other, _ in best if other in score}
    found_for: dict[str, dict[str, list[str]]] = {other: defaultdict(list) for other in shown}
    for _, reason, via, others in evidence:
        for other in others:
            if other in shown:
                found_for[other][reason].append(via)
    out = []
    for other, value in best:
        found = dict(found_for.get(other, {}))  # only now: names and topics for the results
        found["shared author"] = [links.author_name(a) for a in found.get("shared author", ())]
        found["shared topic"] = topics.of(other)
        out.append(Related(other, round(value, 4), _reasons(found)))
    return out


Evidence = tuple[float, str, str, Sequence[str]]  # amount, reason, via, the papers it ties


def _evidence(links: Links, key: str) -> list[Evidence]:
    """Every piece of citation and author evidence about ``key``, in the order it is summed:
    direct citations, co-citation, bibliographic coupling, shared authors."""
    cites, citers = links.cites(key), links.cited_by(key)
    out: list[Evidence] = [(DIRECT, "cited by", key, cites), (DIRECT, "cites", key, citers)]
    for citer in citers:  # co-citation: `citer` cites both
        siblings = links.cites(citer)
        out.append(
            (SHARED_REFERENCE / math.log2(1 + len(siblings)), "co-cited by", citer, siblings)
        )
    for reference in cites:  # bibliographic coupling: both cite `reference`
        others = links.cited_by(reference)
        out.append((SHARED_REFERENCE / math.log2(1 + len(others)), "both cite", reference, others))
    for author in links.authors(key):  # a list: it is walked twice
        out.append((SHARED_AUTHOR, "shared author", author, list(links.author_papers(author))))
    return out


Group = tuple[float, Collection[str], Sequence[str]]  # score, papers, a sorted superset


class _SharedTopics:
    """The topics of one paper, their members and weights, in the paper's order.

    Scores are sums of floats, so the order of the additions is kept as it always was: a
    paper's other evidence first, then each shared topic's weight in the paper's topic order.
    Papers that share only topics have a score fixed by *which* topics they share, so they are
    handled as groups (:meth:`groups`), with set operations instead of one step per paper.
    """

    def __init__(self, links: Links, key: str) -> None:
        self.ids = links.topics(key)
        self.members = [links.topic_members(t) for t in self.ids]
        self.sets = [set(m) for m in self.members]
        self.weights = [SHARED_TOPIC / math.log2(2 + len(m)) for m in self.members]

    def groups(self, exclude: set[str]) -> list[Group]:
        """The papers (but ``exclude``) sharing a topic, grouped by which topics they share:
        each group's score, papers, and the members (by year, then key) of its smallest topic,
        which :func:`_newest` walks to find the group's newest papers."""
        parts: list[tuple[int, set[str]]] = []  # (bit mask of the shared topics, papers)
        covered: set[str] = set()
        for i, members in enumerate(self.sets):
            split = []
            for mask, papers in parts:
                both = papers & members
                if both:
                    split.append((mask | 1 << i, both))
                    papers -= both
                if papers:
                    split.append((mask, papers))
            fresh = members - covered - exclude
            if fresh:
                split.append((1 << i, fresh))
            covered |= members
            parts = split
        out = []
        for mask, papers in parts:
            shared = [i for i in range(len(self.ids)) if mask >> i & 1]
            total = 0.0  # summed as a paper's score is: from 0.0, in the paper's topic order
            for i in shared:
                total += self.weights[i]
            out.append((total, papers, min((self.members[i] for i in shared), key=len)))
        return out

    def of(self, key: str) -> list[str]:
        """The paper's topics that ``key`` shares, in the paper's order."""
        return [t for t, members in zip(self.ids, self.sets, strict=True) if key in members]


def _best(
    year: Callable[[str], int],
    scored: dict[str, float],
    groups: Iterable[Group],
    limit: int | None,
) -> list[tuple[str, float]]:
    """The first ``limit`` (None: all) of the ``scored`` papers and the ``groups``' papers,
    by score rounded to 9 places (best first), then year (newest first), then key."""
    levels: dict[float, tuple[list[str], list[Group]]] = {}  # rounded score -> papers, groups
    for other, value in scored.items():
        levels.setdefault(round(value, 9), ([], []))[0].append(other)
    for group in groups:
        levels.setdefault(round(group[0], 9), ([], []))[1].append(group)
    out: list[tuple[str, float]] = []
    for level in sorted(levels, reverse=True):
        need = None if limit is None else limit - len(out)
        if need is not None and need <= 0:
            break
        papers, tied = levels[level]
        found = [(other, scored[other]) for other in papers]
        for value, members, ordered in tied:
            found += [(other, value) for other in _newest(members, ordered, need, year)]
        found.sort(key=lambda item: (-year(item[0]), item[0]))
        out += found[:need]
    return out


def _newest(
    papers: Collection[str], ordered: Sequence[str], n: int | None, year: Callable[[str], int]
) -> list[str]:
    """At least the ``n`` first of ``papers`` by (newest, key), or all of them, found by
    walking ``ordered`` (a superset sorted by year, then key) from its end."""
    if n is None or len(papers) <= n:
        return list(papers)
    out: list[str] = []
    for key in reversed(ordered):
        if key in papers:
            if len(out) >= n and year(key) != year(out[-1]):
                break  # past the n-th paper's year, whose papers are all taken
            out.append(key)
    return out


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


def _listing(keys: list[str], limit: int = 3) -> str:
    shown = ", ".join(keys[:limit])
    return shown + (f" and {len(keys) - limit} more" if len(keys) > limit else "")
