"""One fingerprint of the code that shapes anything neurokb stores: the package and its libraries.

The index (:mod:`neurokb.cache`) and the site's figure cache keep things the code derived
(validated entries, search terms, formatted citations, figures). A hand-kept list of "the
modules that matter" went stale once already: a change to ``cite/fixups.py`` left old
citations in the index. So the fingerprint hashes *every* file of the package (Python
sources, CSL styles, schemas, templates; not the vendored browser assets, which shape nothing
stored) and the versions of the libraries whose output is stored. Any edit, anywhere, gives a
new fingerprint; the price is a rebuild after an edit that did not need one, never a stale
answer.

Cheap on purpose (about 2 ms, no import of the libraries or of :mod:`importlib.metadata`;
the package's hash is kept under the stats of its files): it runs at the start of every
cached command, whose whole budget is 0.15 s.
"""

from __future__ import annotations

import contextlib
import os
import re
import sys
from collections.abc import Iterable
from functools import cache
from pathlib import Path

try:  # hashlib's own BLAKE2, without hashlib loading OpenSSL (~2 ms of every query)
    from _blake2 import blake2b
except ImportError:  # pragma: no cover - a Python built without it
    from hashlib import blake2b

PACKAGE = Path(__file__).resolve().parents[1]  # neurokb/, this module being in neurokb/core/
SKIPPED = {"__pycache__", "assets"}  # bytecode; the site's static JS/CSS/fonts

# Libraries whose behaviour ends up in what is stored (distribution names as pip spells them).
INDEX_LIBRARIES = ("citeproc-py", "pybtex", "networkx", "pydantic", "pyyaml", "zstandard")
FIGURE_LIBRARIES = ("matplotlib", "numpy")


def package_files(root: Path = PACKAGE) -> list[Path]:
    """Every file under ``root`` that can shape stored output, in a stable order."""
    return [Path(name) for name in _package_names(root)]


def _package_names(root: Path) -> list[str]:
    """:func:`package_files` as strings (a ``Path`` per file costs a warm query ~2 ms)."""
    out: list[str] = []
    for folder, dirs, files in os.walk(root):
        dirs[:] = sorted(d for d in dirs if d not in SKIPPED)
        out.extend(
            os.path.join(folder, name) for name in sorted(files) if not name.endswith(".pyc")
        )
    return out


def tree_digest(root: Path = PACKAGE) -> str:
    """A hash of the names and bytes of every file of the package tree at ``root``.

    Reading and hashing the ~200 files costs more than a ``stat`` of each, so the hash is kept
    in ``__pycache__/`` under the files' stats (inode, size, mtime and ctime: a write moves
    the ctime, which no call sets back) and read again while every stat is the same.
    """
    files = _package_names(root)
    start = len(str(root)) + 1
    stats = blake2b(digest_size=16)
    for name in files:
        info = os.stat(name)
        stats.update(
            f"{name[start:]}\0{info.st_ino} {info.st_size} {info.st_mtime_ns} "
            f"{info.st_ctime_ns}\0".encode(errors="surrogateescape")
        )
    signature = stats.hexdigest()
    memo = os.path.join(root, "__pycache__", MEMO)
    try:
        with open(memo, encoding="ascii") as file:
            kept, _, digest = file.read().strip().partition(" ")
        if kept == signature and len(digest) == 32:
            return digest
    except (OSError, ValueError):
        pass
    digest = _content_digest(files, start)
    _keep(memo, f"{signature} {digest}\n")
    return digest


MEMO = "tree-digest.txt"  # in the package's __pycache__/ (which package_files skips)


def _content_digest(files: list[str], start: int) -> str:
    digest = blake2b(digest_size=16)
    for name in files:
        with open(name, "rb") as file:
            digest.update(b"%s\0%s\0" % (name[start:].encode(), file.read()))
    return digest.hexdigest()


def _keep(memo: str, text: str) -> None:
    """Write the memo whole or not at all (a read-only install keeps none)."""
    if not os.path.isdir(os.path.dirname(memo)):
        return
    temp = f"{memo}.{os.getpid()}.tmp"
    try:
        with open(temp, "w", encoding="ascii") as file:
            file.write(text)
        os.replace(temp, memo)
    except OSError:
        with contextlib.suppress(OSError):
            os.unlink(temp)


def _dist_key(name: str) -> str:
    """A distribution name as dist-info folders spell it (``citeproc-py`` -> ``citeproc_py``)."""
    return re.sub(r"[-_.]+", "_", name).lower()


@cache
def _installed() -> dict[str, str]:
    """Distribution name (normalised) -> version, from the dist-info folder names on sys.path."""
    found: dict[str, str] = {}
    for entry in sys.path:
        try:
            names = os.listdir(entry or ".")
        except OSError:
            continue
        for name in names:
            if name.endswith((".dist-info", ".egg-info")):
                dist, _, version = name.rpartition(".")[0].partition("-")
                found.setdefault(_dist_key(dist), version)
    return found


def versions(libraries: Iterable[str]) -> str:
    """``name==version`` of each library ("?" when it is not installed), for a fingerprint."""
    installed = _installed()
    return " ".join(f"{name}=={installed.get(_dist_key(name), '?')}" for name in libraries)


def fingerprint(libraries: Iterable[str] = INDEX_LIBRARIES, root: Path = PACKAGE) -> str:
    """The package tree at ``root``, these libraries' versions, and the Python version."""
    digest = blake2b(digest_size=16)
    digest.update(tree_digest(root).encode())
    digest.update(versions(libraries).encode())
    digest.update(f" python {sys.version_info[:2]}".encode())
    return digest.hexdigest()
