"""``search(kb, query)``: ranked full-text search over the papers of a KnowledgeBase.

Ranking, in order of precedence:

1. a paper whose title (or key) is exactly the query text comes first;
2. otherwise BM25 over the fields below, with the title boosted;
3. ties go to the older paper, then the key, so results are stable.

Every free word and phrase must match somewhere (AND); when that leaves nothing and the query
has several words, any word may match (OR), so a query with one misspelt word still returns the
closest papers. A plain word also matches longer words it starts ("plastic" -> "plasticity")
at half weight; ``plastic*`` counts such words in full. Stop words are scored but never
required. Fielded terms only filter.

A broad query (more than :data:`BROAD` papers match) is not ranked by score: scoring every
match of a common word at 100,000 papers takes longer than an answer may. Its papers come
in an order an index can give at once: the exact title or key first, then the papers whose
title matches, then the newest; each keeps its BM25 score (without the exact-title bonus).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol

from neurokb.core.memo import per_kb
from neurokb.search.bm25 import BM25Index, Scores
from neurokb.search.boosts import BOOSTS
from neurokb.search.filters import matching_keys, sort_papers
from neurokb.search.query import Query, Word, parse_query
from neurokb.search.text import STOP_WORDS, normalized

if TYPE_CHECKING:  # importing the models costs ~0.1 s: the cached search path avoids it
    from neurokb.core.kb import KnowledgeBase
    from neurokb.core.models import Paper

PARTIAL_WEIGHT = 0.5  # a plain word matching a longer word it starts
MIN_PREFIX = 3  # shorter plain words are not expanded ("ai" must not match "aided")
BROAD = 1000  # more matches than this: listed in index order, not by score (module docstring)


@dataclass(frozen=True)
class Hit:
    """One search result: the paper key, its score and the fields the query matched in."""

    key: str
    score: float
    matched: tuple[str, ...]


@dataclass(frozen=True)
class PaperIndex:
    """The BM25 index of a KB's papers, with the document order and exact-match lookups."""

    keys: tuple[str, ...]
    positions: dict[str, int]  # key -> document index
    bm25: BM25Index
    titles: dict[str, list[int]]  # normalised title or key -> document indexes


def paper_document(kb: KnowledgeBase, paper: Paper) -> dict[str, str]:
    """The searchable text of a paper, by field (topics by name, aliases and id)."""
    topics = [kb.topics[t] for t in paper.topics if t in kb.topics]
    return {
        "title": paper.title,
        "key": paper.key,
        "authors": " ; ".join(a.display for a in paper.authors),
        "topics": " ; ".join(
            " ; ".join([t.name, t.id.replace("-", " "), *t.aliases]) for t in topics
        ),
        "venue": paper.venue or "",
        "summary": paper.summary or "",
        "abstract": paper.abstract or "",
    }


@per_kb
def paper_index(kb: KnowledgeBase) -> PaperIndex:
    """Build the search index of ``kb`` once (memoised on the KB)."""
    keys = tuple(sorted(kb.papers))
    docs = [paper_document(kb, kb.papers[key]) for key in keys]
    titles: dict[str, list[int]] = {}
    for i, key in enumerate(keys):
        for text in (normalized(kb.papers[key].title), key):
            titles.setdefault(text, []).append(i)
    positions = {key: i for i, key in enumerate(keys)}
    return PaperIndex(keys, positions, BM25Index(docs, BOOSTS), titles)


def _score(index: TermIndex, query: Query) -> tuple[Scores, list[set[int]]]:
    """Scores of every document touched, and per required word or phrase the docs it matched."""
    scores = Scores()
    required: list[set[int]] = []
    optional: list[set[int]] = []
    for word in query.words:
        matched: set[int] = set()
        for term in word_terms(index, word):
            full = word.prefix or term == word.text
            matched |= index.add_term(scores, term, 1.0 if full else PARTIAL_WEIGHT)
        (optional if word.text in STOP_WORDS else required).append(matched)
    for phrase in query.phrases:
        for token in phrase:
            index.add_term(scores, token)
        required.append(index.phrase_docs(phrase))
    if not required:  # only stop words: require them after all
        required = optional
    return scores, required


def word_terms(index: TermIndex, word: Word) -> list[str]:
    """The terms a query word scores and matches, in scoring order: the word itself (unless
    written ``word*``), then the longer words it starts when it may be expanded."""
    terms = [] if word.prefix else [word.text]
    if word.prefix or (len(word.text) >= MIN_PREFIX and word.text not in STOP_WORDS):
        terms += [term for term in index.expand(word.text) if term != word.text or word.prefix]
    return terms


def broad_order(exact: bool, matched: tuple[str, ...], year: int, key: str) -> tuple:
    """The sort key of a hit of a broad query (see the module docstring)."""
    return (not exact, "title" not in matched, -year, key)


def misspelt(kb: KnowledgeBase, query: str) -> dict[str, list[str]]:
    """Query words no paper contains (not even as a prefix), each with similar known words.

    Faces use it to say "no paper contains 'hopfeld' (did you mean hopfield?)".
    """
    return unknown_words(paper_index(kb).bm25, query)


def unknown_words(index: BM25Index, query: str) -> dict[str, list[str]]:
    """:func:`misspelt` for any index with ``expand`` and ``similar`` (the cache has one too)."""
    words = [w.text for w in parse_query(query).words] + [
        t for p in parse_query(query).phrases for t in p
    ]
    return {
        word: index.similar(word)
        for word in dict.fromkeys(words)
        if word not in STOP_WORDS and not index.expand(word)
    }


def search(kb: KnowledgeBase, query: str, limit: int | None = None) -> list[Hit]:
    """Papers matching ``query``, best first (see the module docstring for the rules).

    Raises :class:`~neurokb.core.errors.NeuroKBError` for malformed queries (``year:abc``).
    """
    parsed = parse_query(query)
    allowed = matching_keys(kb, parsed.filters) if parsed.filters.active else None
    if not parsed.has_text:
        papers = sort_papers(kb, allowed or ())
        return [Hit(p.key, 0.0, ()) for p in papers][:limit]
    index = paper_index(kb)
    positions = None if allowed is None else {index.positions[key] for key in allowed}
    exact = set(index.titles.get(" ".join(parsed.text_tokens), ()))
    hits = rank(index.bm25, parsed, positions, exact, index.keys.__getitem__)
    if len(hits) > BROAD:  # scores without the exact-title bonus, in index order
        hits = rank(index.bm25, parsed, positions, set(), index.keys.__getitem__)
        exact_keys = {index.keys[doc] for doc in exact}
        hits.sort(
            key=lambda h: broad_order(h.key in exact_keys, h.matched, kb.papers[h.key].year, h.key)
        )
    else:
        hits.sort(key=lambda h: (-h.score, kb.papers[h.key].year, h.key))
    return hits[:limit]


class TermIndex(Protocol):
    """What ranking needs from an index: :class:`BM25Index`, or the SQLite cache's."""

    def add_term(self, scores: Scores, term: str, weight: float = 1.0) -> set[int]: ...
    def expand(self, prefix: str) -> list[str]: ...
    def phrase_docs(self, tokens: tuple[str, ...]) -> set[int]: ...


def rank(
    index: TermIndex,
    parsed: Query,
    allowed: set[int] | None,
    exact: set[int],
    key_of: Callable[[int], str],
) -> list[Hit]:
    """The hits of a query with text, unsorted: the matching rules of the module docstring.

    ``allowed`` holds the documents passing the query's filters (None: no filter), ``exact``
    the documents whose title or key is the query text. Shared by the in-memory search and the
    persistent index (:mod:`neurokb.cache.reader`), so the two rank identically.
    """
    scores, required = _score(index, parsed)
    if allowed is not None:
        required = [docs & allowed for docs in required]
    found = set.intersection(*required) if required else set()
    if not found and len(required) > 1:
        found = set.union(*required)
    best = max((scores.score[d] for d in found), default=0.0)
    in_order: dict[frozenset[str], tuple[str, ...]] = {}  # few distinct sets among many hits

    def matched(fields: set[str]) -> tuple[str, ...]:
        key = frozenset(fields)
        if key not in in_order:
            in_order[key] = tuple(f for f in BOOSTS if f in key)
        return in_order[key]

    return [
        Hit(
            key_of(doc),
            round(scores.score[doc] + (best if doc in exact else 0.0), 4),
            matched(scores.fields[doc]),
        )
        for doc in found
    ]
