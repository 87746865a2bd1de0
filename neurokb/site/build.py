"""Everything the site generates from a knowledge base, as a list of in-memory files.

:func:`generate` is the one function the MkDocs plugin calls: it decides which pages exist
and where, so the plugin only hands the result to MkDocs. Each file carries the entry it is
made from, which becomes the page's "edit" link.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass, field
from functools import partial
from typing import TypeVar

from neurokb.core.models import Paper, Topic
from neurokb.graph import Author, author_index
from neurokb.load.parallel import run_split
from neurokb.load.rules_doc import rules_markdown
from neurokb.site import md, paper_table, search_index, topic_map, urls
from neurokb.site.algorithm_page import (
    module_path,
    render_algorithm_index,
    render_algorithm_page,
)
from neurokb.site.author_page import render_author_index, render_author_page
from neurokb.site.buildcache import Handoff
from neurokb.site.context import GeneratedFile, SiteContext
from neurokb.site.downloads import download_files, render_downloads_page
from neurokb.site.listings import render_timeline
from neurokb.site.paper_page import render_paper_page
from neurokb.site.topic_page import render_topic_index, render_topic_page

T = TypeVar("T")
NOTHING: Handoff = ({}, [])  # what a page made in this process hands over: it is all here


@dataclass
class Timings:
    """Seconds spent per part of the build, for the plugin's debug log."""

    parts: dict[str, float] = field(default_factory=dict)

    def measure(self, name: str, make: Callable[[], list[GeneratedFile]]) -> list[GeneratedFile]:
        start = time.perf_counter()
        made = make()
        self.parts[name] = time.perf_counter() - start
        return made


def generate(ctx: SiteContext, timings: Timings | None = None) -> list[GeneratedFile]:
    """All generated pages and files of the site for ``ctx``."""
    return entry_files(ctx, timings) + shared_files(ctx, timings)


def entry_files(ctx: SiteContext, timings: Timings | None = None) -> list[GeneratedFile]:
    """The pages made from one entry each: every paper, topic and author page."""
    kb = ctx.kb
    clock = timings or Timings()
    authors = author_index(kb).authors
    papers = sorted(kb.papers.values(), key=lambda p: p.key)
    topics = sorted(kb.topics.values(), key=lambda t: t.id)
    files: list[GeneratedFile] = []
    files += clock.measure("papers", lambda: _split(ctx, paper_file, papers))
    files += clock.measure("topics", lambda: _split(ctx, topic_file, topics))
    people = list(authors.values())
    files += clock.measure("authors", lambda: _split(ctx, author_file, people))
    return files


def paper_file(paper: Paper, ctx: SiteContext) -> GeneratedFile:
    return GeneratedFile(
        urls.paper(paper.key), render_paper_page(paper, ctx), ctx.kb.source_path(paper)
    )


def topic_file(topic: Topic, ctx: SiteContext) -> GeneratedFile:
    return GeneratedFile(
        urls.topic(topic.id), render_topic_page(topic, ctx), ctx.kb.source_path(topic)
    )


def author_file(author: Author, ctx: SiteContext) -> GeneratedFile:
    return GeneratedFile(urls.author(author.id), render_author_page(author, ctx))


def _split(
    ctx: SiteContext, make: Callable[[T, SiteContext], GeneratedFile], items: Sequence[T]
) -> list[GeneratedFile]:
    """``[make(item, ctx) for item in items]``, on every core the build may use.

    Only a one-shot build asks for workers (``ctx.workers``, see :mod:`neurokb.load.parallel`,
    which also keeps a list too short to pay for a fork in this process). The first page is
    made here first: that builds the facts every page reads (author index, topic members,
    citation data) once, before the workers are forked, rather than once in each. A worker's
    new build-cache values (references, BibTeX) and the keys it read come back with its pages,
    so this build writes and keeps them as if one process had made them.
    """
    if not items:
        return []
    first = make(items[0], ctx)
    parent = os.getpid()

    def read(batch: Sequence[T], progress: object) -> list[tuple[GeneratedFile, Handoff]]:
        if os.getpid() == parent:
            return [(make(item, ctx), NOTHING) for item in batch]
        if not ctx.cache.recording:  # this worker's first batch
            ctx.cache.reopen()
            ctx.cache.record()
        return [(make(item, ctx), ctx.cache.made()) for item in batch]

    rest = run_split(read, items[1:], ctx.workers)
    for _, made in rest:
        if made is not NOTHING:
            ctx.cache.merge(made)
    return [first, *(file for file, _ in rest)]


def shared_files(
    ctx: SiteContext, timings: Timings | None = None, parts: Collection[str] = ()
) -> list[GeneratedFile]:
    """The files made from the whole KB rather than one entry: algorithm pages, listings, the
    papers table, graph data, downloads and search keys; only the named ``parts`` (of
    :data:`SHARED_PARTS`) when given (a live rebuild makes only those an edit can reach)."""
    clock = timings or Timings()
    files: list[GeneratedFile] = []
    for name, make in SHARED_PARTS.items():
        if not parts or name in parts:
            files += clock.measure(name, partial(make, ctx))
    return files


def _listings(ctx: SiteContext) -> list[GeneratedFile]:
    return [
        GeneratedFile(urls.TOPIC_INDEX, render_topic_index(ctx)),
        GeneratedFile(urls.AUTHOR_INDEX, render_author_index(ctx)),
        GeneratedFile(urls.TIMELINE, render_timeline(ctx)),
        GeneratedFile(urls.DOWNLOADS_PAGE, render_downloads_page(ctx)),
        GeneratedFile(
            urls.RULES, md.front_matter("Rule codes") + rules_markdown(), "neurokb/core/errors.py"
        ),
    ]


def _search_keys(ctx: SiteContext) -> list[GeneratedFile]:
    return [
        GeneratedFile(search_index.KEYS, search_index.key_script(ctx.kb, ctx.use_directory_urls))
    ]


def _algorithm_files(ctx: SiteContext) -> list[GeneratedFile]:
    files = [GeneratedFile(urls.ALGORITHM_INDEX, render_algorithm_index(ctx))]
    for name, alg in ctx.algorithms.items():
        files.append(
            GeneratedFile(urls.algorithm(name), render_algorithm_page(alg, ctx), module_path(alg))
        )
        if name in ctx.figures:
            files.append(GeneratedFile(urls.algorithm_figure(name), ctx.figures[name].png))
    return files


# The files made from the whole KB, by part, in the order of the site's file list.
SHARED_PARTS: dict[str, Callable[[SiteContext], list[GeneratedFile]]] = {
    "algorithms": _algorithm_files,
    "papers table": paper_table.files,
    "listings": _listings,
    "graph": topic_map.files,
    "downloads": download_files,
    "search": _search_keys,
}
