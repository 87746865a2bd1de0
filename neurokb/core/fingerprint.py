"""One fingerprint of the code that shapes anything neurokb stores: the package and its libraries.

The index (:mod:`neurokb.cache`) and the site's figure cache keep things the code derived
(validated entries, search terms, formatted citations, figures). A hand-kept list of "the
modules that matter" went stale once already: a change to ``cite/fixups.py`` left old
citations in the index. So the fingerprint hashes *every* file of the package (Python
sources, CSL styles, schemas, templates; not the vendored browser assets, which shape nothing
stored) and the versions of the libraries whose output is stored. Any edit, anywhere, gives a
new fingerprint; the price is a rebuild after an edit that did not need one, never a stale
answer.

Cheap on purpose (about 2 ms, no import of the libraries or of :mod:`importlib.metadata`):
it runs at the start of every cached command, whose whole budget is 0.3 s.
"""

from __future__ import annotations

import hashlib
import os
import re
import sys
from collections.abc import Iterable
from functools import cache
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1]  # neurokb/, this module being in neurokb/core/
SKIPPED = {"__pycache__", "assets"}  # bytecode; the site's static JS/CSS/fonts

# Libraries whose behaviour ends up in what is stored (distribution names as pip spells them).
INDEX_LIBRARIES = ("citeproc-py", "pybtex", "networkx", "pydantic", "pyyaml")
FIGURE_LIBRARIES = ("matplotlib", "numpy")


def package_files(root: Path = PACKAGE) -> list[Path]:
    """Every file under ``root`` that can shape stored output, in a stable order."""
    out: list[Path] = []
    for folder, dirs, files in os.walk(root):
        dirs[:] = sorted(d for d in dirs if d not in SKIPPED)
        out.extend(Path(folder, name) for name in sorted(files) if not name.endswith(".pyc"))
    return out


def tree_digest(root: Path = PACKAGE) -> str:
    """A hash of the names and bytes of every file of the package tree at ``root``."""
    digest = hashlib.blake2b(digest_size=16)
    start = len(str(root)) + 1
    for path in package_files(root):
        name = str(path)
        with open(name, "rb") as file:
            digest.update(b"%s\0%s\0" % (name[start:].encode(), file.read()))
    return digest.hexdigest()


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
    digest = hashlib.blake2b(digest_size=16)
    digest.update(tree_digest(root).encode())
    digest.update(versions(libraries).encode())
    digest.update(f" python {sys.version_info[:2]}".encode())
    return digest.hexdigest()
