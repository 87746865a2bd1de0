"""The KnowledgeBase: every valid entry, the problems found, and where each entry came from.

It is the one value that graph, search, citation and site code read. It is built once by the
loader (or restored from the cache) and not changed afterwards; derived views such as
"who cites this paper" are computed lazily and memoised on the instance, so a rebuilt
KnowledgeBase (``mkdocs serve`` after an edit) never sees stale derived state.
"""

from __future__ import annotations

from collections import defaultdict, deque
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

from neurokb.core.errors import NeuroKBError, Problem, did_you_mean
from neurokb.core.ids import EntryId, Kind
from neurokb.core.models import Paper, Topic

if TYPE_CHECKING:
    from neurokb.load.yamlsrc import Document


@dataclass(frozen=True)
class Source:
    """Where an entry was read from: its path relative to the KB root, and its positions.

    Positions are rarely needed (only to report a problem), so a loader may give ``reread``
    (the loader's :func:`~neurokb.load.loader.reread`, one function for every source) instead
    of ``doc``: the file is then parsed again on first use. Keeping every file's positions in
    memory would cost more than the entries themselves at 100k papers.
    """

    path: str
    doc: Document | None = None
    reread: Callable[[str], Document | None] | None = field(default=None, compare=False)

    @cached_property
    def document(self) -> Document | None:
        """The parsed file with its positions: ``doc``, or the file read again by ``reread``."""
        if self.doc is not None or self.reread is None:
            return self.doc
        return self.reread(self.path)

    def position(self, *path: str | int) -> tuple[int, int]:
        """``(line, column)`` of the value at ``path`` (or its nearest ancestor); (1, 1) if unknown."""
        doc = self.document
        return doc.position(path) if doc else (1, 1)


@dataclass(frozen=True)
class KnowledgeBase:
    root: Path
    papers: dict[str, Paper]
    topics: dict[str, Topic]
    problems: tuple[Problem, ...] = ()
    sources: dict[str, Source] = field(default_factory=dict)  # "papers/<key>" -> Source

    # -- lookups ------------------------------------------------------------------------------
    @cached_property
    def aliases(self) -> dict[str, str]:
        """Alias (``ids``) -> key, for citation keys a manuscript may still use.

        An alias that is also a key, or that two papers claim, is left out: it would be
        ambiguous (``neurokb validate`` reports it).
        """
        claims: dict[str, set[str]] = defaultdict(set)
        for key, paper in self.papers.items():
            for alias in paper.ids:
                claims[alias].add(key)
        return {alias: next(iter(keys)) for alias, keys in claims.items()
                if len(keys) == 1 and alias not in self.papers}  # fmt: skip

    def resolve(self, key: str) -> str:
        """The key itself, or the key of the paper that has ``key`` as an alias."""
        return key if key in self.papers or key in self.topics else self.aliases.get(key, key)

    def paper(self, key: str) -> Paper:
        """The paper with this key or alias, or a NeuroKBError that suggests the nearest keys."""
        try:
            return self.papers[self.resolve(key)]
        except KeyError:
            raise self._unknown(key, "paper") from None

    def topic(self, topic_id: str) -> Topic:
        try:
            return self.topics[topic_id]
        except KeyError:
            raise self._unknown(topic_id, "topic") from None

    def entry(self, key: str) -> Paper | Topic:
        """A paper or a topic: paper keys and topic ids live in one namespace for lookups."""
        if key in self.papers:
            return self.papers[key]
        if key in self.topics:
            return self.topics[key]
        if key in self.aliases:
            return self.papers[self.aliases[key]]
        raise self._unknown(key, "paper or topic")

    def _unknown(self, key: str, what: str) -> NeuroKBError:
        pool = {"paper": self.papers, "topic": self.topics}.get(what)
        candidates = list(pool) if pool is not None else [*self.papers, *self.topics]
        guesses = did_you_mean(key, candidates)
        hint = f"did you mean {', '.join(guesses)}?" if guesses else "see `neurokb list`"
        return NeuroKBError(f"no {what} with key '{key}'", hint)

    def source(self, kind: str, key: str) -> Source | None:
        return self.sources.get(EntryId(Kind(kind), key).name)

    def source_path(self, entry: Paper | Topic) -> str:
        """Path of the entry's YAML file relative to the KB root (for edit links, messages)."""
        if isinstance(entry, Paper):
            return EntryId.paper(entry.key).path
        return EntryId.topic(entry.id).path

    # -- problems ---------------------------------------------------------------------------
    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.is_error]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if not p.is_error]

    @property
    def broken_files(self) -> list[str]:
        """Files that produced at least one error (some may still be loaded, e.g. bad refs)."""
        return sorted({p.path for p in self.errors})

    # -- derived views (memoised; the KB is immutable) ----------------------------------------
    @cached_property
    def cited_by(self) -> dict[str, tuple[str, ...]]:
        """Paper key -> keys of the papers in the KB that cite it, sorted by year then key."""
        back: dict[str, list[str]] = defaultdict(list)
        for paper in self.papers.values():
            for cited in paper.cites:
                if cited in self.papers:
                    back[cited].append(paper.key)
        order = self._year_order
        return {k: tuple(sorted(v, key=order)) for k, v in back.items()}

    @cached_property
    def papers_by_topic(self) -> dict[str, tuple[str, ...]]:
        """Topic id -> keys of the papers about it directly (not its subtopics)."""
        out: dict[str, list[str]] = defaultdict(list)
        for paper in self.papers.values():
            for topic_id in paper.topics:
                out[topic_id].append(paper.key)
        order = self._year_order
        return {k: tuple(sorted(v, key=order)) for k, v in out.items()}

    @cached_property
    def subtopics(self) -> dict[str, tuple[str, ...]]:
        """Topic id -> ids of the topics that name it as a parent."""
        out: dict[str, list[str]] = defaultdict(list)
        for topic in self.topics.values():
            for parent in topic.parents:
                out[parent].append(topic.id)
        return {k: tuple(sorted(v)) for k, v in out.items()}

    def descendants(self, topic_id: str) -> list[str]:
        """The topic and all topics below it, breadth first, each once (cycles are tolerated)."""
        seen, queue, found = [topic_id], deque([topic_id]), {topic_id}
        while queue:
            for child in self.subtopics.get(queue.popleft(), ()):
                if child not in found:  # a set: a chain of thousands of topics stays linear
                    found.add(child)
                    seen.append(child)
                    queue.append(child)
        return seen

    def _year_order(self, key: str) -> tuple[int, str]:
        return (self.papers[key].year, key)
