"""MkDocs pages that keep their Markdown-to-HTML conversion between builds.

Python-Markdown was the largest share of a warm build (four in ten seconds): it converted a
thousand pages whose text had not changed since the last build. A :class:`CachedPage`
converts as MkDocs does the first time and stores what the conversion produced (the HTML,
the table of contents, the title, the anchors and the links to anchors that MkDocs validates
after all pages are rendered); the next build with the same inputs takes them from the
:class:`~neurokb.site.buildcache.BuildCache` and skips Python-Markdown. The output is the one
Python-Markdown gives, by construction.

The key is everything the conversion reads: the page's Markdown after every plugin's
``on_page_markdown`` (so citations on hand-written pages are included), its source and
destination paths, the names of all files of the site (link checks and relative links depend
on them), the Markdown settings of ``mkdocs.yml``, and the code and library versions (the
cache's salt). A page whose conversion logged a warning is not stored: the next build
converts it again and says it again.
"""

from __future__ import annotations

import hashlib
import json
import logging
import re
from collections.abc import Callable
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import get_toc

from neurokb.site.buildcache import BuildCache
from neurokb.site.convert import Converter
from neurokb.site.searchcut import without_excluded

# The settings of mkdocs.yml that shape a page's HTML (the theme shapes the template, later).
CONVERSION_SETTINGS = (
    "markdown_extensions",
    "mdx_configs",
    "use_directory_urls",
    "validation",
)


def stable(value: Any) -> str:
    """A repr that is the same in every process: functions by their import name (an emoji
    generator in ``mdx_configs``), never by their address."""
    if callable(value) and hasattr(value, "__qualname__"):
        return f"{getattr(value, '__module__', '')}.{value.__qualname__}"
    if isinstance(value, dict):
        return "{" + ",".join(f"{stable(k)}:{stable(v)}" for k, v in value.items()) + "}"
    if isinstance(value, (list, tuple)):
        return "[" + ",".join(stable(v) for v in value) + "]"
    if hasattr(value, "items") and callable(value.items):  # MkDocs' config sections
        return stable(dict(value.items()))
    return repr(value)


class Conversions:
    """The cache and the build-wide part of every page's key."""

    def __init__(self, cache: BuildCache, config: MkDocsConfig) -> None:
        self.cache = cache
        self.settings = stable({name: config.get(name) for name in CONVERSION_SETTINGS})
        self.files = ""  # set by :meth:`know_files` once the plugins have added theirs
        self.converter = Converter(config)  # one Markdown instance for the pages not stored

    def know_files(self, files: Files) -> None:
        names = sorted(f.src_uri for f in files)
        self.files = hashlib.blake2b("\0".join(names).encode(), digest_size=20).hexdigest()

    def key(self, page: Page) -> str:
        parts = [self.settings, self.files, page.file.src_uri, page.file.dest_uri]
        return self.cache.key("page", [*parts, page.markdown or ""])


class _Warnings(logging.Handler):
    """Counts the warnings MkDocs logs while one page is converted."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.count = 0

    def emit(self, record: logging.LogRecord) -> None:
        self.count += 1


class CachedPage(Page):
    """A page whose :meth:`render` reuses the stored conversion of the same inputs."""

    def __init__(
        self, title: str | None, file: File, config: MkDocsConfig, conversions: Conversions
    ) -> None:
        super().__init__(title, file, config)
        self.conversions = conversions

    def render(self, config: MkDocsConfig, files: Files) -> None:
        key = self.conversions.key(self)
        stored = self.conversions.cache.get(key)
        if stored is not None and self._restore(stored, files.get_file_from_path):
            return
        warnings = _Warnings()
        logger = logging.getLogger("mkdocs")
        logger.addHandler(warnings)
        try:
            self.conversions.converter.render(self, config, files)
        finally:
            logger.removeHandler(warnings)
        if not warnings.count:
            self.conversions.cache.put(key, self._state())

    def _state(self) -> dict[str, Any]:
        return {
            "content": self.content,
            "toc": [_token(item) for item in self.toc],
            "title": self._title_from_render,
            "anchors": sorted(self.present_anchor_ids or ()),
            "links": {f.src_uri: links for f, links in (self.links_to_anchors or {}).items()},
        }

    def _restore(self, state: dict[str, Any], find: Callable[[str], File | None]) -> bool:
        links = {}
        for src_uri, anchors in state["links"].items():
            target = find(src_uri)
            if target is None:  # cannot happen with the same file names; convert to be sure
                return False
            links[target] = anchors
        self.content = state["content"]
        self.toc = get_toc(state["toc"])
        self._title_from_render = state["title"]
        self.present_anchor_ids = set(state["anchors"])
        if links and logging.getLogger("mkdocs").getEffectiveLevel() > logging.DEBUG:
            self.links_to_anchors = links
        return True


def _token(item: Any) -> dict[str, Any]:
    """A table-of-contents entry back as the token :func:`get_toc` reads."""
    return {
        "level": item.level,
        "id": item.id,
        "name": item.title,
        "children": [_token(child) for child in item.children],
    }


# What Material's search plugin removes from the HTML of each page it indexes (the same
# expression as its own; the bodies searchcut removes never hold one).
SEARCH_ATTRIBUTES = re.compile(r"\s?data-search-\w+=\"[^\"]+\"")


class SearchEntries:
    """The search plugin's records of each page, kept between builds like the conversions.

    Material's search plugin parses every page's HTML again to cut it into records (a sixth
    of a warm build). The records of a page depend on its HTML, table of contents, URL,
    title and front matter, and on the plugin's settings; when those are unchanged, the
    stored records are added to the plugin's index in the same place, and the page is
    flagged ``search.exclude`` just while the plugin would parse it. When they are not, the
    plugin is shown the page without the bodies of its excluded sections
    (:mod:`neurokb.site.searchcut`: the same records for less parsing), and the page gets its
    whole HTML back afterwards, with the change the plugin makes to what it parsed
    (:data:`SEARCH_ATTRIBUTES`). :meth:`before` and :meth:`after` run around the plugin's
    ``on_page_context``.
    """

    def __init__(self, cache: BuildCache, index: Any) -> None:
        self.cache = cache
        self.index = index  # the plugin's SearchIndex: its ``entries`` list and ``config``
        self.settings = stable(getattr(index, "config", {}))
        self._pending: dict[str, tuple[str, int, Any]] = {}  # page URL -> key, start, meta
        self._whole: dict[str, tuple[str, str]] = {}  # page URL -> its HTML, what was parsed

    @staticmethod
    def find(plugins: Any) -> Any | None:
        """The search plugin's index, when it is one whose records we know how to keep."""
        for plugin in plugins.values():
            index = getattr(plugin, "search_index", None)
            if isinstance(getattr(index, "entries", None), list):
                return index
        return None

    def key(self, page: Page) -> str:
        toc = _data([_token(item) for item in page.toc])
        parts = [self.settings, page.url, str(page.title), _data(page_meta(page)), toc]
        return self.cache.key("search", [*parts, page.content or ""])

    def before(self, page: Page) -> None:
        key = self.key(page)
        stored = self.cache.get(key)
        search = page.meta.get("search")
        excluded = isinstance(search, dict) and search.get("exclude")
        if stored is None or excluded:
            self._pending[page.url] = (key, len(self.index.entries), None)
            shown = None if excluded else without_excluded(page.content or "")
            if shown is not None:
                self._whole[page.url] = (page.content, shown)
                page.content = shown
            return
        self.index.entries.extend(stored)
        self._pending[page.url] = ("", 0, search)
        page.meta["search"] = {**(search or {}), "exclude": True}

    def after(self, page: Page) -> None:
        if page.url in self._whole:
            whole, shown = self._whole.pop(page.url)
            changed = page.content != shown  # the plugin ran and removed search attributes
            page.content = SEARCH_ATTRIBUTES.sub("", whole) if changed else whole
        key, start, search = self._pending.pop(page.url, ("", 0, None))
        if key:
            self.cache.put(key, self.index.entries[start:])
        elif search is None:
            page.meta.pop("search", None)
        else:
            page.meta["search"] = search


CACHED_TEMPLATE = "neurokb-cached-page.html"  # prints the stored output as it is
CACHED_VARIABLE = "neurokb_cached_page"
CACHED_SOURCE = "{{ " + CACHED_VARIABLE + " | safe }}"
MAIN_TEMPLATE = "main.html"  # MkDocs' template of a page without a ``template`` setting
SITE_SETTINGS = (
    "site_name", "site_url", "site_description", "site_author", "repo_url", "repo_name",
    "edit_uri", "copyright", "use_directory_urls", "extra", "extra_css", "extra_javascript",
    "markdown_extensions", "mdx_configs",
)  # fmt: skip


class PageOutputs:
    """Each page's finished HTML (the theme's template around its content), kept between
    builds so that a rebuild after one edit renders only the pages that changed.

    Material's templates were half of a warm build once Markdown was cached: every page
    renders the navigation, header and footer. The template's output depends on the page
    (HTML, table of contents, title, front matter, URLs, edit link, previous and next page,
    its sections) and on the site (the navigation, settings and theme, and the code and
    library versions in the cache's salt). When all are unchanged, the page is given a
    template that prints the stored output, through MkDocs' own per-page ``template``
    setting; the output then goes through the other plugins' ``on_post_page`` as before.
    """

    def __init__(self, cache: BuildCache, config: MkDocsConfig) -> None:
        self.cache = cache
        theme = config.theme
        site = {name: config.get(name) for name in SITE_SETTINGS}
        site["theme"] = [theme.name, list(theme.dirs), {k: theme[k] for k in sorted(theme)}]
        self.site = stable(site)
        self._kept: set[str] = set()  # URLs of the pages given the cached-output template
        self._site = ""  # the key of the site's part of every output (set by :meth:`prepare`)
        self.env: Any = None  # the theme's templates (set by :meth:`prepare`)

    def prepare(self, pages: list[Page], nav: Any, env: Any) -> list[Page]:
        """Give each page the template that prints its output; called once every page is
        converted. Gives those pages (a helper may make their outputs).

        A page's key is made by :meth:`context`, not here: each key hashes the page's whole
        HTML, and made here for every page, by this process alone before the page loop, they
        were a second of a 10,000-paper build that a helper could not share.
        """
        self.env = env
        self._site = self.cache.key("site", [self.site, _nav_digest(nav)])
        kept = []
        for page in pages:
            if page.file.inclusion.is_excluded() or "template" in page.meta:
                continue
            page.meta["template"] = CACHED_TEMPLATE
            self._kept.add(page.url)
            kept.append(page)
        return kept

    def context(self, page: Page, context: Any) -> Any:
        """The page's stored output, or the theme's template rendered now (and stored).

        Called last of all ``on_page_context`` handlers, so the context is final: MkDocs only
        renders the template after this event, and the key is made from the page as the
        template sees it (in every process the same: the search plugin has taken its
        attributes out of the HTML by now, whether it indexed the page or found its records
        stored). MkDocs has already picked the page's template by then, so the ``template``
        setting :meth:`prepare` gave it is taken out of its front matter once the key is made:
        the theme sees the front matter as written (Material prints a page with front matter
        differently from one without).
        """
        if page.url in self._kept:
            self._kept.discard(page.url)
            key = self.cache.key("output", [self._site, _page_digest(page)])
            if page.meta.get("template") == CACHED_TEMPLATE:
                del page.meta["template"]
            stored = self.cache.get(key)
            if stored is None:
                stored = self.env.get_template(MAIN_TEMPLATE).render(context)
                self.cache.put(key, stored)
            context[CACHED_VARIABLE] = stored
        return context


def page_meta(page: Page) -> dict[str, Any]:
    """The page's front matter as it was written (without the cached-output template)."""
    return {k: v for k, v in page.meta.items() if not (k == "template" and v == CACHED_TEMPLATE)}


def _data(value: Any) -> str:
    """Front matter or a table of contents as text for a key (plain data: JSON is quicker
    than :func:`stable`, and a date in front matter becomes its ISO text)."""
    return json.dumps(value, sort_keys=True, ensure_ascii=False, default=str)


def _brief(page: Any) -> str:
    return "" if page is None else f"{page.url}\0{page.title}"


def _page_digest(page: Page) -> str:
    toc = _data([_token(item) for item in page.toc])
    parts = [
        page.file.src_uri, page.url, str(page.canonical_url), str(page.edit_url),
        str(page.title), str(page.is_homepage), _data(page.meta), toc,
        _brief(page.previous_page), _brief(page.next_page),
        stable([str(a.title) for a in page.ancestors]), page.content or "",
    ]  # fmt: skip
    return hashlib.blake2b("\0".join(parts).encode("utf-8", "surrogatepass")).hexdigest()


def _nav_digest(nav: Any) -> str:
    def walk(items: Any) -> list[Any]:
        return [
            [type(item).__name__, str(item.title), str(getattr(item, "url", "")),
             walk(getattr(item, "children", None) or [])]
            for item in items
        ]  # fmt: skip

    return stable(walk(nav.items if nav is not None else []))
