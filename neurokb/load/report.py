"""Rendering problems for people and for CI: compiler-style lines and GitHub annotations."""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path

from neurokb.core.errors import Problem
from neurokb.load.files import located


def format_problem(problem: Problem, *, github: bool = False) -> str:
    """``path:line:col: error: NKB012 message`` + hint line; or a ``::error`` annotation."""
    if github:
        level = "error" if problem.is_error else "warning"
        message = _annotation_data(f"{problem.code} {problem.message}. Fix: {problem.fix}")
        title = _annotation_property(f"{problem.code} {problem.field or 'entry'}")
        return (
            f"::{level} file={_annotation_property(problem.path)},line={problem.line},"
            f"col={problem.column},title={title}::{message}"
        )
    head = f"{problem.path}:{problem.line}:{problem.column}: {problem.severity}: {problem.code} {problem.message}"
    return f"{head}\n    hint: {problem.fix}"


def _annotation_data(text: str) -> str:
    """A workflow command's message, escaped as the Actions runner reads it back.

    A newline in a file name or a quoted value would otherwise end the annotation and start a
    line of the contributor's choosing: another workflow command (``::add-mask::``,
    ``::stop-commands::``) run in the repository's CI.
    """
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _annotation_property(text: str) -> str:
    """A workflow command's property value (``file=``, ``title=``): as data, plus ``:`` and ``,``,
    which would end the value and let the rest of a file name set other properties."""
    return _annotation_data(text).replace(":", "%3A").replace(",", "%2C")


def named_files(root: Path, files: list[Path] | None) -> set[str]:
    """``files`` (paths as given on the command line) relative to ``root``; ValueError for a
    file outside the KB or missing."""
    wanted = set()
    for file in files or ():
        resolved = located(file)  # a link is named as itself: it may lead out, or nowhere
        try:
            wanted.add(resolved.relative_to(os.path.realpath(root)).as_posix())
        except ValueError:
            raise ValueError(f"{file} is not inside the knowledge base at {root}") from None
        if not os.path.lexists(resolved):
            raise ValueError(f"{file} does not exist")
    return wanted


def named_papers(named: set[str]) -> frozenset[str]:
    """The paper keys among :func:`named_files`: where a duplicate is to be reported."""
    return frozenset(Path(path).stem for path in named if path.startswith("entries/papers/"))


def filter_problems(
    problems: Iterable[Problem], root: Path, files: list[Path] | None
) -> list[Problem]:
    """Only the problems of ``files`` (paths as given on the command line), or all of them."""
    if not files:
        return list(problems)
    wanted = named_files(root, files)
    return [p for p in problems if p.path in wanted]


def summary_line(
    papers: int,
    topics: int,
    problems: list[Problem],
    seconds: float,
    checked_files: int | None = None,
) -> str:
    """The last line of ``validate``: the status, the valid entries counted, the problems."""
    errors = sum(p.is_error for p in problems)
    warnings = len(problems) - errors
    scope = f"{checked_files} file(s) of " if checked_files is not None else ""
    status = "ok" if not errors else "FAILED"
    return (
        f"{status}: checked {scope}{papers} papers and {topics} topics "
        f"in {seconds:.2f}s: {errors} error(s), {warnings} warning(s)"
    )
