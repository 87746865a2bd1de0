"""Material's navigation and tabs rendered once per folder of pages, not once per page.

Every page of the site prints the whole navigation (``partials/nav.html``) and the tabs
(``partials/tabs.html``): about a third of the theme's template time, some 2 ms a page, and the
same text on thousands of pages. Those two partials read the page in three ways only: which nav
items are active (the page and its parents), whether an item *is* the page (then its table of
contents is printed), and the ``url`` filter, which makes each nav link relative to the page's
URL. A page outside the nav (every paper, author and year page) is none of the items and
activates none, so its navigation is a function of its URL alone; and two such pages in the same
folder at the same depth get the same relative links unless some nav link points into one of
them (see :func:`place`). :func:`install` wraps the two compiled partials so that they render
once per such place and print the kept text afterwards; pages in the nav, or whose place cannot
be told, are rendered as before.

The kept text is exactly what the partial printed (its pieces joined), and an include prints
its template's pieces in order, so the page is the same byte for byte.
``tests/site/test_site_navmemo.py`` builds sites with and without it and compares every file.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

from jinja2 import TemplateNotFound

PARTIALS = ("partials/nav.html", "partials/tabs.html")

Render = Callable[[Any], Iterator[str]]


def install(env: Any, nav: Any) -> None:
    """Wrap the theme's nav and tabs partials in ``env`` with a fresh memo for this build's
    ``nav`` (a partial the theme lacks is skipped)."""
    if nav is None:
        return
    in_nav = {page.file.src_uri for page in nav.pages}
    targets = [str(url) for url in _targets(nav.items)]
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
            yield url
        yield from _targets(getattr(item, "children", None))
