"""Fixtures for the site tests: a mini-KB site context, one strict build of the shipped site
per session, and a local HTTP server for the browser tests.

The strict build is the expensive part (a few seconds, more on a fresh clone where the
algorithm figures are drawn once), so every test that inspects the built site shares it.
"""

from __future__ import annotations

import functools
import http.server
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from kbfixtures import load, mini_kb
from mkdocs.commands.build import build
from mkdocs.config import load_config
from sitehelpers import REPO, BuiltSite

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


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture(scope="session")
def site_url(built_site: BuiltSite) -> Iterator[str]:
    """The built site served on 127.0.0.1 (a free port) for the length of the session."""
    handler = functools.partial(_QuietHandler, directory=str(built_site.path))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
