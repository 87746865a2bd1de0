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
from typing import Any

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


def mini_site_config(
    root: Path, docs: dict[str, str], out: Path, options: str = "", strict: bool = True
) -> Any:
    """A build of the KB at ``root`` with the given hand-written pages (``options``: more
    lines of the neurokb plugin's settings, indented by six spaces)."""
    (root / "docs").mkdir(exist_ok=True)
    for name, text in docs.items():
        (root / "docs" / name).write_text(text, encoding="utf-8")
    (root / "mkdocs.yml").write_text(
        "site_name: test\ndocs_dir: docs\nuse_directory_urls: false\n"
        f"theme:\n  name: material\n  custom_dir: {REPO / 'neurokb' / 'templates'}\n"
        f"plugins:\n  - neurokb:\n      figure_cache: {REPO / '.neurokb-cache' / 'figures'}\n{options}"
        "  - search\n"
        "markdown_extensions:\n  - attr_list\n  - md_in_html\n  - tables\n"
        "  - pymdownx.arithmatex:\n      generic: true\n  - pymdownx.details\n"
        "  - pymdownx.superfences\n  - pymdownx.tabbed:\n      alternate_style: true\n"
        "  - pymdownx.escapeall\n  - admonition\n"
        "  - pymdownx.emoji:\n"
        "      emoji_index: !!python/name:material.extensions.emoji.twemoji\n"
        "      emoji_generator: !!python/name:material.extensions.emoji.to_svg\n",
        encoding="utf-8",
    )
    return load_config(str(root / "mkdocs.yml"), site_dir=str(out), strict=strict)
