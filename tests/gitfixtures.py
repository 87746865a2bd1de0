"""Temporary git repositories for tests that compare revisions (review, contributor path).

Commits use a fixed identity and date through the environment, so the tests need no global git
configuration and never touch the user's.
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

_ENV = {
    "GIT_AUTHOR_NAME": "Test Contributor",
    "GIT_AUTHOR_EMAIL": "contributor@example.org",
    "GIT_COMMITTER_NAME": "Test Contributor",
    "GIT_COMMITTER_EMAIL": "contributor@example.org",
    "GIT_AUTHOR_DATE": "2026-01-01T12:00:00Z",
    "GIT_COMMITTER_DATE": "2026-01-01T12:00:00Z",
    "GIT_CONFIG_GLOBAL": os.devnull,
    "GIT_CONFIG_NOSYSTEM": "1",
}


def git(root: Path, *args: str) -> str:
    """Run git in ``root`` and return its stdout; a failure fails the test with git's message."""
    done = subprocess.run(
        ["git", *args], cwd=root, env={**os.environ, **_ENV}, capture_output=True, text=True
    )
    assert done.returncode == 0, f"git {' '.join(args)}: {done.stderr}"
    return done.stdout


def init_repo(root: Path, message: str = "Initial knowledge base") -> Path:
    """Make ``root`` a git repository on branch ``main`` with everything in it committed."""
    git(root, "init", "--quiet", "--initial-branch=main")
    commit_all(root, message)
    return root


def commit_all(root: Path, message: str) -> None:
    git(root, "add", "--all")
    git(root, "commit", "--quiet", "--message", message)
