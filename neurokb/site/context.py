"""What every page renderer reads: the knowledge base and the facts computed once per build.

A :class:`SiteContext` is made fresh for each build by the plugin and handed to the pure
renderers; nothing here outlives a build, so ``mkdocs serve`` never shows stale pages. The one
exception, its ``cache``, keys every value by the inputs it was made from
(:mod:`neurokb.site.buildcache`), so it cannot return a stale one either.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from neurokb.algorithms.base import Algorithm
from neurokb.core.kb import KnowledgeBase
from neurokb.graph.keys import Algorithms, algorithm_nodes
from neurokb.site.buildcache import BuildCache, off
from neurokb.site.figures import Figure


@dataclass(frozen=True)
class SiteContext:
    kb: KnowledgeBase
    algorithms: Mapping[str, Algorithm]
    figures: Mapping[str, Figure] = field(default_factory=dict)  # algorithm name -> figure
    use_directory_urls: bool = False
    style: str = "apa"  # citation style of references and in-text citations
    cache: BuildCache = field(default_factory=off)  # citeproc results kept between builds
    workers: int = 1  # processes that may render pages (neurokb.load.parallel); >1: one-shot

    @property
    def catalogue(self) -> Algorithms:
        """The algorithms as the graph takes them (data, not the registry)."""
        return algorithm_nodes(self.algorithms)

    def implementations_of(self, paper_key: str) -> list[Algorithm]:
        """Algorithms that implement the paper: named in the entry or by the algorithm."""
        paper = self.kb.papers[paper_key]
        names = [n for n in paper.implementations if n in self.algorithms]
        names += [n for n, a in self.algorithms.items() if paper_key in a.papers]
        return [self.algorithms[n] for n in dict.fromkeys(names)]


@dataclass(frozen=True)
class GeneratedFile:
    """A page or file of the site made from the KB, with the entry it should be edited in."""

    src_uri: str  # relative to docs_dir: "papers/hopfield1982neural.md"
    content: str | bytes
    edit_path: str | None = None  # relative to the KB root: "entries/papers/<key>.yaml"
