"""Never stale at scale: a 25,000-file KB, an in-place edit that keeps size and mtime, and a
machine busy with other work. The next search finds the new title each time, whether it
asks the KB's watcher which files changed or checks every file (issue 20: it used to miss 4
edits in 5 under load above 20,000 files).
Marked slow in slowtests.py (generating and indexing the KB takes a minute or two).
"""

from __future__ import annotations

import os
import random
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from cachefixtures import age_tree, generate_kb, rewrite_in_place, wait_for_watcher, watched_token

from neurokb.cache.open import open_reader

PAPERS = 25_000
TRIES = 5
# Spins until its parent (this test) is gone, even when the test is killed before cleanup.
BUSY = "import os\nparent = os.getppid()\nwhile os.getppid() == parent:\n    sum(range(10**6))"


@pytest.fixture(scope="module")
def large_kb(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """25,000 generated papers (plus the topics), indexed, and aged out of the racy window."""
    root = generate_kb(tmp_path_factory.mktemp("stale") / "kb", PAPERS, seed=20)
    age_tree(root)
    assert open_reader(root) is not None  # the first build
    return root


@pytest.fixture
def cpu_load() -> Iterator[None]:
    """Two busy-looping processes for the length of the test (the machine has two cores)."""
    busy = [subprocess.Popen([sys.executable, "-c", BUSY]) for _ in range(2)]
    try:
        yield
    finally:
        for process in busy:
            process.kill()
            process.wait()


def _retitle_in_place(path: Path, word: str) -> str:
    """Replace the longest title word of ``path`` by ``word``'s letters in the same length,
    in place with the mtime set back (:func:`rewrite_in_place`); return the new word."""
    title = path.read_text(encoding="utf-8").split('title: "', 1)[1].split('"', 1)[0]
    old = max((w for w in title.split() if w.isalpha()), key=len)
    new = (word * len(old))[: len(old)].capitalize()
    rewrite_in_place(path, f'title: "{title}', f'title: "{title.replace(old, new, 1)}')
    return new.lower()


def _search(root: Path, text: str, watcher: bool) -> list[str]:
    """``neurokb search TEXT --json`` in a process of its own, as a user runs it, asking the
    KB's watcher or (``NEUROKB_WATCH=0``) statting every file."""
    import json

    result = subprocess.run(
        [sys.executable, "-m", "neurokb", "--kb", str(root), "search", text, "--json"],
        capture_output=True,
        text=True,
        check=False,
        env={
            **os.environ,
            "PYTHONPATH": os.pathsep.join(sys.path),
            "NEUROKB_WATCH": "1" if watcher else "0",
        },
    )
    assert result.returncode in (0, 1), result.stderr
    return [item["key"] for item in json.loads(result.stdout)["results"]]


@pytest.mark.parametrize("watcher", [False, True], ids=["every-file-statted", "watcher"])
def test_in_place_edit_same_size_same_mtime_is_found_under_load(
    large_kb: Path, cpu_load: None, watcher: bool
) -> None:
    from neurokb.cache import watch

    papers = sorted((large_kb / "entries" / "papers").iterdir())
    assert len(papers) == PAPERS
    rng = random.Random(20 + watcher)
    words = ["zyqv", "xqjz", "vqzx", "jzqx", "qxvz"] if watcher else ["wyqv", "xwjz", "vwzx",
                                                                       "jzwx", "qwvz"]  # fmt: skip
    if watcher:  # a large KB's query starts it; the next one records its token
        _search(large_kb, "hebbian", watcher)
        wait_for_watcher(large_kb)
        _search(large_kb, "hebbian", watcher)
    try:
        for attempt, letters in enumerate(words[:TRIES]):
            path = rng.choice(papers)
            before = watched_token(large_kb)
            word = _retitle_in_place(path, letters)
            found = _search(large_kb, word, watcher)
            assert found == [path.stem], f"try {attempt + 1}: {path.name}"
            if watcher:  # the watcher named the file: its new token was recorded with the row
                assert watched_token(large_kb) not in (None, before)
    finally:
        watch.stop(large_kb)
