"""The package hash is kept under its files' stats: reused while they stand, recomputed as
soon as any file is written, even with its size kept and its mtime set back."""

from __future__ import annotations

import os
from pathlib import Path

from neurokb.core import fingerprint


def _tree(root: Path) -> Path:
    (root / "sub").mkdir(parents=True)
    (root / "__pycache__").mkdir()
    (root / "a.py").write_text("A = 1\n")
    (root / "sub" / "b.txt").write_text("bee\n")
    return root


def _fresh(root: Path) -> str:
    files = [str(path) for path in fingerprint.package_files(root)]
    return fingerprint._content_digest(files, len(str(root)) + 1)


def test_the_kept_hash_is_reused_and_follows_every_write(tmp_path: Path) -> None:
    root = _tree(tmp_path / "pkg")
    first = fingerprint.tree_digest(root)
    assert first == _fresh(root)
    assert (root / "__pycache__" / fingerprint.MEMO).read_text().split()[1] == first
    assert fingerprint.tree_digest(root) == first  # from the memo

    path = root / "a.py"
    before = path.stat()
    path.write_text("A = 2\n")  # same size, mtime set back: only the ctime tells
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))
    second = fingerprint.tree_digest(root)
    assert second == _fresh(root) != first

    (root / "sub" / "c.txt").write_text("new\n")
    assert fingerprint.tree_digest(root) == _fresh(root) != second


def test_a_garbled_memo_or_no_cache_folder_only_costs_a_recomputation(tmp_path: Path) -> None:
    root = _tree(tmp_path / "pkg")
    (root / "__pycache__" / fingerprint.MEMO).write_text("nonsense")
    assert fingerprint.tree_digest(root) == _fresh(root)
    (root / "__pycache__" / fingerprint.MEMO).unlink()
    (root / "__pycache__").rmdir()
    assert fingerprint.tree_digest(root) == _fresh(root)
    assert not (root / "__pycache__").exists()
