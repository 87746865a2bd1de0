"""Search, the papers table and narrow screens in a real Chromium."""

from __future__ import annotations

import re

import pytest
from sitehelpers import shot

pytestmark = [pytest.mark.browser]


def _search(page, site_url: str, text: str) -> list[str]:
    page.goto(site_url + "index.html")
    page.locator("label.md-search__icon, .md-search__input").first.click()
    page.locator(".md-search__input").fill(text)
    page.locator(".md-search-result__item").first.wait_for(timeout=15000)
    page.wait_for_timeout(300)
    return page.eval_on_selector_all(
        ".md-search-result__item > .md-search-result__link", "links => links.map(a => a.href)"
    )


def test_search_for_hopfield_puts_the_1982_paper_in_the_top_3(page, site_url) -> None:
    found = _search(page, site_url, "hopfield")
    assert any("/papers/hopfield1982neural.html" in url for url in found[:3]), found[:5]
    shot(page, "search-hopfield")


def test_search_for_an_author_finds_their_papers_before_other_pages(page, site_url) -> None:
    found = _search(page, site_url, "zenke")
    assert "/papers/" in found[0] and "/papers/zenke2018superspike.html" in " ".join(found[:4])


def test_search_snippets_show_math_as_text(page, site_url) -> None:
    _search(page, site_url, "Oja")
    text = page.locator(".md-search-result").inner_text()
    assert "\\(" not in text and "\\[" not in text and "\\eta" not in text


@pytest.mark.parametrize(
    ("typed", "key"),
    [
        ("zenke2018superspike", "zenke2018superspike"),
        ("10.1073/pnas.79.8.2554", "hopfield1982neural"),
        ("https://doi.org/10.1073/PNAS.79.8.2554", "hopfield1982neural"),
    ],
)
def test_an_exact_key_or_doi_opens_the_paper(page, site_url, typed: str, key: str) -> None:
    page.goto(site_url + "topics/hebbian-learning.html")
    page.locator("label.md-search__icon, .md-search__input").first.click()
    page.wait_for_function("window.NeuroKBKeys !== undefined")
    page.locator(".md-search__input").fill(typed)
    page.locator(".md-search__input").press("Enter")
    page.wait_for_url(re.compile(rf"/papers/{key}\.html$"))


def test_papers_table_filters_sorts_and_pages(page, site_url, shipped_kb) -> None:
    page.goto(site_url + "papers/index.html")
    page.wait_for_function("window.NeuroKB && NeuroKB.papersTable")
    rows = "Array.from(document.querySelectorAll('.nkb-papers tbody tr'), tr => tr.dataset.key)"
    assert len(page.evaluate(rows)) == min(100, len(shipped_kb.papers))
    page.get_by_placeholder("Filter papers").fill("hopfield")
    page.wait_for_timeout(300)
    expected = {
        p.key
        for p in shipped_kb.papers.values()
        if "hopfield" in " ".join([p.key, p.title, p.venue or ""] + [a.display for a in p.authors]
                                 + [shipped_kb.topics[t].name for t in p.topics if t in shipped_kb.topics]).lower()
    }  # fmt: skip
    assert set(page.evaluate(rows)) == expected and "hopfield1982neural" in expected
    page.get_by_placeholder("Filter papers").fill("hopfield 1982")
    page.wait_for_timeout(300)
    assert page.evaluate(rows) == ["hopfield1982neural"]
    page.get_by_placeholder("Filter papers").fill("no such paper qqq")
    page.wait_for_timeout(300)
    assert page.evaluate(rows) == []
    assert "No paper matches" in page.locator(".nkb-papers__count").inner_text()
    page.get_by_placeholder("Filter papers").fill("")
    page.get_by_role("button", name="Year").click()
    years = page.evaluate(
        "Array.from(document.querySelectorAll('.nkb-papers tbody td:first-child'), td => +td.textContent)"
    )
    assert years == sorted(years) and years[0] == min(p.year for p in shipped_kb.papers.values())
    page.get_by_role("button", name="Title").click()
    titles = page.evaluate(
        "Array.from(document.querySelectorAll('.nkb-papers tbody td:nth-child(2)'), td => td.textContent.toLowerCase())"
    )
    assert titles == sorted(titles)
    page.get_by_role("button", name="Next →").click()
    assert page.evaluate(rows)[0] != page.evaluate(rows)[-1]
    shot(page, "papers-table")


def test_the_timeline_links_a_page_per_year(page, site_url) -> None:
    page.goto(site_url + "timeline.html")
    page.locator("article a[href='years/1982.html']").click()
    page.wait_for_url(re.compile(r"/years/1982\.html$"))
    assert page.locator("a[href$='papers/hopfield1982neural.html']").count() == 1


PAGES = [
    "index.html",
    "papers/index.html",
    "papers/hopfield1982neural.html",
    "papers/zenke2018superspike.html",
    "topics/hebbian-learning.html",
    "algorithms/hopfield.html",
    "timeline.html",
    "years/2018.html",
    "authors/index.html",
    "graph.html",
    "downloads.html",
    "performance.html",
    "rules.html",
]


def test_no_page_scrolls_sideways_at_390(phone, site_url) -> None:
    wide = {}
    for path in PAGES:
        phone.goto(site_url + path)
        phone.wait_for_load_state("load")
        phone.wait_for_timeout(200)  # math and graphs are drawn after load
        width = phone.evaluate("document.documentElement.scrollWidth")
        if width > 390:
            wide[path] = width
    assert wide == {}
    phone.goto(site_url + "topics/hebbian-learning.html")
    shot(phone, "hebbian-390", full_page=True)
