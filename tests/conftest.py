"""Fixtures shared by the whole suite."""

from __future__ import annotations

from pathlib import Path

import pytest
from slowtests import SLOW

from neurokb.core.kb import KnowledgeBase
from neurokb.load.loader import load_kb

REPO = Path(__file__).parents[1]


@pytest.fixture(scope="session")
def repo_root() -> Path:
    return REPO


@pytest.fixture(scope="session")
def shipped_kb() -> KnowledgeBase:
    """The knowledge base in this repository's entries/, loaded once per session."""
    return load_kb(REPO)


@pytest.hookimpl(tryfirst=True)  # before xdist reads the group markers
def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Mark the :data:`SLOW` tests and the browser tests ``slow``; keep the tests that share
    the one built site on one xdist worker (``--dist loadgroup``), so it is built once."""
    grouping = config.pluginmanager.hasplugin("xdist")  # the marker exists only with xdist
    for item in items:
        node = item.nodeid
        if (
            item.get_closest_marker("browser")
            or node in SLOW
            or node.split("[")[0] in SLOW
            or node.split("::")[0] in SLOW
        ):
            item.add_marker(pytest.mark.slow)
        if grouping and "built_site" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.xdist_group("built-site"))
