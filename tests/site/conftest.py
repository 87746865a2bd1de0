"""Fixtures for the site tests: a mini-KB site context, one strict build of the shipped site
per session, a local HTTP server and one Chromium for the browser tests.

The strict build is the expensive part (a few seconds, more on a fresh clone where the
algorithm figures are drawn once), so every test that inspects the built site shares it.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from kbfixtures import load, mini_kb
from mkdocs.commands.build import build
from mkdocs.config import load_config
from sitehelpers import CHROMIUM, CHROMIUM_ARGS, REPO, BuiltSite, serve

from neurokb.algorithms.base import registry
from neurokb.site.context import SiteContext


@pytest.fixture
def mini_ctx(tmp_path: Path) -> SiteContext:
    """A site context over the shared mini KB (see tests/kbfixtures.py for its shape)."""
    return SiteContext(load(mini_kb(tmp_path)), registry())


@pytest.fixture(scope="session")
def built_site(tmp_path_factory: pytest.TempPathFactory) -> BuiltSite:
    """The shipped KB built once with ``mkdocs build --strict`` into a temporary folder.

    ``NEUROKB_TEST_SITE=DIR`` uses a site already built into DIR instead (when working on
    the browser tests alone, on a busy machine); never set in CI.
    """
    import time

    ready = os.environ.get("NEUROKB_TEST_SITE")
    if ready:
        return BuiltSite(Path(ready), 0.0)
    out = tmp_path_factory.mktemp("site")
    config = load_config(str(REPO / "mkdocs.yml"), site_dir=str(out), strict=True)
    start = time.perf_counter()
    build(config)
    return BuiltSite(out, time.perf_counter() - start)


@pytest.fixture(scope="session")
def site_url(built_site: BuiltSite) -> Iterator[str]:
    """The built site served on 127.0.0.1 (a free port) for the length of the session."""
    yield from serve(built_site.path)


LOCAL = ("http://127.0.0.1", "file://", "data:", "blob:", "about:")


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    """One Chromium for every browser test (Playwright driving Debian's ``chromium``)."""
    if not CHROMIUM.exists():
        pytest.skip(f"{CHROMIUM} not found: install Debian's chromium (apt-get install chromium)")
    api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed")
    with api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


def _watched_page(browser: object, site_url: str, width: int, height: int) -> Iterator[object]:
    """A page that fails its test when it fetches from another host or throws an error."""
    context = browser.new_context(viewport={"width": width, "height": height})
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=site_url.rstrip("/"))
    page = context.new_page()
    outside: list[str] = []
    errors: list[str] = []
    page.on("request", lambda r: None if r.url.startswith(LOCAL) else outside.append(r.url))
    page.on("pageerror", lambda e: errors.append(str(e)))
    yield page
    context.close()
    assert not outside, f"the page fetched from other hosts: {outside}"
    assert not errors, f"JavaScript errors: {errors}"


@pytest.fixture
def page(browser: object, site_url: str) -> Iterator[object]:
    """A laptop-sized page (1280 x 900)."""
    yield from _watched_page(browser, site_url, 1280, 900)


@pytest.fixture
def phone(browser: object, site_url: str) -> Iterator[object]:
    """A phone-sized page (390 x 800)."""
    yield from _watched_page(browser, site_url, 390, 800)
