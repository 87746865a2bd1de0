"""What git knows about entry files: which changed since a base, and their text at that base.

``neurokb review`` compares the working tree with a base revision the way a pull request does:
against the merge base of the base and ``HEAD``, so commits that landed on ``main`` after the
branch was made do not show up as changes of the branch. Git runs as a subprocess (no
GitPython); paths are relative to the knowledge base root even when it is a subfolder of the
repository.
"""

from __future__ import annotations

import subprocess
from dataclasses import dataclass
from pathlib import Path

from neurokb.core.errors import NeuroKBError


@dataclass(frozen=True)
class ChangedFile:
    """An entry file that differs from the base: ``added``, ``modified`` or ``removed``."""

    path: str
    status: str


def _run(root: Path, *args: str) -> bytes:
    """Run ``git -C root ARGS``; its output as bytes, or a NeuroKBError with git's message."""
    try:
        done = subprocess.run(["git", "-C", str(root), *args], capture_output=True, check=False)
    except FileNotFoundError:
        raise NeuroKBError("git is not installed", "install git to compare revisions") from None
    if done.returncode != 0:
        lines = done.stderr.decode(errors="replace").strip().splitlines() or ["failed"]
        raise NeuroKBError(f"git {' '.join(args)}: {lines[-1]}")
    return done.stdout


def git(root: Path, *args: str) -> str:
    """Run ``git -C root ARGS`` and return its output as text."""
    return _run(root, *args).decode("utf-8", errors="replace")


def _exists(root: Path, revision: str) -> bool:
    try:
        git(root, "rev-parse", "--verify", "--quiet", f"{revision}^{{commit}}")
    except NeuroKBError:
        return False
    return True


def default_base(root: Path) -> str:
    """``origin/main`` if it exists, else ``main`` (unless that is HEAD), else ``HEAD~1``."""
    if _exists(root, "origin/main"):
        return "origin/main"
    if _exists(root, "main") and git(root, "rev-parse", "main") != git(root, "rev-parse", "HEAD"):
        return "main"
    if _exists(root, "HEAD~1"):
        return "HEAD~1"
    raise NeuroKBError("no base revision to compare with", "name one: neurokb review BASE")


def merge_base(root: Path, base: str) -> str:
    """The commit the working tree is compared with: where HEAD branched off ``base``."""
    if not _exists(root, base):
        raise NeuroKBError(f"unknown revision '{base}'", "fetch it first, e.g. git fetch origin")
    try:
        return git(root, "merge-base", base, "HEAD").strip()
    except NeuroKBError:  # unrelated histories: compare with the base itself
        return git(root, "rev-parse", base).strip()


def changed_files(root: Path, commit: str, folder: str = "entries") -> list[ChangedFile]:
    """Files under ``folder`` that the working tree (tracked or not) changes against ``commit``."""
    status = {"A": "added", "M": "modified", "D": "removed", "T": "modified"}
    out: dict[str, ChangedFile] = {}
    diff = git(root, "diff", "--name-status", "--no-renames", "--relative", commit, "--", folder)
    for line in diff.splitlines():
        code, _, path = line.partition("\t")
        if code[:1] in status:
            out[path] = ChangedFile(path, status[code[:1]])
    untracked = git(root, "ls-files", "--others", "--exclude-standard", "--", folder)
    for path in untracked.splitlines():
        out[path] = ChangedFile(path, "added")
    return sorted(out.values(), key=lambda change: change.path)


def show(root: Path, commit: str, path: str) -> bytes:
    """The bytes of ``path`` (relative to ``root``) at ``commit``."""
    return _run(root, "show", f"{commit}:./{path}")
