"""``neurokb search`` and ``neurokb list``: finding papers by text or by filters.

Both print a table on a terminal and one JSON document with ``--json`` (shapes in
:mod:`neurokb.serialize`). An empty result is "not found": exit 1, with the JSON document
still printed for scripts. Malformed options (``--year abc``) are usage errors (exit 2);
malformed terms inside a query string are data errors (exit 1) with a hint.
"""

from __future__ import annotations

import re
from typing import Annotated

import typer

from neurokb.cli.common import (
    JsonOption,
    LimitOption,
    fail,
    open_library,
    print_json,
    say,
    stdout,
)
from neurokb.cli.tables import note_truncated, paper_table
from neurokb.errors import NeuroKBError
from neurokb.papertype import PaperType
from neurokb.search import Filters, SortBy, YearRange, parse_years
from neurokb.search.query import FIELDS
from neurokb.serialize import paper_item

_FIELD_ARG = re.compile(r'^(?P<name>[A-Za-z]+):(?P<value>[^"]*\s[^"]*)$')


def _join(words: list[str]) -> str:
    """Re-quote fielded words the shell unquoted (``author:"van rossum"`` arrives as one word)."""
    out = []
    for word in words:
        match = _FIELD_ARG.match(word)
        if match and match["name"].lower() in FIELDS:
            word = f'{match["name"]}:"{match["value"]}"'
        out.append(word)
    return " ".join(out)


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
    when nothing matches all words, papers matching any of them are shown.

    Example: neurokb search spiking plastic* author:zenke year:2016..
    """
    text = _join(query)
    library = open_library()
    found = library.search(text, limit)
    if as_json:
        print_json({"query": text, "total": found.total, "results": library.hit_items(found.hits)})
    elif found.hits:
        scores = {h.key: h for h in found.hits}
        stdout.print(
            paper_table(
                library.papers([h.key for h in found.hits]),
                extra=[("score", lambda _, p: f"{scores[p.key].score:.2f}")],
            )
        )
        note_truncated(len(found.hits), found.total)
    for word, guesses in library.misspelt(text).items():
        near = f" (did you mean {', '.join(guesses)}?)" if guesses else ""
        say("note:", f"no paper contains '{word}'{near}")
    if not found.total:
        raise fail(f"no papers match '{text}'", "use fewer words, or word* for partial words")


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
    filters = Filters(
        topics=tuple(topic or ()),
        authors=tuple(author or ()),
        years=year,
        types=tuple(type_ or ()),
        venues=tuple(venue or ()),
    )
    listed = open_library().listing(filters, sort, reverse, limit)
    total, shown = listed.total, listed.papers
    if as_json:
        print_json(
            {
                "filters": filters.describe(),
                "sort": sort.value,
                "reverse": reverse,
                "total": total,
                "results": [paper_item(p) for p in shown],
            }
        )
    elif shown:
        extra = [("cited by", lambda _, p: str(listed.cited.get(p.key, 0)))]
        stdout.print(paper_table(shown, extra=extra if sort is SortBy.CITED else ()))
        note_truncated(len(shown), total)
    if not total:
        raise fail("no papers match these filters", "loosen a filter; see `neurokb stats`")


def register(app: typer.Typer) -> None:
    app.command("search")(search_cmd)
    app.command("list")(list_cmd)
