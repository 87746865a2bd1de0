"""CSL-JSON export: what pandoc (``--bibliography refs.json``), Zotero and citeproc-js read."""

from __future__ import annotations

import json
from collections.abc import Iterable

from neurokb.cite.csl import to_csl
from neurokb.core.models import Paper


def write(papers: Iterable[Paper]) -> str:
    return json.dumps([to_csl(paper) for paper in papers], indent=2, ensure_ascii=False) + "\n"
