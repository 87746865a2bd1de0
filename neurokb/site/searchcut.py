"""A page's HTML without the bodies of the sections the search index leaves out.

Material's search plugin parses every page's HTML again (Python's ``HTMLParser``) to cut it
into records, a fifth of a cold build. On generated pages most of that HTML sits in sections
whose heading says ``data-search-exclude`` (a paper's cites, cited-by and related lists and
its highlighted BibTeX, an author's papers by year): the parser reads all of it only to drop
it with its section. :func:`without_excluded` removes those bodies before the plugin reads
the page, so it parses only what it keeps.

The records cannot change: a body is removed only when the parser would end it exactly as it
started it. It runs from the end of an excluded heading to the start of the next heading (so
all its text belongs to the excluded section), and every tag in it is a plain, well-formed
tag closed inside it in order (so the open elements, the skipped ones and the current section
are the same after it as before). A body with anything else (a comment, a script or style,
a ``<`` that is not such a tag, an end tag of an element opened before it, or a
``data-search-`` attribute, which the plugin also strips from the page) is kept as it is.
``tests/site/test_site_searchcut.py`` compares the plugin's records of both versions.
"""

from __future__ import annotations

import re

# An excluded heading as Python-Markdown writes it (attr_list), up to its end tag. Only a
# heading with an id starts a section of its own; the text after one without belongs to the
# section before it, which is kept.
_EXCLUDED_HEADING = re.compile(r"<(h[1-6])(\s[^<>]*)>.*?</\1>", re.S)
_EXCLUDED = re.compile(r"\sdata-search-exclude(?=[\s=]|$)")
_ID = re.compile(r"\sid\s*=")
_NEXT_HEADING = re.compile(r"<h[1-6][\s>/]")
# A start or end tag with plain attributes (quoted values without "<"), nothing else.
_TAG = re.compile(
    r"<(/?)([a-zA-Z][a-zA-Z0-9]*)"
    r"((?:\s+[a-zA-Z_:][-a-zA-Z0-9_:.]*(?:\s*=\s*(?:\"[^\"<]*\"|'[^'<]*'))?)*)\s*(/?)>"
)
# Elements the parser never keeps open (Material's list of self-closing tags).
_VOID = frozenset({
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param",
    "source", "track", "wbr",
})  # fmt: skip
_CDATA = frozenset({"script", "style"})  # HTMLParser reads their content as raw text


def without_excluded(html: str) -> str | None:
    """``html`` with the bodies of excluded sections removed, or None when none could be."""
    pieces: list[str] = []
    kept_from = 0
    for heading in _EXCLUDED_HEADING.finditer(html):
        attributes = heading.group(2)
        if not (_EXCLUDED.search(attributes) and _ID.search(attributes)):
            continue
        start = heading.end()
        following = _NEXT_HEADING.search(html, start)
        end = following.start() if following else len(html)
        if end > start and _closed_in_itself(html, start, end):
            pieces.append(html[kept_from:start])
            kept_from = end
    if not pieces:
        return None
    pieces.append(html[kept_from:])
    return "".join(pieces)


def _closed_in_itself(html: str, start: int, end: int) -> bool:
    """True when ``html[start:end]`` holds only plain tags, each closed inside it in order."""
    body = html[start:end]
    if "data-search-" in body:
        return False
    open_tags: list[str] = []
    tags = 0
    for tag in _TAG.finditer(body):
        tags += 1
        closing, name, self_closing = tag.group(1), tag.group(2).lower(), tag.group(4)
        if name in _CDATA:
            return False
        if closing:
            if not open_tags or open_tags[-1] != name:
                return False
            open_tags.pop()
        elif name not in _VOID and not self_closing:
            open_tags.append(name)
    return not open_tags and tags == body.count("<")
