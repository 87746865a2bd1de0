"""The peer: papis, run on the same documents (``papis/<key>/info.yaml``) as neurokb.

papis is installed in its own virtual environment (``benchmarks/.venv-papis``, git-ignored)
so that neither tool's dependencies affect the other. It is configured through a throw-away
``XDG_CONFIG_HOME`` holding one library and a cache folder of its own: nothing is read from or
written to the user's papis setup, and nothing goes to the network.

"Cold" is ``papis list`` right after ``papis cache clear`` (it reads every ``info.yaml`` and
pickles the library); "warm" is the same command once that cache exists.
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


def environment(library: Path, work: Path) -> dict[str, str]:
    """A process environment in which papis sees only ``library``, with its cache in ``work``."""
    config = work / "xdg-config" / "papis"
    config.mkdir(parents=True, exist_ok=True)
    cache = work / "papis-cache"
    (config / "config").write_text(
        f"[settings]\ndefault-library = bench\ncache-dir = {cache}\n\n[bench]\ndir = {library}\n",
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


def clear_cache(binary: Path, env: dict[str, str], work: Path) -> None:
    subprocess.run(
        [str(binary), "-l", "bench", "cache", "clear"], env=env, capture_output=True, check=False
    )
    shutil.rmtree(work / "papis-cache", ignore_errors=True)
