"""The search plugin makes the same records from a page cut by neurokb/site/searchcut.py as
from the whole page, and bodies it could misread are never cut."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

import pytest
from kbfixtures import load
from material.plugins.search.plugin import SearchIndex
from sitehelpers import REPO, render_markdown

from neurokb.algorithms.base import registry
from neurokb.site.build import entry_files
from neurokb.site.context import SiteContext
from neurokb.site.searchcut import without_excluded
from neurokb.synthetic.generate import TOPICS, generate, write

EXCLUDED = (
    '<h2 data-search-exclude id="cites">Cites<a class="headerlink" href="#cites">&para;</a></h2>'
)
KEPT = '<h2 id="summary">Summary</h2>\n<p>Kept <em>text</em>.</p>\n'

# Bodies after an excluded heading that must stay, each for its own reason.
UNSAFE_BODIES = [
    "<div>\n<p>opened here, closed after the next heading</p>\n",  # unbalanced
    "<p>a</p>\n</div>\n",  # closes an element opened before it
    "<script>var x = '<h2 id=\"y\">';</script>\n",  # raw text
    "<!-- <p> -->\n<p>comment</p>\n",  # not a tag
    "<p>a < b</p>\n",  # a bare "<"
    '<p data-search-boost="2">stripped by the plugin</p>\n',
    '<p title="</p>">odd attribute</p>\n',
    "<p><b>crossed</p></b>\n",
]


def _records(html: str) -> list[dict]:
    index = SearchIndex(lang=["en"], separator="", pipeline=[], fields={})
    page = SimpleNamespace(content=html, toc=[], url="p.html", meta={}, title="Page")
    index.add_entry_from_context(page)
    return index.entries


def test_excluded_bodies_are_cut_and_the_records_stay() -> None:
    body = '<ul>\n<li><a href="a.html" title="x">A &amp; B</a> — C</li>\n</ul>\n<br>\n<hr />\n'
    html = f"<h1 id='t'>T</h1>\n<p>intro</p>\n{EXCLUDED}\n{body}{KEPT}{EXCLUDED}\n{body}"
    cut = without_excluded(html)
    assert cut is not None and "A &amp; B" not in cut and "Kept <em>text</em>" in cut
    assert cut.count(EXCLUDED) == 2
    assert _records(cut) == _records(html)


@pytest.mark.parametrize("body", UNSAFE_BODIES)
def test_a_body_the_parser_could_end_differently_is_kept(body: str) -> None:
    html = f"<div>\n{EXCLUDED}\n{body}{KEPT}</div>\n"
    assert without_excluded(html) is None


def test_a_heading_without_an_id_starts_no_section_so_its_body_is_kept() -> None:
    html = f"{KEPT}<h3 data-search-exclude>Quiet</h3>\n<p>still the summary's</p>\n"
    assert without_excluded(html) is None
    assert any("still the summary" in record["text"] for record in _records(html))


def test_generated_pages_keep_their_records(tmp_path: Path) -> None:
    """Every paper, topic and author page of a small synthetic KB, as the site converts them."""
    pages = _generated_pages(tmp_path)
    cut_any = False
    for src, text in pages:
        html = render_markdown(text.split("---\n", 2)[-1])
        cut = without_excluded(html)
        cut_any |= cut is not None
        if cut is not None:
            assert _records(cut) == _records(html), src
    assert cut_any


def _generated_pages(tmp_path: Path) -> list[tuple[str, str]]:
    topics = REPO / TOPICS
    ids = sorted(p.stem for p in topics.glob("*.yaml"))
    write(generate(40, 3, ids, sorted(registry())), tmp_path, topics, papis=False)
    files = entry_files(SiteContext(load(tmp_path), registry()))
    return [(f.src_uri, f.content) for f in files if isinstance(f.content, str)]
