"""A small in-memory BM25 index over documents with weighted fields.

Each field keeps its own postings and length statistics, and a term's score in a document is
the sum over fields of ``boost * idf * BM25-tf`` (a simple form of BM25F; Robertson & Zaragoza
2009, "The Probabilistic Relevance Framework: BM25 and Beyond", eq. 3.15 for the tf part). The
IDF is Lucene's ``ln(1 + (N - df + 0.5) / (df + 0.5))``, which is never negative.

Knows nothing about papers: documents are dicts of field -> text. The index's
:class:`~neurokb.cache.termindex.StoredIndex` serves the same statistics from SQLite FTS5
through this class's own scoring methods, so both rank alike.
Building is one pass over the text; a query touches only the postings of its terms, plus a
binary search of the sorted vocabulary for prefix expansion.
"""

from __future__ import annotations

import bisect
import difflib
import heapq
import math
from collections import Counter, defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from neurokb.search.text import contains_phrase, tokenize

K1 = 1.2
B = 0.75
MAX_EXPANSIONS = 64  # prefix expansions per query word, most frequent first


@dataclass
class Scores:
    """Accumulated scores and the fields that matched, per document index."""

    score: dict[int, float] = field(default_factory=lambda: defaultdict(float))
    fields: dict[int, set[str]] = field(default_factory=lambda: defaultdict(set))


class BM25Index:
    """Postings, lengths and normalised texts of ``docs`` (a list of field -> text dicts)."""

    def __init__(self, docs: Sequence[Mapping[str, str]], boosts: Mapping[str, float]) -> None:
        self.boosts = dict(boosts)
        self.size = len(docs)
        self.postings: dict[str, dict[str, dict[int, int]]] = {f: {} for f in boosts}
        self.lengths: dict[str, list[int]] = {f: [0] * len(docs) for f in boosts}
        self.texts: dict[str, list[str]] = {f: [""] * len(docs) for f in boosts}
        df: Counter[str] = Counter()
        for i, doc in enumerate(docs):
            seen: set[str] = set()
            for name in boosts:
                tokens = tokenize(doc.get(name) or "")
                self.lengths[name][i] = len(tokens)
                self.texts[name][i] = " ".join(tokens)
                postings = self.postings[name]
                for term, tf in Counter(tokens).items():
                    postings.setdefault(term, {})[i] = tf
                seen.update(tokens)
            df.update(seen)
        self.df = dict(df)
        self.vocabulary = sorted(df)
        self.avg = {
            f: (sum(lens) / len(lens) if lens else 0.0) or 1.0 for f, lens in self.lengths.items()
        }

    def idf(self, term: str) -> float:
        df = self.df.get(term, 0)
        return math.log(1 + (self.size - df + 0.5) / (df + 0.5))

    def expand(self, prefix: str) -> list[str]:
        """Vocabulary terms starting with ``prefix`` (itself included), most frequent first."""
        start = bisect.bisect_left(self.vocabulary, prefix)
        stop = bisect.bisect_left(self.vocabulary, prefix + "\x7f")
        terms = self.vocabulary[start:stop]
        if len(terms) > MAX_EXPANSIONS:
            terms = sorted(terms, key=lambda t: (-self.df[t], t))[:MAX_EXPANSIONS]
        return terms

    def similar(self, term: str, n: int = 3) -> list[str]:
        """Vocabulary terms spelt like ``term`` (for "did you mean"), most similar first.

        Only terms with the same first letter and a similar length are compared, so this stays
        cheap on a large vocabulary; a typo in the first letter is not corrected.
        """
        pool = self.spelt_alike(term[:1], len(term) - 2, len(term) + 2)
        return close_matches(term, pool, n=n, cutoff=0.75)

    def spelt_alike(self, letter: str, shortest: int, longest: int) -> list[str]:
        """The vocabulary terms starting with ``letter`` whose length is in the range given."""
        start = bisect.bisect_left(self.vocabulary, letter)
        stop = bisect.bisect_left(self.vocabulary, letter + "\x7f")
        return [t for t in self.vocabulary[start:stop] if shortest <= len(t) <= longest]

    def docs_with(self, term: str) -> set[int]:
        out: set[int] = set()
        for postings in self.postings.values():
            out.update(postings.get(term, ()))
        return out

    def add_term(self, scores: Scores, term: str, weight: float = 1.0) -> set[int]:
        """Add ``term``'s BM25 contribution to ``scores``; return the documents it matched."""
        idf = self.idf(term)
        matched: set[int] = set()
        for name, boost in self.boosts.items():
            postings = self.postings[name].get(term)
            if not postings:
                continue
            lengths, avg = self.lengths[name], self.avg[name]
            for doc, tf in postings.items():
                norm = tf * (K1 + 1) / (tf + K1 * (1 - B + B * lengths[doc] / avg))
                scores.score[doc] += weight * boost * idf * norm
                scores.fields[doc].add(name)
                matched.add(doc)
        return matched

    def phrase_docs(self, tokens: Sequence[str], candidates: set[int] | None = None) -> set[int]:
        """Documents in which ``tokens`` occur consecutively in one field."""
        pool = candidates
        for token in tokens:
            docs = self.docs_with(token)
            pool = docs if pool is None else pool & docs
        phrase = " ".join(tokens)
        return {
            doc
            for doc in pool or ()
            if any(contains_phrase(texts[doc], phrase) for texts in self.texts.values())
        }


def close_matches(word: str, pool: Sequence[str], n: int = 3, cutoff: float = 0.75) -> list[str]:
    """:func:`difflib.get_close_matches`, with the same answer, faster on a large ``pool``.

    difflib tests each candidate's ``quick_ratio`` (letters in common, in any order) with a
    Python loop over its letters; at 100k papers the pool of one first letter holds thousands
    of terms. Here the letters in common are counted with ``str.count`` per distinct letter
    of ``word`` (the same number, so the same ratio), and only the candidates that pass get
    difflib's full ``ratio``.
    """
    counts = {letter: word.count(letter) for letter in set(word)}
    others = str.maketrans("", "", "".join(counts))  # deletes the letters of word
    matcher = difflib.SequenceMatcher()
    matcher.set_seq2(word)
    found = []
    for term in pool:
        length = len(term) + len(word)
        if 2.0 * min(len(term), len(word)) / length < cutoff:  # real_quick_ratio
            continue
        # At most the letters of term that occur in word are in common (a bound, in C).
        if 2.0 * (len(term) - len(term.translate(others))) / length < cutoff:
            continue
        common = sum(min(k, term.count(letter)) for letter, k in counts.items())
        if 2.0 * common / length < cutoff:  # quick_ratio
            continue
        matcher.set_seq1(term)
        if (score := matcher.ratio()) >= cutoff:
            found.append((score, term))
    return [term for _, term in heapq.nlargest(n, found)]
