"""Rich renderings shared by the query commands: paper tables and "showing N of M" notes.

Kept apart from the commands so that every command draws papers the same way and each command
module stays a list of thin functions.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from rich import box
from rich.table import Table

from neurokb.cli.common import stderr, stdout

if TYPE_CHECKING:
    from neurokb.core.models import Paper


def who(paper: Paper) -> str:
    """ "Zenke & Ganguli", "Hassabis et al." (the paper label without its year)."""
    return paper.label.rsplit(" ", 1)[0]


def paper_table(
    papers: Sequence[Paper],
    *,
    title: str | None = None,
    extra: Sequence[tuple[str, Callable[[int, Paper], str]]] = (),
    numbered: bool = False,
) -> Table:
    """A table of papers (key, year, authors, title) with optional extra columns.

    ``extra`` columns are (header, cell function of the row index and paper). On a narrow
    terminal the authors column is left out (the key names the first author) so that titles
    stay readable.
    """
    wide = stdout.width >= 110
    table = Table(title=title, title_justify="left", header_style="bold", box=box.SIMPLE_HEAD)
    if numbered:
        table.add_column("#", justify="right", style="dim")
    table.add_column("key", style="cyan", no_wrap=True)
    table.add_column("year", justify="right")
    if wide:
        table.add_column("authors", max_width=24)
    table.add_column("title", ratio=1, min_width=20)
    for header, _ in extra:
        table.add_column(header, overflow="fold")
    for i, paper in enumerate(papers):
        cells = [paper.key, str(paper.year), *([who(paper)] if wide else []), paper.title]
        cells += [cell(i, paper) for _, cell in extra]
        table.add_row(*([str(i + 1)] if numbered else []), *cells)
    return table


def note_truncated(shown: int, total: int, noun: str = "papers") -> None:
    """Tell the reader (on stderr) that --limit cut the list."""
    if shown < total:
        stderr.print(f"showing {shown} of {total} {noun}; use --limit to see more", style="dim")
