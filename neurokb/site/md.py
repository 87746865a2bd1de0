"""Small Markdown building blocks shared by the page renderers.

Entry text (titles, names, venues) is data, not Markdown: a title with ``*`` or ``_`` or a
``$`` or ``<script>`` must print as written, so every such string goes through :func:`text`
before it lands in a page. Summaries and notes allow a safe Markdown subset and go through
:func:`neurokb.site.citations.entry_text`; nothing from an entry is inserted as it is.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable
from urllib.parse import quote

from mkdocs.utils import get_relative_url

from neurokb.core import safemarkdown
from neurokb.site import urls

_TITLE_UNSAFE = re.compile(r"[^\w ,;:.@+-]")


def text(value: str) -> str:
    """``value`` as literal text in Markdown: no emphasis, links, math or HTML.

    Every character that starts Markdown, math, HTML or an extension's syntax is
    backslash-escaped; pymdownx.escapeall makes each such escape print the character itself.
    """
    return safemarkdown.escape(value)


def title(value: str) -> str:
    """A paper title with its markup (:mod:`neurokb.core.titlemarkup`) rendered: italics as
    emphasis, ``$...$`` left for KaTeX, protective braces dropped; all other text literal."""
    from neurokb.core import titlemarkup

    form = titlemarkup.Form(text=text, italic=lambda inner: f"*{inner}*" if inner else "",
                            nocase=str)  # fmt: skip
    return titlemarkup.render(titlemarkup.parse(value), form)


def plain_title(value: str) -> str:
    """A paper title as plain text (link labels, tooltips, page titles): markup dropped."""
    from neurokb.core import titlemarkup

    return titlemarkup.plain(value)


def link(label: str, href: str, *, title: str = "") -> str:
    """A Markdown link whose label is literal text; ``href`` is a site path we made.

    The title keeps to characters that cannot end it or the link.
    """
    extra = f' "{_TITLE_UNSAFE.sub(" ", title)}"' if title else ""
    return f"[{text(label)}]({safemarkdown.href(href)}{extra})"


# -- links as the HTML Python-Markdown makes of them --------------------------------------------
# Long lists of links (a paper's citations, an author's papers) were most of the Markdown a
# build converted, and links are Python-Markdown's slowest syntax. Generated lists go into the
# page as the HTML the site's Markdown makes of them instead, as a raw HTML block that
# Python-Markdown passes through as it is. The HTML is the same, byte for byte
# (tests/site/test_site_convert.py builds the site both ways); MkDocs neither rewrites nor
# checks links in raw HTML, so these name the built page, and their targets are pages the site
# generates.
_MARKDOWN_READS = re.compile(r"[\x00-\x1f\x7f]")  # line breaks, tabs, Markdown's own markers
_ENTITY_AMP = re.compile(r"&(?!(?:#[0-9]+|#x[0-9a-f]+|[0-9a-z]+);)", re.I)


def html_text(value: str) -> str:
    """What Python-Markdown prints for ``text(value)``: each escaped ``& < >`` as an entity."""
    return value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _attribute(value: str) -> str:
    """An attribute value as Python-Markdown's serializer writes it (an entity kept)."""
    value = _ENTITY_AMP.sub("&amp;", value)
    return value.replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")


def page_href(from_src: str, to_src: str, use_directory_urls: bool) -> str:
    """The link MkDocs writes from the page ``from_src`` to the page ``to_src``."""
    url = quote(urls.page_url(to_src, use_directory_urls))
    here = quote(urls.page_url(from_src, use_directory_urls))
    return get_relative_url(url, here)


def html_link(label: str, href: str, *, title: str = "") -> str | None:
    """The ``<a>`` Python-Markdown makes of ``link(label, to_src, title=title)`` once MkDocs
    rewrote its target to ``href`` (see :func:`page_href`), or None when ``label`` holds what
    Markdown would read (a line break, a tab, its private markers) or starts or ends with
    space: the caller then writes Markdown."""
    if _MARKDOWN_READS.search(label) or label != label.strip():
        return None
    extra = f' title="{_attribute(_TITLE_UNSAFE.sub(" ", title).strip())}"' if title else ""
    return f'<a href="{_attribute(href)}"{extra}>{html_text(label)}</a>'


def html_items(items: list[str | None]) -> str | None:
    """A raw HTML ``<ul>`` of items made by :func:`html_link` (and :func:`html_text`), as
    Python-Markdown writes a tight list; None when one of them could not be made."""
    if any(item is None for item in items):
        return None
    if not items:
        return ""
    return "<ul>\n" + "\n".join(f"<li>{item}</li>" for item in items) + "\n</ul>"


def html_paragraph(items: list[str | None]) -> str | None:
    """A raw HTML paragraph of items made by :func:`html_link`, separated by commas (as
    Python-Markdown writes one line of text); None when one of them could not be made."""
    if any(item is None for item in items):
        return None
    return "<p>" + ", ".join(items) + "</p>" if items else ""  # type: ignore[arg-type]


def plain(value: str) -> bool:
    """True when ``html_text(value)`` is what Python-Markdown prints for ``text(value)``."""
    return not _MARKDOWN_READS.search(value) and value == value.strip()


def attr(value: str) -> str:
    """``value`` escaped for an HTML attribute in raw HTML blocks."""
    return html.escape(value, quote=True)


def bullet_list(items: Iterable[str]) -> str:
    """A Markdown list, or an empty string when there is nothing to list."""
    lines = [f"- {item}" for item in items]
    return "\n".join(lines)


def section(title: str, body: str, level: int = 2, *, search: bool = True) -> str:
    """A heading and its body, or nothing when the body is empty (no empty sections).

    ``search=False`` keeps the section out of the site search index: lists of other papers'
    titles (cites, related, a topic's papers) would otherwise make every page that mentions a
    paper a hit for its words, and at 10,000 papers they were most of a 77 MB index.
    """
    if not body.strip():
        return ""
    flag = " { data-search-exclude }" if not search else ""
    return f"{'#' * level} {title}{flag}\n\n{body.strip()}\n"


def fenced(code: str, lang: str = "text", *, title: str = "") -> str:
    """A fenced code block with a fence longer than any backtick run inside ``code``."""
    longest = max((len(m) for m in re.findall(r"`+", code)), default=0)
    fence = "`" * max(3, longest + 1)
    head = f'{fence}{lang} title="{title}"' if title else f"{fence}{lang}"
    return f"{head}\n{code.rstrip()}\n{fence}"


def math_block(latex: str) -> str:
    """A display equation, typeset by the site's math script; nothing in it is markup."""
    return safemarkdown.math_html(latex, display=True)


def indent(block: str, spaces: int = 4) -> str:
    """Indent every non-empty line (content of tabs, admonitions and details blocks)."""
    pad = " " * spaces
    return "\n".join(pad + line if line.strip() else "" for line in block.splitlines())


def front_matter(title: str, description: str = "", hide: tuple[str, ...] = ()) -> str:
    """YAML front matter: title for nav/search, description for the head, Material's ``hide``.

    The theme prints both into the HTML as they are (the window title, the header, the nav,
    a ``<meta content="...">``), so they are HTML-escaped here: a title is shown, never run.
    """
    lines = ["---", f"title: {_yaml_str(html.escape(title))}"]
    if description:
        lines.append(f"description: {_yaml_str(html.escape(description))}")
    if hide:
        lines.append(f"hide: [{', '.join(hide)}]")
    lines.append("---")
    return "\n".join(lines) + "\n\n"


def _yaml_str(value: str) -> str:
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'
