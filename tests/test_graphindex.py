"""Whole-KB answers from the index (neurokb.cache.graphindex) equal the KnowledgeBase's.

``stats`` and every topic's reading list, on a generated KB whose papers also cite one paper
twice and cite themselves, answered by the index (asserted: no fallback to the KB) and by the
KB itself; then again after edits, when the stored statistics must be recomputed.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from cachefixtures import generate_kb

from neurokb.cache import graphindex
from neurokb.library import KBLibrary, open_library
from neurokb.load.loader import load_kb


@pytest.fixture(scope="module")
def source(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = generate_kb(tmp_path_factory.mktemp("graph") / "kb", 300, seed=5)
    papers = sorted((root / "entries" / "papers").glob("*.yaml"))
    for path in papers[:3]:  # a repeated citation and a self-citation
        text = path.read_text(encoding="utf-8")
        head, found, rest = text.partition("\ncites:\n")
        if found:
            first = rest.partition("\n")[0]
            extra = f"{first}\n  - {path.stem}\n"
            path.write_text(head + found + extra + rest, encoding="utf-8")
    return root


def _compare(root: Path) -> None:
    library = open_library(root)
    library.whole()  # stores the cross-entry checks, as any full load does
    reference = KBLibrary(lambda: load_kb(root))
    reader = library.reader  # type: ignore[attr-defined]
    for top in (1, 3, 10, 150):
        found = graphindex.stats(reader, top, ["a", "b"])
        assert found is not None, "answered by the index"
        assert found == reference.stats(top, ["a", "b"]), top
    kb = reference.whole()
    for topic_id in sorted(kb.topics):
        for limit in (None, 3):
            mine = graphindex.reading_list(reader, topic_id, limit)
            assert mine is not None
            theirs = reference.reading_list(topic_id, limit)
            assert mine.total == theirs.total
            assert mine.topic == theirs.topic
            assert [(i.paper, i.builds_on) for i in mine.items] == [
                (i.paper, i.builds_on) for i in theirs.items
            ], topic_id
    name = kb.topics[sorted(kb.topics)[0]].name
    assert graphindex.reading_list(reader, name.upper()).total == reference.reading_list(name).total
    assert graphindex.reading_list(reader, "no such topic") is None


def test_stats_and_reading_lists_equal_the_kb(source: Path, tmp_path: Path) -> None:
    root = tmp_path / "kb"
    shutil.copytree(source, root)
    _compare(root)
    _compare(root)  # now from the stored statistics
    papers = sorted((root / "entries" / "papers").glob("*.yaml"))
    papers[10].unlink()
    text = papers[11].read_text(encoding="utf-8").replace("\nyear: ", "\nyear: 1", 1)
    papers[11].write_text(text.replace("year: 11", "year: 19"), encoding="utf-8")
    _compare(root)  # a new generation: computed again
