"""``neurokb list``: papers filtered and sorted.

A table on a terminal, one JSON document with ``--json`` (shapes in :mod:`neurokb.core.serialize`).
An empty result is "not found": exit 1, with the JSON document still printed for scripts;
malformed options (``--year abc``) are usage errors (exit 2). The work is in
:func:`neurokb.cli.reads.listing`.
"""

from __future__ import annotations

from typing import Annotated

import typer

from neurokb.cli import reads
from neurokb.cli.common import JsonOption, LimitOption
from neurokb.core.errors import NeuroKBError
from neurokb.core.papertype import PaperType
from neurokb.search import SortBy, YearRange, parse_years


def _years(value: str | None) -> YearRange | None:
    if value is None:
        return None
    try:
        return parse_years(value)
    except NeuroKBError as exc:
        raise typer.BadParameter(f"{exc} ({exc.hint})") from None


def list_cmd(
    topic: Annotated[
        list[str] | None,
        typer.Option("--topic", "-t", help="Topic id or name (subtopics included); repeatable."),
    ] = None,
    author: Annotated[
        list[str] | None,
        typer.Option("--author", "-a", help="Family name (or its start), full name or author id."),
    ] = None,
    year: Annotated[
        YearRange | None,
        typer.Option(
            "--year",
            "-y",
            parser=_years,
            metavar="YEARS",
            help="2016, 2016..2018, 2016.. or ..2018.",
        ),
    ] = None,
    type_: Annotated[
        list[PaperType] | None, typer.Option("--type", help="Entry type; repeatable (any of).")
    ] = None,
    venue: Annotated[
        list[str] | None, typer.Option("--venue", help="Words of the venue name, e.g. 'nature'.")
    ] = None,
    sort: Annotated[
        SortBy,
        typer.Option("--sort", "-s", help="year (oldest first), title, or cited (most first)."),
    ] = SortBy.YEAR,
    reverse: Annotated[bool, typer.Option("--reverse", "-r", help="Reverse the order.")] = False,
    limit: LimitOption = 50,
    as_json: JsonOption = False,
) -> None:
    """List papers, filtered and sorted.

    Example: neurokb list --topic credit-assignment --year 2016.. --sort cited
    """
    filters = reads.list_filters(topic or (), author or (), year, type_ or (), venue or ())
    reads.listing(filters, sort, reverse, limit, as_json)


def register(app: typer.Typer) -> None:
    app.command("list")(list_cmd)
