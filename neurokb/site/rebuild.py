"""What a ``mkdocs serve`` rebuild reuses from the previous build of the same site.

``mkdocs serve`` rebuilds the whole site after every saved file, and making every generated
page's Markdown again was the largest part of a rebuild after a one-word edit: topic pages
with their neighbourhood graphs, author pages, every paper page. This module keeps, per
process, the last KB a site was generated from and the files made from it, keyed by the KB
root (module state rather than the plugin's, which resets itself for each build; this state
is compared with its inputs before any use). The next build compares the freshly loaded KB
with the kept one and makes again only what the difference can reach:

- nothing changed in ``entries/`` and in the settings the pages are made with (a hand-written
  page or an unrelated line of ``mkdocs.yml`` was saved): every generated file is reused;
- only the *body* fields of existing papers changed (:data:`BODY`: summary, abstract, notes,
  corrections, equations, keywords): the pages of those papers, the pages whose entry text
  cites them when the abstract or keywords changed (citeproc reads those two: an in-text
  label is made from the cited paper's data), and the parts of the whole-KB files that read
  body fields (:data:`BODY_READERS`) are made again. No other page reads those fields: a
  paper is named elsewhere by its title and label, and placed by its year, venue, authors,
  topics and citations, all outside :data:`BODY`;
- anything else (a paper added, removed, retitled, re-dated, re-authored, re-topiced or
  re-cited, any topic edit, other settings): everything is made again, as a first build.

The result is always :func:`~neurokb.site.build.generate`'s for the new KB; the tests in
``tests/site/test_site_rebuild.py`` check it byte for byte after sequences of edits.

While serving, the build cache's values (a :class:`~neurokb.site.buildcache.KeptValues`) and the theme's compiled
templates (:class:`KeptTemplates`) are kept in memory too, for the same reason.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path

import jinja2
import jinja2.bccache

from neurokb.algorithms.base import Algorithm
from neurokb.core.kb import KnowledgeBase
from neurokb.core.models import Paper
from neurokb.core.textcites import cited_keys
from neurokb.site.build import (
    Timings,
    every_file,
    paper_file,
    shared_files,
    topic_file,
)
from neurokb.site.buildcache import BuildCache, KeptValues
from neurokb.site.context import GeneratedFile, SiteContext
from neurokb.site.figures import Figure

# Paper fields read only by the paper's own page, the algorithm pages (equations), the files
# made from the whole KB, and (through citeproc's data) in-text labels on citing pages.
BODY = frozenset({"summary", "abstract", "notes", "corrections", "equations", "keywords"})
# Those of them citeproc reads (neurokb.cite.csl): a page citing the paper in its text shows
# a label made from its data, so it is made again when one of these changes.
CITEPROC_BODY = ("abstract", "keywords")
# The files made from the whole KB that read body fields, and which (the other parts, the
# listings, papers table, graph data and search keys, name papers by title, label, year,
# venue, authors and topics only): algorithm pages show the equations of the papers they
# implement; the downloads export every field an export format has.
BODY_READERS: dict[str, tuple[str, ...]] = {
    "algorithms": ("equations",),
    "downloads": tuple(sorted(BODY)),
}
TEXT_FIELDS = ("summary", "abstract", "notes")  # entry text that may cite other papers


@dataclass
class _Kept:
    """The previous build of one site: its inputs and what was generated from them."""

    root: Path
    settings: tuple[object, ...]
    kb: KnowledgeBase
    files: list[GeneratedFile]
    parts: dict[str, frozenset[str]]  # src_uri of the files each of SHARED_PARTS made


_kept: dict[Path, _Kept] = {}  # one site per process is served; tests build many


@dataclass(frozen=True)
class Generated:
    files: list[GeneratedFile]
    made: str  # "all" or "N page(s), parts": what this build made again (for the debug log)
    complete: bool  # every generated file was made this build (so its cache use is complete)


def generated(ctx: SiteContext, root: Path, timings: Timings | None = None) -> Generated:
    """:func:`generate` of ``ctx``, reusing what the last build of ``root`` made when the
    KB edit in between cannot have changed it."""
    settings = _settings(ctx)
    kept = _kept.get(root)
    redo = None if kept is None or kept.settings != settings else _to_redo(kept.kb, ctx.kb)
    if kept is not None and redo is not None:
        fresh = [paper_file(ctx.kb.papers[k], ctx) for k in sorted(redo.papers)]
        fresh += [topic_file(ctx.kb.topics[t], ctx) for t in sorted(redo.topics)]
        parts = {name: shared_files(ctx, timings, [name]) for name in sorted(redo.parts)}
        if all(frozenset(f.src_uri for f in parts[n]) == kept.parts[n] for n in parts):
            by_uri = {f.src_uri: f for f in fresh + [f for made in parts.values() for f in made]}
            files = [by_uri.get(f.src_uri, f) for f in kept.files]
            _keep(_Kept(root, settings, ctx.kb, files, kept.parts))
            made = ", ".join([f"{len(fresh)} page(s)", *sorted(parts)])
            return Generated(files, made, False)
    # everything, as :func:`generate` makes it (its two halves), noting which part made what
    files, shared = every_file(ctx, timings)
    files += [f for made in shared.values() for f in made]
    uris = {name: frozenset(f.src_uri for f in made) for name, made in shared.items()}
    _keep(_Kept(root, settings, ctx.kb, files, uris))
    return Generated(files, "all", True)


def forget() -> None:
    """Drop every kept build (tests; a process that serves no more)."""
    _kept.clear()


@dataclass(frozen=True)
class _Pages:
    papers: frozenset[str]
    topics: frozenset[str]
    parts: frozenset[str] = frozenset()  # of SHARED_PARTS


def _to_redo(old: KnowledgeBase, new: KnowledgeBase) -> _Pages | None:
    """The paper and topic pages to make again for the edit from ``old`` to ``new``, or
    ``None`` when the edit reaches further (then everything is made again)."""
    if old.topics != new.topics or old.papers.keys() != new.papers.keys():
        return None
    if old.sources.keys() != new.sources.keys():
        return None
    changed = [key for key, paper in new.papers.items() if old.papers[key] != paper]
    for key in changed:
        if _outside_body(old.papers[key], new.papers[key]):
            return None
    if not changed:
        return _Pages(frozenset(), frozenset())
    parts = {
        name for name, fields in BODY_READERS.items() if _any_differs(old, new, changed, fields)
    }
    edited = {k for k in changed if _differs(old.papers[k], new.papers[k], CITEPROC_BODY)}
    if not edited:
        return _Pages(frozenset(changed), frozenset(), frozenset(parts))
    papers = set(changed) | {k for k, p in new.papers.items() if _cites_in_text(p, edited)}
    topics = {t for t, topic in new.topics.items() if _text_cites(topic.summary, edited)}
    return _Pages(frozenset(papers), frozenset(topics), frozenset(parts))


def _any_differs(
    old: KnowledgeBase, new: KnowledgeBase, keys: list[str], fields: tuple[str, ...]
) -> bool:
    return any(_differs(old.papers[k], new.papers[k], fields) for k in keys)


def _outside_body(old: Paper, new: Paper) -> bool:
    """Whether a field other than :data:`BODY` differs."""
    return old.model_dump(exclude=set(BODY)) != new.model_dump(exclude=set(BODY))


def _differs(old: Paper, new: Paper, fields: tuple[str, ...]) -> bool:
    return any(getattr(old, name) != getattr(new, name) for name in fields)


def _cites_in_text(paper: Paper, keys: set[str]) -> bool:
    return any(_text_cites(getattr(paper, name), keys) for name in TEXT_FIELDS)


def _text_cites(text: str | None, keys: set[str]) -> bool:
    return bool(text) and "@" in text and any(k in keys for _, k in cited_keys(text))


def _settings(ctx: SiteContext) -> tuple[object, ...]:
    """Everything but the KB that the generated files are made from."""
    figures = tuple(sorted((name, fig.png) for name, fig in ctx.figures.items()))
    algorithms = tuple((name, id(alg), _stat(alg.module)) for name, alg in ctx.algorithms.items())
    return (ctx.use_directory_urls, ctx.style, algorithms, figures)


def _stat(module: str) -> tuple[int, int]:
    """When and how big the module's file is: an algorithm page shows its source as read from
    the file (``inspect.getsource``), so an edited file must make the page again."""
    try:
        found = os.stat(sys.modules[module].__file__ or "")
    except (KeyError, OSError):
        return (0, 0)
    return (found.st_mtime_ns, found.st_size)


def _keep(kept: _Kept) -> None:
    _kept.clear()  # one site at a time: a test run builds many, and each KB holds memory
    _kept[kept.root] = kept


# -- values and templates kept in memory between the builds of one `mkdocs serve` ---------------

_values: dict[tuple[Path | None, str], KeptValues] = {}


def build_cache(path: Path | None, salt: str, serving: bool) -> BuildCache:
    """The build cache of one build; while serving, one whose values stay in memory for the
    next build of the same cache file and code."""
    if not serving or path is None:
        return BuildCache(path, salt)
    kept = _values.get((path, salt))
    if kept is None:
        _values.clear()  # one site is served at a time
        kept = _values[(path, salt)] = KeptValues()
    return BuildCache(path, salt, kept)


class KeptTemplates(jinja2.BytecodeCache):
    """The theme's compiled templates, for the next build of the process: MkDocs makes a new
    Jinja environment for each build, which compiled forty Material templates again. Jinja
    checks each kept code against its template's source, so an edited template is compiled
    again."""

    def __init__(self) -> None:
        self.codes: dict[str, bytes] = {}

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        code = self.codes.get(bucket.key)
        if code is not None:
            bucket.bytecode_from_string(code)

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        self.codes[bucket.key] = bucket.bytecode_to_string()


templates = KeptTemplates()


_figures: dict[tuple[object, ...], dict[str, Figure]] = {}


def kept_figures(
    algorithms: Mapping[str, Algorithm],
    cache_dir: Path | None,
    draw: Callable[[], dict[str, Figure]],
) -> dict[str, Figure]:
    """``draw()``'s figures, once per process and algorithm file: a figure is drawn by its
    algorithm's code as the process imported it, which a running ``mkdocs serve`` never
    imports again, so drawing again (or finding the cached drawing by hashing each
    algorithm's import closure, as every rebuild did) gives the same figure. An edited
    algorithm file is looked up again, as its page is made again (:func:`_settings`)."""
    key = (cache_dir, tuple((n, id(a), _stat(a.module)) for n, a in algorithms.items()))
    if key not in _figures:
        _figures.clear()
        _figures[key] = draw()
    return _figures[key]
