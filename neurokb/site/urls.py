"""Where every generated page and file lives in the site, and links between them.

All paths here are *source* paths relative to ``docs_dir`` (``papers/hopfield1982neural.md``),
the form MkDocs validates and rewrites in Markdown links, so a renderer never needs to know
whether the site uses directory URLs. Only the graph data, which JavaScript reads, needs
final URLs; :func:`page_url` makes them.
"""

from __future__ import annotations

import posixpath

PAPERS = "papers"
TOPICS = "topics"
AUTHORS = "authors"
ALGORITHMS = "algorithms"
DOWNLOADS = "downloads"
ASSETS = "assets"

PAPER_INDEX = f"{PAPERS}/index.md"
TOPIC_INDEX = f"{TOPICS}/index.md"
AUTHOR_INDEX = f"{AUTHORS}/index.md"
ALGORITHM_INDEX = f"{ALGORITHMS}/index.md"
TIMELINE = "timeline.md"
GRAPH = "graph.md"
DOWNLOADS_PAGE = "downloads.md"
RULES = "rules.md"

KB_BIB = f"{DOWNLOADS}/neurokb.bib"
KB_CSL = f"{DOWNLOADS}/neurokb.json"
KB_RIS = f"{DOWNLOADS}/neurokb.ris"
GRAPH_DATA = f"{ASSETS}/neurokb/graph-map-data.js"  # the graph overview's data (topic_map.py)


def paper(key: str) -> str:
    return f"{PAPERS}/{key}.md"


def paper_bib(key: str) -> str:
    return f"{DOWNLOADS}/papers/{key}.bib"


def topic(topic_id: str) -> str:
    return f"{TOPICS}/{topic_id}.md"


def topic_bib(topic_id: str) -> str:
    return f"{DOWNLOADS}/topics/{topic_id}.bib"


def author(author_id: str) -> str:
    return f"{AUTHORS}/{author_id}.md"


def algorithm(name: str) -> str:
    return f"{ALGORITHMS}/{name}.md"


def algorithm_figure(name: str) -> str:
    return f"{ALGORITHMS}/{name}.png"


def relative(from_src: str, to_src: str) -> str:
    """The link from the page ``from_src`` to ``to_src``, both relative to ``docs_dir``.

    What ``posixpath.relpath`` gives, by string work alone: relpath makes both paths absolute
    (a ``getcwd`` call each), and a build makes hundreds of thousands of these links.
    """
    start = posixpath.dirname(from_src).split("/") if "/" in from_src else []
    parts = to_src.split("/")
    if not to_src or to_src.startswith("/") or any(p in ("", ".", "..") for p in [*start, *parts]):
        return posixpath.relpath(to_src, posixpath.dirname(from_src) or ".")  # not normalised
    common = 0
    for mine, theirs in zip(start, parts, strict=False):
        if mine != theirs:
            break
        common += 1
    return "/".join([".."] * (len(start) - common) + parts[common:]) or "."


def page_url(src: str, use_directory_urls: bool) -> str:
    """The URL (relative to the site root) that MkDocs gives the page ``src``."""
    stem = src.removesuffix(".md")
    if not use_directory_urls:
        return f"{stem}.html"
    if stem == "index" or stem.endswith("/index"):
        return stem.removesuffix("index")
    return f"{stem}/"


def from_page(src: str, target: str, use_directory_urls: bool) -> str:
    """A URL from the built page of ``src`` to the site file ``target``, for raw HTML.

    Markdown links are rewritten by MkDocs, but ``<script src>`` in raw HTML is not, so it
    must be relative to where the page really ends up.
    """
    url = page_url(src, use_directory_urls)
    folder = url if url.endswith("/") else posixpath.dirname(url)
    return posixpath.relpath(target, folder.rstrip("/") or ".")
