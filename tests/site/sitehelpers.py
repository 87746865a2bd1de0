"""Helpers shared by the site tests (a module of its own: ``conftest`` names collide across
test folders, so tests import from here, and conftest.py holds only fixtures)."""

from __future__ import annotations

import functools
import http.server
import os
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import markdown
import pytest
from mkdocs.config import load_config

REPO = Path(__file__).parents[2]
SCREENSHOTS = REPO / "test-output" / "screenshots"

# The browser tests drive Debian's chromium (CI points NEUROKB_CHROMIUM at its own Chrome).
CHROMIUM = Path(os.environ.get("NEUROKB_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
BROWSER_TESTS = [
    pytest.mark.browser,
    pytest.mark.skipif(
        not CHROMIUM.exists(),
        reason=f"{CHROMIUM} not found: install Debian's chromium (apt-get install chromium)",
    ),
]


@functools.cache
def _markdown_config() -> tuple[list, dict]:
    config = load_config(str(REPO / "mkdocs.yml"))
    return list(config.markdown_extensions), dict(config.mdx_configs)


def render_markdown(text: str) -> str:
    """HTML of ``text`` with the site's own Markdown extensions and settings."""
    extensions, configs = _markdown_config()
    return markdown.Markdown(extensions=extensions, extension_configs=configs).convert(text)


@dataclass(frozen=True)
class BuiltSite:
    path: Path
    seconds: float


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


def serve(folder: Path) -> Iterator[str]:
    """``folder`` served on 127.0.0.1 (a free port) until the generator is closed."""
    handler = functools.partial(_QuietHandler, directory=str(folder))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


def shot(page: object, name: str, full_page: bool = False) -> None:
    """Save a screenshot in test-output/screenshots/ for a person to look at."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=full_page)
