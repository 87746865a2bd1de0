"""The one query API of neurokb: what the CLI and the MkDocs plugin ask, whoever answers.

A :class:`Library` answers ``show`` (:meth:`~Library.detail`), ``search``, ``list``
(:meth:`~Library.listing`), ``related``, ``cite``, ``stats``, ``path`` and ``reading-list``,
gives papers by key, streams the concept graph's nodes and edges for ``graph export``
(:meth:`~Library.graph_rows`), and hands over the whole KnowledgeBase (:meth:`~Library.whole`)
and its concept graph (:meth:`~Library.graph`) for what needs every entry (the site, for
one). Two implementations stand behind it:

- :class:`KBLibrary` over a loaded :class:`~neurokb.core.kb.KnowledgeBase`; it is the reference
  every answer must equal, and it raises the errors with suggestions (unknown keys, topics or
  authors);
- :class:`neurokb.library.index.IndexLibrary` over the index, which answers the common
  queries from SQLite without loading every entry, and asks a :class:`KBLibrary` itself
  whenever it cannot answer exactly as the KB would.

The faces call :func:`open_library` and never choose between the two, and never import
:mod:`neurokb.cache`. Results are plain values (models, hits, :mod:`neurokb.core.serialize`
shapes); nothing here prints.

Import cost matters: a warm ``show --json`` or ``search --json`` must not import Pydantic,
so this module imports the models, the KB and the cache only inside the functions that need
them.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

if TYPE_CHECKING:
    import networkx as nx

    from neurokb.cite.citing import Cited
    from neurokb.core.kb import KnowledgeBase
    from neurokb.core.models import Paper, Topic
    from neurokb.explore.readinglist import ReadingList
    from neurokb.explore.related import Related
    from neurokb.graph.build import Algorithms
    from neurokb.graph.export import Edge, Node
    from neurokb.graph.keys import NodeKey
    from neurokb.graph.walk import Hop
    from neurokb.search.engine import Hit
    from neurokb.search.filters import Filters, SortBy

Progress = Callable[[int, int], None]
Bypassed = Callable[[str], None]
"""Told why the index could not be used (once), for the faces' one warning."""


@dataclass(frozen=True)
class Listing:
    """``neurokb list``: how many papers pass, the first ones, and how often each is cited."""

    total: int
    papers: list[Paper]
    cited: dict[str, int] = field(default_factory=dict)  # key -> citing papers, for the shown


@dataclass(frozen=True)
class Found:
    """``neurokb search``: how many papers match, and the best ``limit`` of them."""

    total: int
    hits: list[Hit]


class Library(Protocol):
    """What the faces ask of the knowledge base (see the module docstring)."""

    def paper(self, key: str) -> Paper:
        """The paper ``key``; an unknown key raises with the nearest keys."""
        ...

    def papers(self, keys: Sequence[str]) -> list[Paper]:
        """The papers ``keys``, in that order; any unknown key raises. From the index they are
        :class:`~neurokb.core.paperview.PaperView` s, which read like the models (fields,
        ``label``, ``model_dump``) without importing them."""
        ...

    def entry(self, key: str) -> Paper | Topic:
        """A paper, else a topic (one namespace for lookups); unknown keys raise."""
        ...

    def present(self, keys: Sequence[str]) -> set[str]:
        """Which of ``keys`` are (valid) papers."""
        ...

    def detail(self, key: str) -> dict[str, Any]:
        """``show KEY --json``: the full paper with ``cited_by`` and ``citation``, or the full
        topic with ``subtopics`` and ``papers``."""
        ...

    def search(self, text: str, limit: int | None = None) -> Found:
        """The hits of the query ``text``, best first; malformed or unknown filters raise."""
        ...

    def hit_items(self, hits: Sequence[Hit]) -> list[dict[str, Any]]:
        """The ``search --json`` items of ``hits``."""
        ...

    def misspelt(self, text: str) -> dict[str, list[str]]:
        """Words of ``text`` no paper contains, with spellings that exist."""
        ...

    def listing(
        self, filters: Filters, sort: SortBy, reverse: bool = False, limit: int | None = None
    ) -> Listing:
        """Papers passing ``filters``, sorted; unknown topics or authors raise."""
        ...

    def related(self, key: str, limit: int | None = 10) -> list[Related]:
        """Papers related to ``key``, best first, with their reasons."""
        ...

    def cite(self, keys: Sequence[str], style: str = "apa", fmt: str = "text", *,
             detailed: bool = False) -> Cited:  # fmt: skip
        """References of ``keys`` in a style or an export format."""
        ...

    def problems(self) -> tuple[int, list[str]]:
        """How many errors the entry files have, and which files (for the faces' warning)."""
        ...

    def stats(self, top: int = 10, algorithms: Collection[str] = ()) -> dict[str, Any]:
        """``neurokb stats``: :func:`neurokb.explore.stats.stats` (``algorithms``: the names of
        the reference implementations, which the caller's registry holds)."""
        ...

    def path(
        self, start: str, end: str, algorithms: Algorithms = ()
    ) -> tuple[NodeKey, NodeKey, list[Hop]]:
        """``neurokb path``: the nodes ``start`` and ``end`` name and the chain between them
        (:func:`neurokb.graph.paths.explain_path`); unknown names raise."""
        ...

    def reading_list(self, topic: str, limit: int | None = None) -> ReadingList:
        """``neurokb reading-list``: the first ``limit`` items of the topic's reading order
        (:func:`neurokb.explore.readinglist.reading_order`); unknown topics raise."""
        ...

    def graph_rows(self, algorithms: Algorithms = ()) -> tuple[Iterable[Node], Iterable[Edge]]:
        """The concept graph's nodes, then its edges, as :func:`neurokb.graph.build.iter_nodes`
        and :func:`~neurokb.graph.build.iter_edges` give them, for a streamed export (read
        the nodes first)."""
        ...

    def whole(self) -> KnowledgeBase:
        """Every entry: the KnowledgeBase."""
        ...

    def graph(self, algorithms: Algorithms = ()) -> nx.MultiDiGraph:
        """The concept graph of the whole KB with the ``algorithms`` catalogue (memoised)."""
        ...


class KBLibrary:
    """:class:`Library` over a KnowledgeBase, loaded on first use by ``load``."""

    def __init__(self, load: Callable[[], KnowledgeBase]) -> None:
        self._load = load
        self._kb: KnowledgeBase | None = None

    def whole(self) -> KnowledgeBase:
        if self._kb is None:
            self._kb = self._load()
        return self._kb

    def graph(self, algorithms: Algorithms = ()) -> nx.MultiDiGraph:
        from neurokb.graph.build import build_graph

        return build_graph(self.whole(), algorithms)

    def paper(self, key: str) -> Paper:
        return self.whole().paper(key)

    def papers(self, keys: Sequence[str]) -> list[Paper]:
        kb = self.whole()
        return [kb.paper(key) for key in keys]

    def entry(self, key: str) -> Paper | Topic:
        return self.whole().entry(key)

    def present(self, keys: Sequence[str]) -> set[str]:
        return set(keys) & self.whole().papers.keys()

    def detail(self, key: str) -> dict[str, Any]:
        from neurokb.cite import format_reference
        from neurokb.core.models import Paper
        from neurokb.core.serialize import paper_detail, topic_detail

        kb = self.whole()
        entry = kb.entry(key)
        if isinstance(entry, Paper):
            return paper_detail(kb, entry, format_reference(entry))
        return topic_detail(kb, entry)

    def search(self, text: str, limit: int | None = None) -> Found:
        from neurokb.search import search

        hits = search(self.whole(), text)
        return Found(len(hits), hits[:limit])

    def hit_items(self, hits: Sequence[Hit]) -> list[dict[str, Any]]:
        from neurokb.core.serialize import hit_item

        papers = self.whole().papers
        return [hit_item(papers[h.key], h.score, h.matched) for h in hits]

    def misspelt(self, text: str) -> dict[str, list[str]]:
        from neurokb.search import misspelt

        return misspelt(self.whole(), text)

    def listing(
        self, filters: Filters, sort: SortBy, reverse: bool = False, limit: int | None = None
    ) -> Listing:
        from neurokb.search import list_papers

        kb = self.whole()
        papers = list_papers(kb, filters, sort, reverse)
        shown = papers[:limit]
        return Listing(len(papers), shown, {p.key: len(kb.cited_by.get(p.key, ())) for p in shown})

    def related(self, key: str, limit: int | None = 10) -> list[Related]:
        from neurokb.explore.related import related

        return related(self.whole(), key, limit)

    def cite(self, keys: Sequence[str], style: str = "apa", fmt: str = "text", *,
             detailed: bool = False) -> Cited:  # fmt: skip
        from neurokb.cite.citing import cite

        return cite(self.papers(keys), style, fmt, detailed=detailed)

    def problems(self) -> tuple[int, list[str]]:
        kb = self.whole()
        return len(kb.errors), kb.broken_files

    def stats(self, top: int = 10, algorithms: Collection[str] = ()) -> dict[str, Any]:
        from neurokb.explore.stats import stats

        return stats(self.whole(), top, algorithms)

    def path(
        self, start: str, end: str, algorithms: Algorithms = ()
    ) -> tuple[NodeKey, NodeKey, list[Hop]]:
        from neurokb.graph import explain_path, resolve

        kb = self.whole()
        hops = explain_path(kb, start, end, algorithms)
        return resolve(kb, start, algorithms), resolve(kb, end, algorithms), hops

    def reading_list(self, topic: str, limit: int | None = None) -> ReadingList:
        from neurokb.explore.readinglist import reading_order

        return reading_order(self.whole(), topic, limit)

    def graph_rows(self, algorithms: Algorithms = ()) -> tuple[Iterable[Node], Iterable[Edge]]:
        from neurokb.graph.build import iter_edges, iter_nodes

        kb = self.whole()
        return iter_nodes(kb, algorithms), iter_edges(kb, algorithms)


def load_entries(
    root: Path, *, use_index: bool = True, progress: Progress | None = None,
    bypassed: Bypassed | None = None, one_shot: bool = False,
) -> KnowledgeBase:  # fmt: skip
    """The KnowledgeBase at ``root``: restored from the index when it can be used, else read.

    ``one_shot`` (a command whose process ends with it): load without the cycle collector
    and freeze what was loaded, so the collector never walks 100k entries again.
    """
    from neurokb.cache.open import open_kb
    from neurokb.load.loader import gc_paused

    with gc_paused(freeze=one_shot):
        return open_kb(
            root, use_cache=use_index, progress=progress, bypassed=bypassed,
            workers=_workers(one_shot),
        )  # fmt: skip


def _workers(one_shot: bool) -> int:
    """Processes a first build may use: a one-shot command (no threads of its own) forks one
    per core it may run on; anything else (a server, a test runner) reads alone."""
    if not one_shot:
        return 1
    from neurokb.cache.sync import ALL_CORES

    return ALL_CORES  # counted by a build, if one happens (warm queries skip the import)


def open_library(
    root: Path, *, use_index: bool = True, progress: Progress | None = None,
    bypassed: Bypassed | None = None, one_shot: bool = False,
) -> Library:  # fmt: skip
    """The Library of the KB at ``root``: over the index when one can be used here (it is
    brought up to date first), else over the entries read from their files.

    ``bypassed`` is told, once, why the index could not be used; the KB is then read.
    ``one_shot``: see :func:`load_entries`; such a command also builds a missing index on
    every core it may use.
    """

    def read_files() -> KnowledgeBase:
        return load_entries(root, use_index=False, progress=progress, one_shot=one_shot)

    if use_index:
        from neurokb.library.index import open_index_library

        def restore() -> KnowledgeBase:
            return load_entries(root, progress=progress, bypassed=bypassed, one_shot=one_shot)

        found = open_index_library(root, KBLibrary(restore), progress, bypassed, _workers(one_shot))
        if found is not None:
            return found
    return KBLibrary(read_files)
