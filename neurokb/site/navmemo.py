"""The theme's fixed parts rendered once per folder of pages, not once per page.

Every page of the site prints the whole navigation (``partials/nav.html``) and the tabs
(``partials/tabs.html``): a third of the theme's template time in a cold build, and the same
text on thousands of pages. Those two partials read the page in three ways only: which nav
items are active (the page and its parents), whether an item *is* the page (then its table of
contents is printed), and the ``url`` filter, which makes each nav link relative to the page's
URL. A page outside the nav (every paper, author and year page) is none of the items and
activates none, so its navigation is a function of its URL alone; and two such pages in the same
folder at the same depth get the same relative links unless some target points into one of
them (see :func:`place`). :func:`install` wraps the compiled partials so that they render once
per such place and print the kept text afterwards; pages in the nav, or whose place cannot be
told, are rendered as before.

The header's colour palette, search box and repository link, and the base template's blocks
that print only the settings (styles, scripts, the app's JSON settings), are kept the same way:
their links go to the theme's files under ``assets/`` and to the extra scripts and styles, which
are among the targets :func:`place` looks at.

The kept text is exactly what the partial or block printed (its pieces joined), and Jinja
prints an include's or a block's pieces in order, so the page is the same byte for byte. Jinja
keeps compiled templates per loader: :func:`install` must run once the environment's loader is
final, or the pages are rendered from other, unwrapped copies.
``tests/site/test_site_navmemo.py`` checks :func:`place` against MkDocs' relative links and
counts renders; ``tests/site/test_site_convert.py`` compares whole sites built with and without.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

from jinja2 import TemplateNotFound

PARTIALS = (
    "partials/nav.html",
    "partials/tabs.html",
    # the header's fixed parts (they read the settings only): kept under the same key
    "partials/palette.html",
    "partials/search.html",
    "partials/source.html",
)

# Blocks of the base template that print the settings only, with links to the theme's files
# (under assets/) and to the extra scripts and styles: the same for every page of a place.
BLOCKS = {"base.html": ("styles", "libs", "config", "scripts")}

Render = Callable[[Any], Iterator[str]]


def install(env: Any, nav: Any, config: Any) -> None:
    """Wrap the theme's nav and tabs partials and its fixed blocks in ``env`` with a fresh
    memo for this build's ``nav`` (a partial or block the theme lacks is skipped)."""
    if nav is None:
        return
    in_nav = {page.file.src_uri for page in nav.pages}
    targets = [*_targets(nav.items), *_setting_targets(config)]
    homepage = getattr(nav, "homepage", None)
    if homepage is not None:
        targets.append(str(homepage.url))
    for name in PARTIALS:
        try:
            template = env.get_template(name)
        except TemplateNotFound:  # a theme without it: nothing to wrap
            continue
        render = getattr(template.root_render_func, "__wrapped__", template.root_render_func)
        template.root_render_func = _memoised(render, in_nav, targets)
    for name, blocks in BLOCKS.items():
        try:
            template = env.get_template(name)
        except TemplateNotFound:
            continue
        for block in blocks:
            if block in template.blocks:
                render = template.blocks[block]
                render = getattr(render, "__wrapped__", render)
                template.blocks[block] = _memoised(render, in_nav, targets)


def place(url: str, targets: list[str]) -> tuple[Any, ...] | None:
    """What the relative links from a page at ``url`` to ``targets`` depend on, or None when
    that cannot be told simply.

    MkDocs makes a link relative to the page's folder ``F`` (its URL without a file name):
    ``'..'`` for each part of ``F`` after the part it shares with the target, then the
    target's remaining parts. For two folders with the same parent ``P`` (``P/a`` and
    ``P/b``), the shared part of a target that does not lie under ``P/a`` or ``P/b`` is its
    shared part with ``P``: the same links. So the place is ``P`` and the depth, plus the
    folder's last part when a target mentions it (a cautious test: a target under the folder
    spells its name; normalising only drops parts).
    """
    folder, _, name = url.rpartition("/")
    if "." not in name:  # MkDocs' test for a file name
        folder = url
    parts = [p for p in folder.split("/") if p and p != "."]
    if ".." in parts:
        return None
    if not parts:
        return ((), 0, None)
    last = parts[-1]
    near = any(last in target for target in targets)
    return (tuple(parts[:-1]), len(parts), last if near else None)


def _memoised(render: Render, in_nav: set[str], targets: list[str]) -> Render:
    kept: dict[tuple[Any, ...], str] = {}

    def root(context: Any) -> Iterator[str]:
        page = context.get("page")
        key = None
        if page is not None and page.parent is None and page.file.src_uri not in in_nav:
            key = place(str(page.url), targets)
        if key is None:
            yield from render(context)
            return
        text = kept.get(key)
        if text is None:
            text = kept[key] = "".join(render(context))
        yield text

    root.__wrapped__ = render  # type: ignore[attr-defined]
    return root


def _targets(items: Any) -> Iterator[str]:
    """Every URL the nav links to (pages, links, and sections' children)."""
    for item in items or ():
        url = getattr(item, "url", None)
        if url is not None:
            yield str(url)
        yield from _targets(getattr(item, "children", None))


def _setting_targets(config: Any) -> list[str]:
    """The URLs the kept partials and blocks take from the settings, and the theme's folder."""
    theme, extra = config.get("theme") or {}, config.get("extra") or {}
    urls = [theme.get("logo"), theme.get("favicon"), extra.get("homepage"), "assets/"]
    urls += [*config.get("extra_css", ()), *config.get("extra_javascript", ())]
    urls += list(extra.get("polyfills") or ())
    return [str(url) for url in urls if url]
