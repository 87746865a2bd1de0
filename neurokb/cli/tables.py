"""Paper tables and "showing N of M" notes, shared by the query commands.

Kept apart from the commands so that every command draws papers the same way and each command
module stays a list of thin functions. A table is described once (:func:`paper_grid`) and
drawn by Rich (:func:`rich_table`) or, where Rich would draw plain text (a file or pipe, as
scripts and benchmarks read it), by :mod:`neurokb.cli.plaintable`, the same bytes without
importing Rich (~25 ms) or running its layout (~15 ms for 50 rows).
"""

from __future__ import annotations

import builtins
import os
import sys
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from neurokb.cli import common
from neurokb.cli.common import _styled_stream, printable
from neurokb.cli.plaintable import Column, render

if TYPE_CHECKING:
    from rich.table import Table

    from neurokb.core.models import Paper

Extra = Sequence[tuple[str, Callable[[int, "Paper"], str]]]


def who(paper: Paper) -> str:
    """ "Zenke & Ganguli", "Hassabis et al." (the paper label without its year)."""
    return paper.label.rsplit(" ", 1)[0]


def paper_grid(
    papers: Sequence[Paper], *, wide: bool, extra: Extra = (), numbered: bool = False
) -> tuple[list[Column], list[list[str]]]:
    """A table of papers (key, year, authors, title) with optional extra columns: its columns
    and its rows of cell text.

    ``extra`` columns are (header, cell function of the row index and paper). On a narrow
    terminal (not ``wide``) the authors column is left out (the key names the first author)
    so that titles stay readable.
    """
    columns = [Column("#", justify="right", style="dim")] if numbered else []
    columns += [Column("key", style="cyan", no_wrap=True), Column("year", justify="right")]
    if wide:
        columns.append(Column("authors", max_width=24))
    columns.append(Column("title", ratio=1, min_width=20))
    columns += [Column(header, overflow="fold") for header, _ in extra]
    rows = []
    for i, paper in enumerate(papers):
        cells = [paper.key, str(paper.year), *([who(paper)] if wide else []), paper.title]
        cells += [cell(i, paper) for _, cell in extra]
        rows.append([*([str(i + 1)] if numbered else []), *cells])
    return columns, rows


def rich_table(
    columns: Sequence[Column], rows: Sequence[Sequence[str]], title: str | None
) -> Table:
    """The table as a Rich ``Table`` (header bold, the title left-justified, a rule under the
    header): what :mod:`neurokb.cli.plaintable` draws without Rich."""
    from rich import box
    from rich.table import Table

    table = Table(title=title, title_justify="left", header_style="bold", box=box.SIMPLE_HEAD)
    for c in columns:
        table.add_column(
            c.header, justify=c.justify, style=c.style, no_wrap=c.no_wrap,  # type: ignore[arg-type]
            overflow=c.overflow, min_width=c.min_width, max_width=c.max_width,  # type: ignore[arg-type]
            ratio=c.ratio,
        )  # fmt: skip
    for row in rows:
        table.add_row(*row)
    return table


def print_papers(
    papers: Sequence[Paper],
    *,
    title: str | None = None,
    extra: Extra = (),
    numbered: bool = False,
) -> None:
    """Draw a table of papers (see :func:`paper_grid`) on stdout, as Rich draws it."""
    width = plain_width()
    wide = (width if width is not None else common.stdout.width) >= 110
    columns, rows = paper_grid(papers, wide=wide, extra=extra, numbered=numbered)
    if width is not None:
        cells = [[printable(cell) for cell in row] for row in rows]
        drawn = render(columns, cells, width, None if title is None else printable(title))
        if drawn is not None:
            sys.stdout.write(drawn)
            sys.stdout.flush()
            return
    common.stdout.print(rich_table(columns, rows, title))


def plain_width() -> int | None:
    """The width Rich's stdout console would draw at, when it would draw no styles or
    control codes there (a file or pipe, UTF-8, not Windows or Jupyter); else None.

    The width is Rich's: ``$COLUMNS`` when it is a number, else the size of the first of
    stdin, stdout and stderr that is a terminal, else 80 (or the width of the Rich console
    that an earlier table of this process made, as Rich would keep it).
    """
    if _styled_stream(sys.stdout) or sys.platform == "win32" or hasattr(builtins, "get_ipython"):
        return None
    if not (getattr(sys.stdout, "encoding", None) or "utf-8").lower().startswith("utf"):
        return None  # Rich would draw an ASCII box
    if "stdout" in vars(common):  # Rich's console, once made, keeps the width it found
        return common.stdout.width  # type: ignore[no-any-return]
    columns = os.environ.get("COLUMNS")
    if columns is not None and columns.isdigit():
        return int(columns) if columns.isascii() else None
    width = 0
    for fd in _STD_FDS:
        try:
            width = os.get_terminal_size(fd).columns
        except (AttributeError, ValueError, OSError):
            continue
        break
    return width or 80


def _fd(stream: object, default: int) -> int:
    """A standard stream's file descriptor as Rich finds it (its usual number if none)."""
    try:
        return stream.fileno()  # type: ignore[attr-defined,no-any-return]
    except Exception:  # any failure: not a real stream (Rich then takes the usual number)
        return default


_STD_FDS = (_fd(sys.__stdin__, 0), _fd(sys.__stdout__, 1), _fd(sys.__stderr__, 2))


def note_truncated(shown: int, total: int, noun: str = "papers") -> None:
    """Tell the reader (on stderr) that --limit cut the list."""
    if shown < total:
        line = f"showing {shown} of {total} {noun}; use --limit to see more"
        if "stderr" not in vars(common) and not _styled_stream(sys.stderr):
            sys.stderr.write(line + "\n")  # what Rich would write there: no style, no wrap
            return
        common.stderr.print(line, style="dim")
