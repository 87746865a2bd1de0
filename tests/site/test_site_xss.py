"""No entry can put script on the site: a site built from every payload of
``tests/data/hostile/xss_payloads.yaml``, opened page by page in a real Chromium.

The knowledge base holds the payloads that validate accepts as written, and those it refuses
injected past validation, so the renderers are tested on their own. On every page the test
listens for dialogs, hooks ``alert``/``confirm``/``prompt``, and then looks for what could run
later: an ``on...`` attribute on any element, or a ``javascript:`` (or ``data:``) URL in a
link or source. The same is checked in the HTML files themselves, and through the search box.
"""

from __future__ import annotations

import html.parser
from collections.abc import Iterator
from pathlib import Path

import pytest
from hostile import ALGORITHM_PAPER, hostile_kb, payloads
from mkdocs.commands.build import build
from mkdocs.config import load_config
from sitehelpers import BROWSER_TESTS, REPO, SCREENSHOTS, serve

import neurokb.mkdocs_plugin
from neurokb.algorithms.base import registry
from neurokb.library import KBLibrary

HOOK = """
window.__nkbRan = [];
for (const name of ["alert", "confirm", "prompt"]) {
  window[name] = (...args) => { window.__nkbRan.push(name + ": " + args.join(" ")); };
}
"""
# What may still run later: event handler attributes, script URLs, inline scripts naming alert.
FIND_DANGER = """() => {
  const found = [...window.__nkbRan];
  for (const el of document.querySelectorAll("*")) {
    for (const attr of el.attributes) {
      const name = attr.name.toLowerCase();
      if (name.startsWith("on")) found.push(`${el.tagName} ${name}=${attr.value}`);
      if (["href", "src", "action", "formaction", "xlink:href", "data"].includes(name)) {
        let protocol = "";
        try { protocol = new URL(attr.value, location.href).protocol; } catch (e) {}
        if (["javascript:", "data:", "vbscript:"].includes(protocol))
          found.push(`${el.tagName} ${name}=${attr.value}`);
      }
    }
  }
  for (const script of document.querySelectorAll("script:not([src])"))
    if (script.textContent.includes("alert")) found.push("inline script " + script.textContent);
  return found;
}"""

pytestmark = BROWSER_TESTS


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The site built with ``mkdocs build --strict`` from the hostile knowledge base."""
    root = tmp_path_factory.mktemp("hostile")
    kb = hostile_kb(root)
    docs = root / "docs"
    docs.mkdir()
    (docs / "index.md").write_text(
        "# Hostile\n\nA hand-written page citing [@xss-title-in-header] and [@xss-venue].\n",
        "utf-8",
    )
    pages = ["index.md", "papers/index.md", "topics/index.md", "authors/index.md"]
    pages += ["algorithms/index.md", "timeline.md", "graph.md", "downloads.md"]
    plugin = {"root": str(root), "figure_cache": str(root / "figures")}
    config = load_config(
        str(REPO / "mkdocs.yml"),
        docs_dir=str(docs),
        site_dir=str(root / "site"),
        strict=True,
        nav=pages,
        plugins=[{"neurokb": plugin}, "search", "offline"],
    )
    oja = registry()["oja"]
    assert ALGORITHM_PAPER in oja.papers
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(
            neurokb.mkdocs_plugin, "open_library", lambda _root, **_: KBLibrary(lambda: kb)
        )
        patch.setattr(neurokb.mkdocs_plugin, "registry", lambda: {"oja": oja})
        build(config)
    return root / "site"


@pytest.fixture(scope="module")
def hostile_url(hostile_site: Path) -> Iterator[str]:
    yield from serve(hostile_site)


def _pages(site: Path) -> list[str]:
    return sorted(
        p.relative_to(site).as_posix()
        for p in site.rglob("*.html")
        if "assets" not in p.parts and p.name != "404.html"
    )


class _Scanner(html.parser.HTMLParser):
    """Event handler attributes, script URLs and inline scripts naming alert, in raw HTML."""

    def __init__(self) -> None:
        super().__init__()
        self.found: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._in_script = tag == "script" and not dict(attrs).get("src")
        for name, value in attrs:
            url = "".join((value or "").split()).lower()
            if name.startswith("on"):
                self.found.append(f"<{tag} {name}={value}>")
            if name in {"href", "src", "action", "formaction"} and url.startswith(
                ("javascript:", "data:", "vbscript:")
            ):
                self.found.append(f"<{tag} {name}={value}>")

    def handle_data(self, data: str) -> None:
        if self._in_script and "alert" in data:
            self.found.append(f"inline script {data[:80]}")

    def handle_endtag(self, tag: str) -> None:
        self._in_script = False


def test_the_hostile_site_has_every_payload_page(hostile_site: Path) -> None:
    pages = set(_pages(hostile_site))
    for payload in payloads():
        assert f"{payload.kind}s/{payload.key}.html" in pages, payload.id
    assert "algorithms/oja.html" in pages and f"papers/{ALGORITHM_PAPER}.html" in pages


def test_no_page_file_holds_a_handler_or_script_url(hostile_site: Path) -> None:
    found = {}
    for page in _pages(hostile_site):
        scanner = _Scanner()
        scanner.feed((hostile_site / page).read_text("utf-8"))
        if scanner.found:
            found[page] = scanner.found
    assert not found


def test_no_script_runs_on_any_page(browser, hostile_site: Path, hostile_url: str) -> None:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.add_init_script(HOOK)
    dialogs: list[str] = []
    found: dict[str, list[str]] = {}
    page = context.new_page()
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    try:
        for name in _pages(hostile_site):
            page.goto(hostile_url + name, wait_until="load")
            page.mouse.move(5, 5)
            danger = page.evaluate(FIND_DANGER)
            if danger:
                found[name] = danger
        assert not dialogs
        assert not found
    finally:
        context.close()


def _heading(page) -> str:
    """The page's h1 as shown, without the permalink sign."""
    return page.locator("article h1").inner_text().strip().removesuffix("¶").strip()


def test_entry_text_is_shown_as_written(browser, hostile_url: str) -> None:
    """The payloads are not lost either: the title and names read exactly as entered."""
    by_id = {p.id: p for p in payloads()}
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    try:
        page.goto(hostile_url + "papers/xss-title-in-header.html")
        title = by_id["title-in-header"].value
        assert _heading(page) == title
        assert page.title().startswith(title)
        page.goto(hostile_url + "papers/xss-script-in-summary.html")
        assert by_id["script-in-summary"].value in page.locator("article").inner_text()
        page.goto(hostile_url + "topics/xss-topic-name.html")
        assert _heading(page) == by_id["topic-name"].value
        page.goto(hostile_url + f"papers/{ALGORITHM_PAPER}.html")
        assert by_id["equation-caption"].value in page.locator("article").inner_text()
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SCREENSHOTS / "xss-paper.png"), full_page=True)
    finally:
        context.close()


def test_search_results_run_no_script(browser, hostile_url: str) -> None:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.add_init_script(HOOK)
    dialogs: list[str] = []
    page = context.new_page()
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    try:
        page.goto(hostile_url + "index.html")
        page.locator("label.md-search__icon, .md-search__input").first.click()
        for _ in range(20):  # a query typed before the search index is ready is dropped
            page.locator(".md-search__input").fill("")
            page.locator(".md-search__input").press_sequentially("paper", delay=30)
            page.wait_for_timeout(1000)
            if page.locator(".md-search-result__item").count():
                break
        assert page.locator(".md-search-result__item").count() > 3
        assert not page.evaluate(FIND_DANGER)
        assert not dialogs
    finally:
        context.close()
