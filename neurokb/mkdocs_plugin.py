"""The ``neurokb`` MkDocs plugin: hands the pages generated from ``entries/`` to MkDocs.

Glue only. Loading is :func:`neurokb.library.open_library` (its ``whole()`` KB), page content is
:func:`neurokb.site.build.generate` (through :mod:`neurokb.site.rebuild`, which lets a
``mkdocs serve`` rebuild reuse the pages an edit cannot reach), citations are
:mod:`neurokb.site.citations`; this module turns their results into MkDocs files, warnings and
errors. Every build starts from fresh state (set in ``on_config``), so ``mkdocs serve`` never
shows pages of an older KB. A one-shot ``mkdocs build`` (never ``serve``) shares its page work
with forked processes: the generated files (:func:`neurokb.site.build.every_file`) and
MkDocs' two page loops (:mod:`neurokb.site.helper`).
"""

from __future__ import annotations

import logging
import posixpath
import time
from pathlib import Path
from typing import Any

import jinja2
from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.livereload import LiveReloadServer
from mkdocs.plugins import BasePlugin, CombinedEvent, event_priority
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.pages import Page

from neurokb.algorithms.base import registry
from neurokb.core.errors import NeuroKBError
from neurokb.core.kb import KnowledgeBase
from neurokb.library import open_library
from neurokb.load.parallel import cpu_workers
from neurokb.load.report import format_problem
from neurokb.site import (
    buildcache,
    citations,
    figures,
    helper,
    home,
    navmemo,
    portcheck,
    rebuild,
    search_index,
)
from neurokb.site.build import Timings
from neurokb.site.context import SiteContext
from neurokb.site.pagecache import (
    CACHED_SOURCE,
    CACHED_TEMPLATE,
    CachedPage,
    Conversions,
    PageOutputs,
    SearchEntries,
)

log = logging.getLogger("mkdocs.plugins.neurokb")

ASSETS = Path(__file__).parent / "assets"
# Site paths of the vendored and own assets every page loads (see neurokb/assets/README.md).
EXTRA_CSS = ("assets/katex/katex.min.css", "assets/neurokb/neurokb.css")
EXTRA_JS = (
    "assets/katex/katex.min.js",
    "assets/cytoscape/cytoscape.min.js",
    "assets/neurokb/math.js",
    "assets/neurokb/table.js",
    "assets/neurokb/graph.js",
    "assets/neurokb/graph-map.js",
    "assets/neurokb/search-keys.js",
    "assets/neurokb/papers-table.js",
)
IFRAME_WORKER = "assets/iframe-worker/shim.js"


class NeuroKBConfig(base.Config):
    root = c.Optional(c.Dir(exists=True))  # folder holding entries/; default: beside mkdocs.yml
    figure_cache = c.Type(str, default=".neurokb-cache/figures")  # relative to root; "" = off
    # Citations and page HTML kept between builds (neurokb/site/buildcache.py); "" = off.
    build_cache = c.Type(str, default=".neurokb-cache/site.sqlite")
    style = c.Type(str, default="apa")


class NeuroKBPlugin(BasePlugin[NeuroKBConfig]):
    supports_multiple_instances = False

    def __init__(self) -> None:
        self.kb: KnowledgeBase | None = None
        self.root = Path.cwd()
        self.check_port = False  # set by `mkdocs serve`, for its first build only
        self.serving = False  # `mkdocs serve`: this object is kept for each of its rebuilds
        self.one_shot = False  # `mkdocs build`: no threads, so page workers may be forked
        self.helper: helper.Helper | None = None  # the forked process doing pages from the end
        self.cache = buildcache.off()
        self.conversions: Conversions | None = None
        self.search: SearchEntries | None = None
        self.outputs: PageOutputs | None = None
        self.nav: Any = None
        self.complete = True  # this build made every generated file (not a partial rebuild)

    def on_startup(self, *, command: str, dirty: bool) -> None:
        self.check_port = self.serving = command == "serve"
        self.one_shot = command == "build"

    @event_priority(100)  # before Material's offline plugin, which would add a CDN shim
    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        self.kb = None
        self.complete = True
        if self.check_port:  # before the first build, not after it (later builds own the port)
            self.check_port = False
            host, port = config.dev_addr.host, config.dev_addr.port
            problem = portcheck.port_problem(host, port)
            if problem:
                raise PluginError(f"neurokb: {problem}")
        config_dir = Path(config.config_file_path or "mkdocs.yml").resolve().parent
        self.root = Path(self.config.root).resolve() if self.config.root else config_dir
        self.cache.abandon()  # a previous build that failed before on_post_build
        path = self.root / self.config.build_cache if self.config.build_cache else None
        salt = buildcache.code_salt() if path else ""
        self.cache = rebuild.build_cache(path, salt, serving=self.serving)
        self.conversions = Conversions(self.cache, config)
        self.outputs = PageOutputs(self.cache, config) if path else None  # none: plain MkDocs
        for css in EXTRA_CSS:
            if css not in config.extra_css:
                config.extra_css.append(css)
        for js in EXTRA_JS:
            if js not in [str(s) for s in config.extra_javascript]:
                config.extra_javascript.append(js)
        polyfills = config.extra.setdefault("polyfills", [])
        if IFRAME_WORKER not in polyfills:
            polyfills.append(IFRAME_WORKER)
        return config

    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        start = time.perf_counter()
        kb = self._load()
        algorithms = registry()
        cache = self.root / self.config.figure_cache if self.config.figure_cache else None

        def told(done: int, total: int, name: str) -> None:  # seconds each on a fresh clone
            log.info("neurokb: drew figure %d/%d (%s)", done, total, name)

        def draw() -> dict[str, figures.Figure]:
            todo = sum(not figures.is_cached(alg, cache) for alg in algorithms.values())
            if todo:
                log.info("neurokb: drawing %d algorithm figure(s) …", todo)
            try:
                return figures.draw_all(algorithms, cache, cpu_workers(), told)
            except figures.FigureError as exc:
                raise PluginError(f"neurokb: {exc}") from exc

        made = rebuild.kept_figures(algorithms, cache, draw) if self.serving else draw()
        workers = cpu_workers() if self.one_shot else 1
        ctx = SiteContext(
            kb, algorithms, made, config.use_directory_urls, self.config.style, self.cache, workers
        )
        timings = Timings()
        titles = _nav_titles(config.nav)
        listed = set(titles)
        to_root = self._to_root(config)
        generated = rebuild.generated(ctx, self.root, timings)
        self.complete = generated.complete
        for item in generated.files:
            hidden = item.src_uri.endswith(".md") and item.src_uri not in listed
            inclusion = InclusionLevel.NOT_IN_NAV if hidden else InclusionLevel.UNDEFINED
            file = File.generated(config, item.src_uri, content=item.content, inclusion=inclusion)
            if item.edit_path:
                file.edit_uri = to_root + item.edit_path
            files.append(file)
        self._add_assets(files, config)
        for file in files.documentation_pages():
            if file.page is None and self.conversions is not None:
                CachedPage(titles.get(file.src_uri), file, config, self.conversions)
        drawn = sum(not f.cached for f in made.values())
        log.debug(
            "generated %s for %d papers, %d topics in %.2fs (%s; %d figure(s) drawn)",
            generated.made, len(kb.papers), len(kb.topics), time.perf_counter() - start,
            ", ".join(f"{k} {v:.2f}s" for k, v in timings.parts.items()), drawn,
        )  # fmt: skip
        self.kb = kb
        return files

    @event_priority(-1000)  # last: a helper forked here must see every plugin's work
    def on_nav(self, nav: Any, *, config: MkDocsConfig, files: Files) -> Any:
        if self.conversions is not None:  # every plugin has added its files by now
            self.conversions.know_files(files)
            if self.one_shot:
                pages = [
                    f.page for f in files.documentation_pages() if isinstance(f.page, CachedPage)
                ]
                self.helper = helper.converting(self.cache, pages, config, files)
        index = SearchEntries.find(config.plugins) if self.config.build_cache else None
        self.search = SearchEntries(self.cache, index) if index is not None else None
        self.nav = nav
        return nav

    @event_priority(-1000)  # last, as on_nav
    def on_env(self, env: Any, *, config: MkDocsConfig, files: Files) -> Any:
        self._stop_helper()  # every page is converted
        if self.serving:  # the next rebuild need not compile the theme's templates again
            env.bytecode_cache = rebuild.templates
        if self.outputs is not None:  # give each page the template that prints its output
            cached = jinja2.DictLoader({CACHED_TEMPLATE: CACHED_SOURCE})
            env.loader = jinja2.ChoiceLoader([cached, env.loader])
        # After the loader is set (templates are kept per loader), before a helper is forked.
        navmemo.install(env, self.nav, config)
        if self.outputs is not None:
            pages = [f.page for f in files.documentation_pages() if f.page is not None]
            kept = self.outputs.prepare(pages, self.nav, env)
            if self.one_shot:
                self.helper = helper.rendering(self.cache, kept, config, self.nav, files)
        return env

    @event_priority(100)  # first: the parent takes the page before it reads it
    def on_pre_page(self, page: Page, *, config: MkDocsConfig, files: Files) -> Page:
        if self.helper is not None:
            self.helper.claim(page)
        return page

    @event_priority(50)  # just before the search plugin reads the page
    def _search_before(self, context: Any, *, page: Page, config: MkDocsConfig, nav: Any) -> Any:
        if self.helper is not None:
            self.helper.claim(page)
        if self.search is not None:
            self.search.before(page)
        return context

    @event_priority(-50)  # just after it
    def _search_after(self, context: Any, *, page: Page, config: MkDocsConfig, nav: Any) -> Any:
        if self.search is not None:
            self.search.after(page)
        return context

    @event_priority(-1000)  # the final context, which the template renders
    def _output(self, context: Any, *, page: Page, config: MkDocsConfig, nav: Any) -> Any:
        return self.outputs.context(page, context) if self.outputs is not None else context

    on_page_context = CombinedEvent(_search_before, _search_after, _output)

    def on_page_markdown(
        self, markdown: str, *, page: Page, config: MkDocsConfig, files: Files
    ) -> str:
        if self.kb is None or page.file.generated_by:
            return markdown
        src = page.file.src_uri
        markdown = home.insert_coverage(markdown, self.kb, src)
        done = citations.process_citations(
            markdown, self.kb, src, self.config.style, cache=self.cache
        )
        for problem in done.problems:
            log.warning(problem.message(posixpath.join(Path(config.docs_dir).name, src)))
        return done.markdown

    @event_priority(-100)  # after Material's search and offline plugins wrote the index
    def on_post_build(self, *, config: MkDocsConfig) -> None:
        self._stop_helper()
        if self.kb is not None:
            papers = search_index.paper_records(self.kb, config.use_directory_urls)
            search_index.rewrite(Path(config.site_dir), papers)
        log.debug("neurokb: build cache %d hit(s), %d miss(es)", self.cache.hits, self.cache.misses)
        self.cache.close(prune=self.complete)  # a partial rebuild did not see every value used

    def on_build_error(self, *, error: Exception) -> None:
        self._stop_helper()
        self.cache.abandon()

    def on_serve(
        self, server: LiveReloadServer, *, config: MkDocsConfig, builder: Any
    ) -> LiveReloadServer:
        server.watch(str(self.root / "entries"))
        return server

    # -- helpers -------------------------------------------------------------------------------
    def _stop_helper(self) -> None:
        if self.helper is not None:
            self.helper.close()
        self.helper = None

    def _load(self) -> KnowledgeBase:
        try:
            kb = open_library(self.root, one_shot=self.one_shot).whole()
        except NeuroKBError as exc:
            raise PluginError(
                f"neurokb: {exc}" + (f"\n    hint: {exc.hint}" if exc.hint else "")
            ) from exc
        for problem in kb.warnings:
            log.info(format_problem(problem).replace("\n", " "))
        if kb.errors:
            shown = "\n".join(format_problem(p) for p in kb.errors)
            raise PluginError(
                f"neurokb: {len(kb.errors)} error(s) in {', '.join(kb.broken_files)}; "
                f"fix them (`neurokb validate` shows the same list):\n{shown}"
            )
        return kb

    def _to_root(self, config: MkDocsConfig) -> str:
        """``edit_uri`` is relative to the docs folder; entries live beside it, at the root."""
        docs = Path(config.docs_dir).resolve()
        try:
            depth = len(docs.relative_to(self.root).parts)
        except ValueError:
            depth = 1
        return "../" * depth

    def _add_assets(self, files: Files, config: MkDocsConfig) -> None:
        """Copy the vendored scripts, styles and fonts into the site (no CDN, works offline)."""
        for path in sorted(ASSETS.rglob("*")):
            if path.is_file() and path.name != "README.md":
                rel = path.relative_to(ASSETS).as_posix()
                files.append(File.generated(config, f"assets/{rel}", abs_src_path=str(path)))


def _nav_titles(nav: Any, title: str | None = None) -> dict[str, str | None]:
    """Every page path named in the ``nav`` setting, with the title the nav gives it (pages
    elsewhere are linked, not listed). A page made before the nav keeps only this title."""
    if isinstance(nav, str):
        return {nav: title}
    if isinstance(nav, dict):
        return {p: t for key, value in nav.items() for p, t in _nav_titles(value, key).items()}
    if isinstance(nav, list):
        return {p: t for item in nav for p, t in _nav_titles(item).items()}
    return {}
