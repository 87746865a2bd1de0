"""The :class:`~neurokb.library.Library` over the index: common queries without loading the KB.

Each method asks the index's :class:`~neurokb.cache.reader.Reader` first. Where the reader
cannot give exactly the KnowledgeBase's answer (an unknown key, topic or author, whose error
and suggestions need every entry) it returns None, and this class asks the
:class:`~neurokb.library.KBLibrary` it was given, itself: the faces never choose.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from neurokb.library import Bypassed, Found, KBLibrary, Listing, Progress

if TYPE_CHECKING:
    import networkx as nx

    from neurokb.cache.reader import Reader
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


class IndexLibrary:
    """:class:`~neurokb.library.Library` answered by ``reader``, else by ``kb``."""

    def __init__(self, reader: Reader, kb: KBLibrary) -> None:
        self.reader, self.kb = reader, kb

    def whole(self) -> KnowledgeBase:
        return self.kb.whole()

    def graph(self, algorithms: Algorithms = ()) -> nx.MultiDiGraph:
        return self.kb.graph(algorithms)

    def paper(self, key: str) -> Paper:
        return self.papers([key])[0]

    def papers(self, keys: Sequence[str]) -> list[Paper]:
        """Views of the stored papers (:class:`~neurokb.core.paperview.PaperView`), which read
        like models without importing them."""
        keys = list(keys)
        if self._known(keys):
            return self.reader.views(keys)  # type: ignore[return-value]
        return self.kb.papers(keys)  # explains the unknown ones

    def _known(self, keys: list[str]) -> bool:
        """Whether the index has every paper of ``keys`` (it was refreshed when opened)."""
        return self.reader.present(keys) == set(keys)

    def entry(self, key: str) -> Paper | Topic:
        found = self.reader.entry(key)
        return found if found is not None else self.kb.entry(key)

    def present(self, keys: Sequence[str]) -> set[str]:
        return self.reader.present(list(keys)) if keys else set()

    def detail(self, key: str) -> dict[str, Any]:
        found = self.reader.detail(key)
        return found if found is not None else self.kb.detail(key)

    def search(self, text: str, limit: int | None = None) -> Found:
        found = self.reader.find(text, limit)
        if found is None:
            return self.kb.search(text, limit)
        return Found(*found)

    def hit_items(self, hits: Sequence[Hit]) -> list[dict[str, Any]]:
        return self.reader.items(list(hits)) if hits else []

    def misspelt(self, text: str) -> dict[str, list[str]]:
        return self.reader.misspelt(text)

    def listing(
        self, filters: Filters, sort: SortBy, reverse: bool = False, limit: int | None = None
    ) -> Listing:
        reader = self.reader
        found = reader.listing(filters, sort.value, reverse, limit)
        if found is None:
            return self.kb.listing(filters, sort, reverse, limit)
        total, shown = found
        papers = reader.views(shown) if shown else []
        counts = reader.cited_counts(shown) if shown else {}
        return Listing(total, papers, {key: counts.get(key, 0) for key in shown})

    def related(self, key: str, limit: int | None = 10) -> list[Related]:
        from neurokb.cache.links import related_from_index

        found = related_from_index(self.reader, key, limit)
        return found if found is not None else self.kb.related(key, limit)

    def cite(self, keys: Sequence[str], style: str = "apa", fmt: str = "text", *,
             detailed: bool = False) -> Cited:  # fmt: skip
        keys = list(keys)
        if not self._known(keys):
            return self.kb.cite(keys, style, fmt, detailed=detailed)  # explains the unknown ones
        if len(keys) == 1 and (style, fmt, detailed) == ("apa", "text", False):
            from neurokb.core.cited import Cited

            # One paper in the default style is the reference `show` prints, kept in the
            # index once made: no citeproc, no models.
            return Cited(style, fmt, references=[self.reader.citation(keys[0])])
        from neurokb.cite.citing import cite

        return cite(self.reader.papers(keys), style, fmt, detailed=detailed)

    def problems(self) -> tuple[int, list[str]]:
        return self.reader.broken_files()

    def stats(self, top: int = 10, algorithms: Collection[str] = ()) -> dict[str, Any]:
        from neurokb.cache.graphindex import stats

        found = stats(self.reader, top, algorithms)
        if found is None:  # the cross-entry checks are stale: run them on the stored entries
            from neurokb.cache.graphindex import store_checks

            store_checks(self.reader)
            found = stats(self.reader, top, algorithms)
        return found if found is not None else self.kb.stats(top, algorithms)

    def path(
        self, start: str, end: str, algorithms: Algorithms = ()
    ) -> tuple[NodeKey, NodeKey, list[Hop]]:
        from neurokb.cache.pathindex import path

        found = path(self.reader, start, end, algorithms)
        return found if found is not None else self.kb.path(start, end, algorithms)

    def reading_list(self, topic: str, limit: int | None = None) -> ReadingList:
        from neurokb.cache.graphindex import reading_list

        found = reading_list(self.reader, topic, limit)
        return found if found is not None else self.kb.reading_list(topic, limit)

    def graph_rows(self, algorithms: Algorithms = ()) -> tuple[Iterable[Node], Iterable[Edge]]:
        from neurokb.cache.graphrows import GraphRows

        rows = GraphRows(self.reader.conn, algorithms)
        return rows.nodes(), rows.edges()


def open_index_library(
    root: Path,
    kb: KBLibrary,
    progress: Progress | None,
    bypassed: Bypassed | None,
    workers: int = 1,
) -> IndexLibrary | None:
    """The index of ``root``, brought up to date, behind a Library; None when it cannot be
    used here (``bypassed`` was told why). ``workers``: see :func:`~neurokb.library.open_library`."""
    from neurokb.cache.open import open_reader

    reader = open_reader(root, progress=progress, bypassed=bypassed, workers=workers)
    return IndexLibrary(reader, kb) if reader is not None else None
