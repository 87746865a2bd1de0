"""``neurokb fmt``: rewrite entries in their canonical form, or check that they already are."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from neurokb.cli.common import Exit, echo, kb_root, stderr
from neurokb.load.report import format_problem

if TYPE_CHECKING:
    from neurokb.edit.fmt import Formatted


def fmt(
    files: Annotated[
        list[Path] | None,
        typer.Argument(help="Entry files to format (default: every entry)."),
    ] = None,
    check: Annotated[
        bool,
        typer.Option("--check", help="Change nothing; exit 1 if any file is not canonical."),
    ] = False,
    diff: Annotated[
        bool, typer.Option("--diff", help="Print the changes as a unified diff, write nothing.")
    ] = False,
) -> None:
    """Put entries in canonical form: field order, quoting, indentation, sorted topic lists.

    Comments and blank lines are kept. A file that does not validate is reported and left
    alone. Exit 1 when a file was skipped, or with --check when a file would change.
    """
    from neurokb.core.atomic import ChangedMeanwhile, clean_stale
    from neurokb.edit.fmt import format_files, write  # ruamel.yaml only when formatting
    from neurokb.load.files import KIND_NAMES

    root = kb_root()
    for kind in KIND_NAMES:  # temporary files of an earlier run that was killed
        clean_stale(root / "entries" / kind)
    results = format_files(root, files)
    changed = [result for result in results if result.changed]
    failed = [result for result in results if _failed(result)]
    for result in results:
        _report_skipped(result)
    dry = check or diff
    kept = 0  # files edited while fmt ran: left as they are
    for result in changed:
        if not dry:
            try:
                write(root, result)
            except ChangedMeanwhile:  # an edit saved while fmt ran: kept, not overwritten
                echo(f"{result.path}: not written: it changed while fmt ran; "
                           "run fmt again to format the new content", err=True)  # fmt: skip
                kept += 1
                continue
        echo(f"{'would reformat' if dry else 'reformatted'} {result.path}")
        if diff:
            echo(result.diff(), nl=False, exact=True)
    verb = "would be reformatted" if dry else "reformatted"
    stderr.print(
        f"{len(changed) - kept} file(s) {verb}, "
        f"{len(results) - len(changed) - len(failed)} already canonical"
        + (f", {len(failed)} skipped (fix the problems above first)" if failed else "")
        + (f", {kept} changed while formatting and left alone" if kept else ""),
        markup=False,
    )
    if failed or kept or (check and changed):
        raise typer.Exit(int(Exit.DATA))


def _failed(result: Formatted) -> bool:
    return result.skipped and (bool(result.reason) or any(p.is_error for p in result.problems))


def _report_skipped(result: Formatted) -> None:
    for problem in result.problems:
        echo(format_problem(problem), err=True)
    if result.reason:
        echo(f"{result.path}: not formatted: {result.reason}", err=True)


def register(app: typer.Typer) -> None:
    app.command("fmt")(fmt)
