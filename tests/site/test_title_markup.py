"""Title markup on the site: italics and math rendered, braces dropped, other text literal."""

from __future__ import annotations

import pytest

from neurokb.site import md
from neurokb.site.paper_page import byline
from tests.site.sitehelpers import render_markdown


def test_title_markup_in_page_headings_and_links() -> None:
    title = "{CO}$_2$ in <i>Drosophila</i> & <b>not bold</b> *literally*"
    assert md.title(title) == (
        "CO$_2$ in *Drosophila* \\& &lt;b\\>not bold&lt;/b\\> \\*literally\\*"
    )
    assert md.plain_title(title) == "CO$_2$ in Drosophila & <b>not bold</b> *literally*"


@pytest.mark.parametrize(
    ("title", "heading"),
    [
        ("Spikes when a<b holds", "Spikes when a&lt;b holds"),
        ('Rates <b "unclosed', 'Rates &lt;b "unclosed'),
        ("Bounds when $k<n$", 'Bounds when <span class="arithmatex">\\(k\\lt n\\)</span>'),
    ],
)
def test_a_title_with_a_tag_start_leaves_the_byline_a_block(title: str, heading: str) -> None:
    """md_in_html read ``a<b`` (escaped or in math) as an unclosed tag: the byline's
    ``<div markdown>`` after it came out inside a paragraph, its attribute left in."""
    authors = "[Lee \\<lee\\>](../authors/lee.md)"
    page = f"# {md.title(title)}\n\n{byline(authors, '*J. <x* · 2020')}\n## Summary\n\nText.\n"
    html = render_markdown(page)
    assert f'>{heading}<a class="headerlink"' in html
    assert (
        '<div class="nkb-byline">\n<p><a href="../authors/lee.md">Lee &lt;lee&gt;</a></p>' in html
    )
    assert "markdown>" not in html and "<p><div" not in html
