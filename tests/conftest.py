"""Fixtures shared by the whole suite."""

from __future__ import annotations

from pathlib import Path

import pytest

from neurokb.kb import KnowledgeBase
from neurokb.loader import load_kb

REPO = Path(__file__).parents[1]


@pytest.fixture(scope="session")
def repo_root() -> Path:
    return REPO


@pytest.fixture(scope="session")
def shipped_kb() -> KnowledgeBase:
    """The knowledge base in this repository's entries/, loaded once per session."""
    return load_kb(REPO)
