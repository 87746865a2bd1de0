"""The built site in a real Chromium (Playwright driving Debian's ``chromium``).

Each test saves a screenshot in ``test-output/screenshots/`` (git-ignored) for a person to look
at. Every request a page makes is checked to stay on this machine: the site must work offline.
"""

from __future__ import annotations

import pytest
from sitehelpers import BuiltSite, shot

pytestmark = [pytest.mark.browser]


def test_topic_page_draws_its_neighbourhood(page, site_url: str) -> None:
    page.goto(site_url + "topics/hebbian-learning.html")
    page.wait_for_function("window.NeuroKB && NeuroKB.graphs.length > 0")
    assert page.evaluate("NeuroKB.graphs[0].nodes().length") >= 3
    page.locator(".nkb-graph").scroll_into_view_if_needed()
    shot(page, "topic-neighbourhood")


def test_search_finds_a_paper_by_a_title_word(page, site_url: str) -> None:
    page.goto(site_url + "index.html")
    page.locator("label.md-search__icon, .md-search__input").first.click()
    page.locator(".md-search__input").fill("SuperSpike")
    result = page.locator(".md-search-result__item").first
    result.wait_for(timeout=15000)
    assert "SuperSpike" in page.locator(".md-search-result").inner_text()
    shot(page, "search")


def test_math_is_typeset(page, site_url: str) -> None:
    page.goto(site_url + "papers/zenke2018superspike.html")
    page.wait_for_selector(".arithmatex .katex")
    text = page.locator("article").inner_text()
    assert "$$" not in text and "\\frac" not in text
    assert page.locator(".katex-error").count() == 0
    page.locator(".arithmatex").first.scroll_into_view_if_needed()
    shot(page, "math")


def test_every_formula_of_the_site_parses_in_katex(
    page, site_url: str, built_site: BuiltSite
) -> None:
    """Each formula on paper, topic and algorithm pages is valid for the shipped KaTeX.

    Loading ~150 pages one by one is slow, so one page fetches them all and runs KaTeX with
    ``throwOnError`` on every formula; an unsupported macro names its page.
    """
    pages = [
        p.relative_to(built_site.path).as_posix()
        for folder in ("papers", "topics", "algorithms")
        for p in sorted((built_site.path / folder).glob("*.html"))
    ]
    page.goto(site_url + "index.html")
    page.wait_for_function("typeof katex !== 'undefined'")
    checked = page.evaluate(
        r"""async (pages) => {
            const failures = [];
            let count = 0;
            for (const path of pages) {
                const html = await (await fetch(path)).text();
                const doc = new DOMParser().parseFromString(html, "text/html");
                for (const el of doc.querySelectorAll(".arithmatex")) {
                    const tex = el.textContent.trim().replace(/^\\[([]/, "").replace(/\\[)\]]$/, "");
                    const display = el.tagName !== "SPAN";
                    count += 1;
                    try { katex.renderToString(tex, {displayMode: display, throwOnError: true}); }
                    catch (e) { failures.push(`${path}: ${e.message}`); }
                }
            }
            return {count, failures};
        }""",
        pages,
    )
    assert checked["count"] > 50, "expected many formulas: are they still marked for KaTeX?"
    assert not checked["failures"], "\n".join(checked["failures"])


def test_copy_button_copies_the_bibtex_entry(page, site_url: str) -> None:
    page.goto(site_url + "papers/hopfield1982neural.html")
    block = page.locator(".tabbed-block").first
    block.scroll_into_view_if_needed()
    block.hover()
    # Material 9.8 draws it as button[data-md-type=copy]; older releases as .md-clipboard.
    block.locator("button[data-md-type='copy'], button.md-clipboard").first.click()
    copied = page.evaluate("navigator.clipboard.readText()")
    assert copied.startswith("@article{hopfield1982neural,")
    assert "10.1073/pnas.79.8.2554" in copied
    shot(page, "copy-bibtex")


def test_site_works_from_files_without_a_server(browser, built_site: BuiltSite) -> None:
    """Opened from a USB stick (file://), the graph draws and search still answers."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    try:
        page.goto((built_site.path / "graph.html").as_uri())
        page.wait_for_function("window.NeuroKB && NeuroKB.graphs.length > 0")
        assert page.evaluate("NeuroKB.graphs[0].nodes().length") == page.evaluate(
            "NeuroKBMap.topics.length"
        )
        page.goto((built_site.path / "papers" / "oja1982simplified.html").as_uri())
        page.wait_for_selector(".arithmatex .katex")
        page.locator(".md-search__input").click()
        # Typed key by key: the search worker (an iframe shim on file://) starts on focus.
        page.locator(".md-search__input").press_sequentially("Hopfield", delay=80)
        page.locator(".md-search-result__item").first.wait_for(timeout=15000)
        assert "Hopfield" in page.locator(".md-search-result").inner_text()
        shot(page, "offline-search")
    finally:
        context.close()


def test_algorithm_page_shows_its_figure_and_paper(page, site_url: str) -> None:
    page.goto(site_url + "algorithms/superspike.html")
    figure = page.locator("img.nkb-figure")
    figure.scroll_into_view_if_needed()
    page.wait_for_function("document.querySelector('img.nkb-figure').naturalWidth > 0")
    assert page.locator("a[href='../papers/zenke2018superspike.html']").count() >= 1
    shot(page, "algorithm-figure")
