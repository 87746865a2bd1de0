"""Helpers shared by the site tests (a module of its own: ``conftest`` names collide across
test folders, so tests import from here, and conftest.py holds only fixtures)."""

from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path

import markdown
from mkdocs.config import load_config

REPO = Path(__file__).parents[2]
SCREENSHOTS = REPO / "test-output" / "screenshots"


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


def shot(page: object, name: str, full_page: bool = False) -> None:
    """Save a screenshot in test-output/screenshots/ for a person to look at."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=full_page)
