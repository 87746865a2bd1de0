"""Knowledge bases for the cache tests: generated ones (benchmarks/generate.py) and helpers.

Generating is deterministic and takes about a second for 1,000 papers, so the generated KBs
are built once per session and copied when a test changes files.
"""

from __future__ import annotations

import importlib.util
import os
import shutil
import sys
import types
from pathlib import Path

REPO = Path(__file__).parents[1]


def generator() -> types.ModuleType:
    """benchmarks/generate.py as a module (benchmarks/ is not a package)."""
    sys.path.insert(0, str(REPO / "benchmarks"))
    try:
        spec = importlib.util.spec_from_file_location(
            "nkb_generate", REPO / "benchmarks" / "generate.py"
        )
        module = importlib.util.module_from_spec(spec)  # type: ignore[arg-type]
        sys.modules[spec.name] = module  # type: ignore[union-attr] - dataclasses look it up
        spec.loader.exec_module(module)  # type: ignore[union-attr]
    finally:
        sys.path.pop(0)
    return module


def generate_kb(out: Path, papers: int, seed: int = 0) -> Path:
    """A valid synthetic KB of ``papers`` papers (real topic files) at ``out``."""
    gen = generator()
    topics = sorted(p.stem for p in (REPO / "entries" / "topics").glob("*.yaml"))
    records = gen.generate(papers, seed, topics, [])
    gen.write(records, out, papis=False)
    return out


def copy_kb(source: Path, target: Path) -> Path:
    """A copy of the entries of ``source`` (not its cache) at ``target``."""
    shutil.copytree(source / "entries", target / "entries")
    return target


def age(path: Path, seconds: float = 60.0) -> None:
    """Move ``path``'s mtime into the past, out of the racy window of the freshness check."""
    stat = path.stat()
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns - int(seconds * 1e9)))


def age_tree(root: Path, seconds: float = 60.0) -> None:
    """:func:`age` the entry folders and files, as if nothing had changed for a while."""
    for folder in (root / "entries", *(root / "entries").iterdir()):
        for path in folder.iterdir() if folder.is_dir() and folder.name != "entries" else ():
            age(path, seconds)
        age(folder, seconds)
