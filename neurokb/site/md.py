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

from neurokb.core import safemarkdown

_TITLE_UNSAFE = re.compile(r"[^\w ,;:.@+-]")


def text(value: str) -> str:
    """``value`` as literal text in Markdown: no emphasis, links, math or HTML.

    Every character that starts Markdown, math, HTML or an extension's syntax is
    backslash-escaped; pymdownx.escapeall makes each such escape print the character itself.
    """
    return safemarkdown.escape(value)


def title(value: str) -> str:
    """A paper title with its markup (:mod:`neurokb.core.titlemarkup`) rendered: italics as
    emphasis, ``$...$`` left for KaTeX, protective braces dropped; all other text literal.

    No ``<`` is left for an HTML parser: the title sits above the byline's ``<div markdown>``,
    and md_in_html reads ``a\\<b`` or ``$k<n$`` as an unclosed tag that swallows the div.
    """
    from neurokb.core import titlemarkup

    form = titlemarkup.Form(text=lambda part: no_tag_start(text(part)),
                            italic=lambda inner: f"*{inner}*" if inner else "",
                            nocase=str, math=lambda tex: f"${tex.replace('<', _TEX_LT)}$")  # fmt: skip
    return titlemarkup.render(titlemarkup.parse(value), form)


_TEX_LT = r"\lt "  # KaTeX's name for "<": the same symbol, no "<" in the page's Markdown


def no_tag_start(escaped: str) -> str:
    """Escaped text (:func:`text`) with each ``\\<`` written as ``&lt;``: the same character on
    the page, but nothing md_in_html's HTML parser could take for the start of a tag."""
    return escaped.replace("\\<", "&lt;")


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
