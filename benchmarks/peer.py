"""The peer: papis, run on the same documents (``papis/<key>/info.yaml``) as neurokb.

papis is installed in its own virtual environment (``benchmarks/.venv-papis``, git-ignored)
so that neither tool's dependencies affect the other. It is configured through a throw-away
``XDG_CONFIG_HOME`` holding one library and a cache folder of its own: nothing is read from or
written to the user's papis setup, and nothing goes to the network.

"Cold" is ``papis list`` right after ``papis cache clear`` (it reads every ``info.yaml`` and
builds its cache); "warm" is the same command once that cache exists. papis has two local cache
backends and both are timed: ``papis`` (its default, the whole library pickled in one file) and
``sqlite`` (a table of the documents with a full-text index).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
VENV = HERE / ".venv-papis"


def papis_binary(install: bool = True) -> Path | None:
    """The papis executable of the benchmark venv, installing it with pip if asked to."""
    binary = VENV / "bin" / "papis"
    if binary.exists():
        return binary
    if not install:
        return None
    subprocess.run([sys.executable, "-m", "venv", str(VENV)], check=True)
    pip = [str(VENV / "bin" / "python"), "-m", "pip", "install", "--quiet", "papis"]
    if subprocess.run(pip, check=False).returncode != 0:
        return None
    return binary if binary.exists() else None


BACKENDS = ("papis", "sqlite")


def environment(library: Path, work: Path, backend: str = "papis") -> dict[str, str]:
    """A process environment in which papis sees only ``library``, with its cache in ``work``
    and the given database backend."""
    config = work / "xdg-config" / "papis"
    config.mkdir(parents=True, exist_ok=True)
    cache = work / "papis-cache"
    (config / "config").write_text(
        f"[settings]\ndefault-library = bench\ncache-dir = {cache}\n"
        f"database-backend = {backend}\n\n[bench]\ndir = {library}\n",
        encoding="utf-8",
    )
    env = dict(os.environ)
    env.update(
        XDG_CONFIG_HOME=str(work / "xdg-config"),
        XDG_CACHE_HOME=str(work / "xdg-cache"),
        PAPIS_CACHE_DIR=str(cache),
    )
    return env


def list_command(binary: Path, author: str) -> list[str]:
    """``papis list`` of every document by ``author`` (their query syntax, all matches)."""
    return [str(binary), "-l", "bench", "list", "--all", "--format", "{doc[ref]}",
            f"author:{author}"]  # fmt: skip


def clear_cache(work: Path) -> None:
    """Delete papis's cache for the library (``papis cache clear`` would open the sqlite
    backend's database first, which indexes every document)."""
    shutil.rmtree(work / "papis-cache", ignore_errors=True)
