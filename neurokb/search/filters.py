"""Filtering and ordering papers: what ``neurokb list`` does and what fielded search terms do.

One :class:`Filters` value serves both ``neurokb list --topic X --year 2016..2018`` and the
query ``topic:X year:2016..2018``, so the two can never disagree. Different fields must all
hold; several values of one field must all hold too (``author:a author:b`` finds joint papers,
``topic:a topic:b`` papers in both), except types, where a paper has only one, so
``type:article type:preprint`` means either.

A topic includes its subtopics. An author is an author id ("zenke-f"), the start of a family
name ("zenke") or a full name; a venue matches when its words contain the given words
("nature" matches "Nature" and "Nature Neuroscience").

Each condition is written once, as a :class:`Condition` that knows both how to test a paper
in memory and how to say the same test in SQL over the index's ``docs`` table
(:meth:`Filters.sql`); the index compiles these objects instead of keeping its own copy.
Topic and author names are resolved where the papers are: in the KB by its indexes, in the
index by :class:`Names`; each refuses a name that matches nothing.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum
from typing import TYPE_CHECKING, Any, Protocol

from neurokb.core.errors import NeuroKBError, did_you_mean
from neurokb.search.text import contains_phrase, normalized

if TYPE_CHECKING:  # the query parser uses Filters; it must not pull in Pydantic or NetworkX
    from neurokb.core.kb import KnowledgeBase
    from neurokb.core.models import Paper, PaperType


@dataclass(frozen=True)
class YearRange:
    """Inclusive bounds; None means open on that side."""

    lo: int | None = None
    hi: int | None = None

    def __contains__(self, year: int) -> bool:
        return (self.lo is None or year >= self.lo) and (self.hi is None or year <= self.hi)

    def intersect(self, other: YearRange) -> YearRange:
        los = [y for y in (self.lo, other.lo) if y is not None]
        his = [y for y in (self.hi, other.hi) if y is not None]
        return YearRange(max(los) if los else None, min(his) if his else None)

    def __str__(self) -> str:
        if self.lo == self.hi and self.lo is not None:
            return str(self.lo)
        return f"{self.lo or ''}..{self.hi or ''}"


class Names(Protocol):
    """Resolves the topic and author names of filters in the index (see :mod:`neurokb.cache`)."""

    def topic_family(self, text: str) -> list[str]:
        """The ids of the topic ``text`` names and its subtopics; raise if none matches."""
        ...

    def author_ids(self, text: str) -> list[str]:
        """The author ids ``text`` names; raise if none matches."""
        ...


def _marks(values: list[Any]) -> str:
    return ", ".join("?" * len(values))


@dataclass(frozen=True)
class Condition:
    """One condition on papers, as an in-memory test and as SQL over the index's ``docs``."""

    def pool(self, kb: KnowledgeBase) -> set[str] | None:
        """Keys of the papers that can pass (a topic's or author's papers), None: no limit."""
        return None

    def keep(self, paper: Paper) -> bool:
        return True

    def sql(self, names: Names) -> tuple[str, list[Any]]:
        raise NotImplementedError


@dataclass(frozen=True)
class InYears(Condition):
    years: YearRange

    def keep(self, paper: Paper) -> bool:
        return paper.year in self.years

    def sql(self, names: Names) -> tuple[str, list[Any]]:
        lo, hi = self.years.lo, self.years.hi
        return "year BETWEEN ? AND ?", [-(10**9) if lo is None else lo, 10**9 if hi is None else hi]


@dataclass(frozen=True)
class OneOf(Condition):
    """The field (``type``, ``doi``, ``arxiv``: a column of ``docs`` too) is one of ``values``."""

    field: str
    values: tuple[str, ...]

    def keep(self, paper: Paper) -> bool:
        return getattr(paper, self.field) in self.values

    def sql(self, names: Names) -> tuple[str, list[Any]]:
        return f"{self.field} IN ({_marks(list(self.values))})", list(self.values)


@dataclass(frozen=True)
class VenueHas(Condition):
    """The venue's words contain ``words`` (normalised), in order."""

    words: str

    def keep(self, paper: Paper) -> bool:
        return contains_phrase(normalized(paper.venue or ""), self.words)

    def sql(self, names: Names) -> tuple[str, list[Any]]:
        # docs.venue is NULL where lower(venue_name) is its words (textindex.stored_venue)
        words = "coalesce(venue, lower(venue_name))"
        return f"instr(' ' || {words} || ' ', ' ' || ? || ' ') > 0", [self.words]


@dataclass(frozen=True)
class AboutTopic(Condition):
    """About the topic named (id, name or alias) or one of its subtopics."""

    text: str

    def pool(self, kb: KnowledgeBase) -> set[str]:
        return topic_papers(kb, self.text)

    def sql(self, names: Names) -> tuple[str, list[Any]]:
        family = names.topic_family(self.text)
        return f"key IN (SELECT key FROM paper_topics WHERE topic IN ({_marks(family)}))", family


@dataclass(frozen=True)
class ByAuthor(Condition):
    """By the author(s) named: an author id, the start of a family name, or a full name."""

    text: str

    def pool(self, kb: KnowledgeBase) -> set[str]:
        return author_papers(kb, self.text)

    def sql(self, names: Names) -> tuple[str, list[Any]]:
        ids = names.author_ids(self.text)
        return f"key IN (SELECT key FROM paper_authors WHERE author IN ({_marks(ids)}))", ids


@dataclass(frozen=True)
class Filters:
    """Conditions on papers; the empty value keeps every paper."""

    topics: tuple[str, ...] = ()
    authors: tuple[str, ...] = ()
    years: YearRange | None = None
    types: tuple[PaperType, ...] = ()
    venues: tuple[str, ...] = ()
    dois: tuple[str, ...] = ()
    arxivs: tuple[str, ...] = ()

    @property
    def active(self) -> bool:
        return any(
            (self.topics, self.authors, self.years, self.types, self.venues, self.dois, self.arxivs)
        )

    def conditions(self) -> list[Condition]:
        """The filters as conditions, every one of which must hold."""
        out: list[Condition] = [AboutTopic(t) for t in self.topics]
        out += [ByAuthor(a) for a in self.authors]
        if self.years is not None:
            out.append(InYears(self.years))
        for field, values in (("type", tuple(t.value for t in self.types)),
                              ("doi", self.dois), ("arxiv", self.arxivs)):  # fmt: skip
            if values:
                out.append(OneOf(field, values))
        out += [VenueHas(normalized(v)) for v in self.venues]
        return out

    def sql(self, names: Names) -> tuple[str, list[Any]]:
        """The conditions as one WHERE clause over the index's ``docs`` table."""
        where, params = ["1"], []
        for condition in self.conditions():
            clause, values = condition.sql(names)
            where.append(clause)
            params += values
        return " AND ".join(where), params

    def describe(self) -> dict[str, object]:
        """The filters as plain data (echoed in ``--json`` output)."""
        return {
            "topics": list(self.topics),
            "authors": list(self.authors),
            "years": str(self.years) if self.years else None,
            "types": [t.value for t in self.types],
            "venues": list(self.venues),
            "dois": list(self.dois),
            "arxivs": list(self.arxivs),
        }


def topic_papers(kb: KnowledgeBase, topic: str) -> set[str]:
    """Keys of the papers about ``topic`` or any of its subtopics.

    ``topic`` is an id, or a topic's name or alias in any case; unknown ones raise with the
    nearest ids.
    """
    topic_id = find_topic(kb, topic)
    keys: set[str] = set()
    for sub in kb.descendants(topic_id):
        keys.update(kb.papers_by_topic.get(sub, ()))
    return keys


def find_topic(kb: KnowledgeBase, text: str) -> str:
    """The id of the topic ``text`` names (id, name or alias, any case); else raise with guesses."""
    if text in kb.topics:
        return text
    wanted = normalized(text)
    for topic in kb.topics.values():
        if wanted in {
            normalized(topic.id),
            normalized(topic.name),
            *map(normalized, topic.aliases),
        }:
            return topic.id
    return kb.topic(text).id  # raises NeuroKBError with did-you-mean


def author_papers(kb: KnowledgeBase, text: str) -> set[str]:
    """Keys of the papers by the author(s) ``text`` refers to; none found raises with guesses."""
    from neurokb.graph.identity import author_index

    index = author_index(kb)
    ids = index.matching(text)
    if not ids:
        families = {a.name.split()[-1] for a in index.authors.values()}
        guesses = did_you_mean(text, sorted(families))
        hint = (
            f"did you mean {', '.join(guesses)}?" if guesses else "see `neurokb stats` for authors"
        )
        raise NeuroKBError(f"no author matches '{text}'", hint)
    return {key for aid in ids for key in index.authors[aid].papers}


def matching_keys(kb: KnowledgeBase, filters: Filters) -> set[str]:
    """Keys of the papers that pass ``filters`` (all papers when none is active).

    Topic and author conditions narrow the candidates through the KB's indexes first, so a
    filter on a small topic does not scan the whole KB.
    """
    conditions = filters.conditions()
    candidates: set[str] | None = None
    for condition in conditions:
        pool = condition.pool(kb)
        if pool is not None:
            candidates = pool if candidates is None else candidates & pool
    keys: Iterable[str] = kb.papers if candidates is None else candidates
    tests = [c for c in conditions if type(c).keep is not Condition.keep]
    return {key for key in keys if all(c.keep(kb.papers[key]) for c in tests)}


class SortBy(StrEnum):
    YEAR = "year"
    TITLE = "title"
    CITED = "cited"


def sort_papers(
    kb: KnowledgeBase, keys: Iterable[str], by: SortBy = SortBy.YEAR, reverse: bool = False
) -> list[Paper]:
    """Papers in a stable order: year (oldest first), title (A-Z) or cited (most cited first).

    Ties fall back to year then key; ``reverse`` flips the whole order.
    """
    papers = [kb.papers[k] for k in keys]

    def cited(p: Paper) -> int:
        return len(kb.cited_by.get(p.key, ()))

    orders = {
        SortBy.YEAR: lambda p: (p.year, p.key),
        SortBy.TITLE: lambda p: (normalized(p.title), p.year, p.key),
        SortBy.CITED: lambda p: (-cited(p), p.year, p.key),
    }
    return sorted(papers, key=orders[by], reverse=reverse)


def list_papers(
    kb: KnowledgeBase, filters: Filters, by: SortBy = SortBy.YEAR, reverse: bool = False
) -> list[Paper]:
    """``neurokb list``: the papers passing ``filters``, sorted."""
    return sort_papers(kb, matching_keys(kb, filters), by, reverse)
