"""``neurokb search``: full-text search with fielded filters.

A table on a terminal, one JSON document with ``--json`` (shapes in :mod:`neurokb.core.serialize`).
No hit is "not found": exit 1, with the JSON document still printed for scripts; malformed
terms inside the query are data errors (exit 1) with a hint. The work is in
:func:`neurokb.cli.reads.search`.
"""

from __future__ import annotations

from typing import Annotated

import typer

from neurokb.cli import reads
from neurokb.cli.common import JsonOption, LimitOption


def search_cmd(
    query: Annotated[
        list[str],
        typer.Argument(
            help='Words, "quoted phrases" (quote them for neurokb too: \'"feedback alignment"\'), '
            "word* prefixes, and filters author:NAME topic:ID year:2016..2018 venue:WORDS "
            "type:TYPE doi:DOI arxiv:ID.",
            show_default=False,
        ),
    ],
    limit: LimitOption = 10,
    as_json: JsonOption = False,
) -> None:
    """Full-text search over titles, authors, topics, venues, summaries and abstracts.

    Results are ranked by BM25 with titles weighted most; a paper whose exact title you type
    comes first. Every word must match (plain words also match longer words they start);
    when nothing matches all words, papers matching any of them are shown. When more than
    1,000 papers match, they are listed without ranking: title matches first, newest first.

    Example: neurokb search spiking plastic* author:zenke year:2016..
    """
    reads.search(query, limit, as_json)


def register(app: typer.Typer) -> None:
    app.command("search")(search_cmd)
