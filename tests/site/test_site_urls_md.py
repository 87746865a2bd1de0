"""Site paths, relative links and literal text in Markdown."""

from __future__ import annotations

import html as htmllib
import re

import pytest
from sitehelpers import render_markdown

from neurokb.site import md, urls


@pytest.mark.parametrize(
    ("src", "target", "expected"),
    [
        ("papers/a.md", "papers/b.md", "b.md"),
        ("papers/a.md", "topics/t.md", "../topics/t.md"),
        ("index.md", "papers/a.md", "papers/a.md"),
        ("downloads.md", "downloads/neurokb.bib", "downloads/neurokb.bib"),
    ],
)
def test_relative_links_between_source_pages(src: str, target: str, expected: str) -> None:
    assert urls.relative(src, target) == expected


@pytest.mark.parametrize(
    ("src", "directory_urls", "expected"),
    [
        ("papers/a.md", False, "papers/a.html"),
        ("papers/a.md", True, "papers/a/"),
        ("papers/index.md", True, "papers/"),
        ("index.md", True, ""),
    ],
)
def test_page_url_follows_mkdocs(src: str, directory_urls: bool, expected: str) -> None:
    assert urls.page_url(src, directory_urls) == expected


def test_raw_html_paths_are_relative_to_the_built_page() -> None:
    """A <script src> in raw HTML is not rewritten by MkDocs, so it must match the output."""
    assert urls.from_page("graph.md", "assets/x.js", False) == "assets/x.js"
    assert urls.from_page("graph.md", "assets/x.js", True) == "../assets/x.js"
    assert urls.from_page("topics/t.md", "assets/x.js", False) == "../assets/x.js"


@pytest.mark.parametrize(
    "title",
    [
        "A $5 model of *everything* and _more_",
        "Why [brackets] (and parens) <b>matter</b> | pipes # too",
        "C++ for neurons: a-b ~ c^2 = d",
        r"Back\slashes \(not math\) and \[not display\]",
    ],
)
def test_entry_text_prints_as_written(title: str) -> None:
    html = render_markdown(md.text(title))
    assert "arithmatex" not in html and "<em>" not in html and "<a " not in html
    assert htmllib.unescape(re.sub(r"<[^>]+>", "", html)).strip() == title


def test_fenced_block_outgrows_backticks_inside() -> None:
    block = md.fenced("a ``` b", "text")
    assert block.startswith("````text\n") and block.endswith("\n````")


def test_summary_math_is_left_for_arithmatex() -> None:
    html = render_markdown("The rule $\\Delta w = \\eta x y$ and\n\n$$\na = b\n$$\n")
    assert '<span class="arithmatex">' in html and '<div class="arithmatex">' in html


def test_relative_links_are_what_relpath_gives() -> None:
    import itertools
    import posixpath

    paths = ["index.md", "papers/index.md", "papers/a.md", "papers", "papers/", "a/b/c.md",
             "a/x.md", "a/b.md", "papers.md", "years/2017.md", "assets/neurokb/x.js",
             "./odd.md", "a/../b.md", "authors/zenke-f.md"]  # fmt: skip
    for src, target in itertools.product(paths, repeat=2):
        expected = posixpath.relpath(target, posixpath.dirname(src) or ".")
        assert urls.relative(src, target) == expected, (src, target)
