"""``neurokb validate``: check entries and report every problem."""

from __future__ import annotations

import time
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from neurokb.cli.common import Exit, echo, fail, kb_root, print_json, progress_bar
from neurokb.core.errors import Problem
from neurokb.load.report import (
    filter_problems,
    format_problem,
    named_files,
    named_papers,
    summary_line,
)


class Format(StrEnum):
    text = "text"
    json = "json"
    github = "github"


def validate(
    files: Annotated[
        list[Path] | None,
        typer.Argument(help="Check only these entry files (in the context of the whole KB)."),
    ] = None,
    fmt: Annotated[
        Format,
        typer.Option("--format", "-f", help="text (compiler style), json, or github annotations."),
    ] = Format.text,
    strict: Annotated[bool, typer.Option("--strict", help="Fail on warnings too.")] = False,
) -> None:
    """Check every entry (or FILES) and report all problems in one pass.

    Exit 0 when valid, 1 when any error is found (or any warning with --strict).
    """
    from neurokb.load.loader import gc_paused
    from neurokb.load.parallel import cpu_workers
    from neurokb.load.validation import check_kb

    root = kb_root()
    try:
        # A duplicate is reported on a named file (the new one), whichever key sorts first.
        prefer = named_papers(named_files(root, files))
    except ValueError as exc:
        raise fail(str(exc), "give paths of files under entries/", Exit.USAGE) from None
    started = time.perf_counter()
    with gc_paused(freeze=True):  # the entries live until the command ends: see gc_paused
        # A one-shot command with no threads of its own: it may fork workers for a big load.
        found = check_kb(root, progress=progress_bar(), workers=cpu_workers(), prefer=prefer)
    elapsed = time.perf_counter() - started
    problems = filter_problems(found.problems, root, files)
    checked_files = len(files) if files else None
    line = summary_line(found.papers, found.topics, problems, elapsed, checked_files=checked_files)
    if fmt is Format.json:
        print_json(
            {
                "ok": _ok(problems, strict),
                "summary": line,
                "problems": [p.to_dict() for p in problems],
            }
        )
    else:
        for problem in problems:
            echo(format_problem(problem, github=fmt is Format.github))
        echo(line)
    if not _ok(problems, strict):
        raise typer.Exit(int(Exit.DATA))


def _ok(problems: list[Problem], strict: bool) -> bool:
    return not any(p.is_error or strict for p in problems)


def register(app: typer.Typer) -> None:
    app.command("validate")(validate)
