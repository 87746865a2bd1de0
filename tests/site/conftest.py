"""Fixtures for the site tests: a mini-KB site context, one strict build of the shipped site
per session, and a local HTTP server for the browser tests.

The strict build is the expensive part (a few seconds, more on a fresh clone where the
algorithm figures are drawn once), so every test that inspects the built site shares it.
"""

from __future__ import annotations

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
    """The shipped KB built once with ``mkdocs build --strict`` into a temporary folder."""
    import time

    out = tmp_path_factory.mktemp("site")
    config = load_config(str(REPO / "mkdocs.yml"), site_dir=str(out), strict=True)
    start = time.perf_counter()
    build(config)
    return BuiltSite(out, time.perf_counter() - start)


@pytest.fixture(scope="session")
def site_url(built_site: BuiltSite) -> Iterator[str]:
    """The built site served on 127.0.0.1 (a free port) for the length of the session."""
    yield from serve(built_site.path)


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    """A headless Chromium driven by Playwright, one per test module."""
    playwright_api = pytest.importorskip("playwright.sync_api", reason="playwright is missing")
    with playwright_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()

