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
from typing import Any, TypeVar

from neurokb.core.models import Paper, Topic
from neurokb.graph import Author, author_index
from neurokb.load import parallel
from neurokb.load.parallel import can_fork, other_threads, run_beside, run_split
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
from neurokb.site.downloads import WHOLE_KB, download_files, render_downloads_page, whole_export
from neurokb.site.helper import freeze
from neurokb.site.listings import render_timeline
from neurokb.site.paper_page import render_paper_page
from neurokb.site.topic_page import render_topic_index, render_topic_page

T = TypeVar("T")
# ("paper", Paper), ("author", Author), ("topics", [Topic]), ("part", name), ("whole", format)
Job = tuple[str, Any]
SMALL = ("paper", "author")  # the kinds of job there are thousands of (see _split)
NOTHING: Handoff = ({}, [])  # what a page made in this process hands over: it is all here


@dataclass
class Timings:
    """Seconds spent per part of the build, for the plugin's debug log."""

    parts: dict[str, float] = field(default_factory=dict)

    def measure(self, name: str, make: Callable[[], T]) -> T:
        start = time.perf_counter()
        made = make()
        self.parts[name] = time.perf_counter() - start
        return made


def generate(ctx: SiteContext, timings: Timings | None = None) -> list[GeneratedFile]:
    """All generated pages and files of the site for ``ctx``."""
    entries, parts = every_file(ctx, timings)
    return entries + [file for made in parts.values() for file in made]


def entry_files(ctx: SiteContext, timings: Timings | None = None) -> list[GeneratedFile]:
    """The pages made from one entry each: every paper, topic and author page."""
    return every_file(ctx, timings, parts=())[0]


def every_file(
    ctx: SiteContext, timings: Timings | None = None, parts: Collection[str] | None = None
) -> tuple[list[GeneratedFile], dict[str, list[GeneratedFile]]]:
    """The entry pages (papers, topics, authors, in that order) and the files of each part of
    :data:`SHARED_PARTS` (all of them, or the named ``parts``), by part in its order: what
    :func:`generate` makes.

    Every page and part is one job of one :func:`_split`, so that both cores stay busy to its
    end (the topic pages and the parts were made after it, by this process alone: a tenth of
    its time at 10,000 papers). The topic pages are one job, as the first builds the drawn
    graph that each cuts its neighbourhood from, which a second process would build again.
    The downloads are made after the split, here, from every paper's BibTeX, which the paper
    pages of all processes have stored here by then; only their whole-KB CSL-JSON and RIS
    files, which read nothing a page made, are jobs of the split.
    """
    kb = ctx.kb
    clock = timings or Timings()
    names = [name for name in SHARED_PARTS if parts is None or name in parts]
    papers = sorted(kb.papers.values(), key=lambda p: p.key)
    topics = sorted(kb.topics.values(), key=lambda t: t.id)
    people = list(author_index(kb).authors.values())
    jobs: list[Job] = [("topics", topics)] if topics else []
    jobs += [("part", name) for name in names if name != AFTER_PAGES]
    if AFTER_PAGES in names:  # its two largest files, which read no page's exports
        jobs += [("whole", fmt) for _, fmt, _ in WHOLE_KB if fmt != "bibtex"]
    jobs += [("paper", paper) for paper in papers]
    jobs += [("author", person) for person in people]
    made = clock.measure("pages", lambda: _split(ctx, jobs))
    by_kind: dict[str, list[GeneratedFile]] = {"paper": [], "topics": [], "author": []}
    shared: dict[str, list[GeneratedFile]] = {}
    whole: dict[str, str] = {}
    for (kind, item), files in zip(jobs, made, strict=True):
        if kind == "part":
            shared[item] = files
        elif kind == "whole":
            whole[item] = str(files[0].content)
        else:
            by_kind[kind] += files
    if AFTER_PAGES in names:
        shared[AFTER_PAGES] = clock.measure(AFTER_PAGES, partial(download_files, ctx, whole))
    entries = by_kind["paper"] + by_kind["topics"] + by_kind["author"]
    return entries, {name: shared[name] for name in names}


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


def _job_files(job: Job, ctx: SiteContext) -> list[GeneratedFile]:
    """The files of one job of :func:`every_file`."""
    kind, item = job
    if kind == "paper":
        return [paper_file(item, ctx)]
    if kind == "author":
        return [author_file(item, ctx)]
    if kind == "topics":
        return [topic_file(topic, ctx) for topic in item]
    if kind == "whole":
        return [GeneratedFile(item, whole_export(ctx, item))]
    return SHARED_PARTS[item](ctx)


def _split(ctx: SiteContext, jobs: Sequence[Job]) -> list[list[GeneratedFile]]:
    """``[_job_files(job, ctx) for job in jobs]``, on every core the build may use.

    Only a one-shot build asks for workers (``ctx.workers``, see :mod:`neurokb.load.parallel`,
    which also keeps a list too short to pay for a fork in this process). The pages of papers
    and authors, thousands of small jobs, are claimed in batches by this process and the page
    workers (:func:`~neurokb.load.parallel.run_split`); the few large jobs (the topic pages,
    the whole-KB parts and exports: seconds each at 10,000 papers) are done meanwhile by one
    more forked process (:func:`~neurokb.load.parallel.run_beside`). Among the batches, a
    large job held this process for seconds, while a worker that had filled its pipe with
    pages could only wait for it to read them.

    The first paper and the first author page are made here first: that builds the facts
    every page reads (author index, topic members, citation data) once, before the workers
    are forked, rather than once in each. A forked process's new build-cache values
    (references, BibTeX, layouts) and the keys it read come back with its files, so this
    build writes and keeps them as if one process had made them.
    """
    firsts: dict[int, list[GeneratedFile]] = {}
    for kind in ("paper", "author"):
        first = next((i for i, job in enumerate(jobs) if job[0] == kind), None)
        if first is not None:
            firsts[first] = _job_files(jobs[first], ctx)
    small = [i for i, job in enumerate(jobs) if job[0] in SMALL and i not in firsts]
    large = [i for i, job in enumerate(jobs) if job[0] not in SMALL]
    parent = os.getpid()
    # as run_split: a KB too small for page workers to pay is made here alone
    forking = min(ctx.workers, len(small) // parallel.MIN_CHUNK) > 1
    forking = forking and can_fork() and not other_threads()
    if forking:
        freeze()  # see there: what the pages read stays shared with the forked processes

    def begin() -> None:
        """A forked process's own cache connection, noting what it makes from now on."""
        if os.getpid() != parent and not ctx.cache.recording:
            ctx.cache.reopen()
            ctx.cache.record()

    def handoff() -> Handoff:
        """What this process made since the last call, for the parent (which has it all)."""
        return NOTHING if os.getpid() == parent else ctx.cache.made()

    def read(batch: Sequence[int], progress: object) -> list[tuple[list[GeneratedFile], Handoff]]:
        begin()
        return [(_job_files(jobs[i], ctx), handoff()) for i in batch]

    def beside() -> tuple[list[list[GeneratedFile]], Handoff]:
        begin()
        return [_job_files(jobs[i], ctx) for i in large], handoff()

    def pages() -> list[tuple[list[GeneratedFile], Handoff]]:
        return run_split(read, small, ctx.workers)

    if forking and large:
        done, (big, made) = run_beside(pages, beside)
    else:
        done, (big, made) = pages(), beside()
    out = dict(firsts)
    for i, (files, handed) in zip(small, done, strict=True):
        ctx.cache.merge(handed)
        out[i] = files
    ctx.cache.merge(made)
    out.update(zip(large, big, strict=True))
    return [out[i] for i in range(len(jobs))]


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
AFTER_PAGES = "downloads"  # the part :func:`every_file` makes after the pages (see there)
