"""How query commands get a KnowledgeBase: the one entry point the faces call.

Today this reads the YAML files (see :mod:`neurokb.loader`); the persistent index that makes
warm queries fast at 100k entries plugs in here, so no face has to change when it does.
"""

from __future__ import annotations

from pathlib import Path

from neurokb.kb import KnowledgeBase
from neurokb.loader import Progress, load_kb


def open_kb(
    root: Path, *, use_cache: bool = True, progress: Progress | None = None
) -> KnowledgeBase:
    """The knowledge base at ``root``, loaded leniently (broken files reported in ``problems``)."""
    return load_kb(root, progress=progress)
