"""``neurokb search`` and ``neurokb list``: finding papers by text or by filters.

Both print a table on a terminal and one JSON document with ``--json`` (shapes in
:mod:`neurokb.serialize`). An empty result is "not found": exit 1, with the JSON document
still printed for scripts. Malformed options (``--year abc``) are usage errors (exit 2);
malformed terms inside a query string are data errors (exit 1) with a hint.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Annotated, Any

import typer

from neurokb.cli.common import (
    JsonOption,
    LimitOption,
    fail,
    open_kb,
    open_reader,
    print_json,
    say,
    stdout,
)
from neurokb.cli.tables import note_truncated, paper_table
from neurokb.errors import NeuroKBError
from neurokb.papertype import PaperType
from neurokb.search import (
    Filters,
    SortBy,
    YearRange,
    list_papers,
    misspelt,
    parse_years,
    search,
)
from neurokb.search.query import FIELDS
from neurokb.serialize import hit_item, paper_item

if TYPE_CHECKING:
    from neurokb.cache.reader import Reader
    from neurokb.kb import KnowledgeBase
    from neurokb.models import Paper
    from neurokb.search import Hit

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
    reader = open_reader()
    hits = (
        reader.checked(lambda: reader.search(text), lambda found: [h.key for h in found[:limit]])
        if reader
        else None
    )
    source: Reader | _FromKB
    if reader is None or hits is None:  # no usable index, or an answer only the KB can give
        source = _FromKB(open_kb())
        hits = search(source.kb, text)
    else:
        source = reader
    shown = hits[:limit]
    if as_json:
        print_json({"query": text, "total": len(hits), "results": source.items(shown)})
    elif shown:
        scores = {h.key: h for h in shown}
        stdout.print(
            paper_table(
                source.papers([h.key for h in shown]),
                extra=[("score", lambda _, p: f"{scores[p.key].score:.2f}")],
            )
        )
        note_truncated(len(shown), len(hits))
    unknown = source.misspelt(text)
    for word, guesses in unknown.items():
        near = f" (did you mean {', '.join(guesses)}?)" if guesses else ""
        say("note:", f"no paper contains '{word}'{near}")
    if not hits:
        raise fail(f"no papers match '{text}'", "use fewer words, or word* for partial words")


@dataclass
class _FromKB:
    """The whole KnowledgeBase behind the interface of the index's :class:`Reader`."""

    kb: KnowledgeBase

    def items(self, hits: list[Hit]) -> list[dict[str, Any]]:
        return [hit_item(self.kb.papers[h.key], h.score, h.matched) for h in hits]

    def papers(self, keys: list[str]) -> list[Paper]:
        return [self.kb.papers[key] for key in keys]

    def misspelt(self, text: str) -> dict[str, list[str]]:
        return misspelt(self.kb, text)


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
    total, shown, cited = _listing(filters, sort, reverse, limit)
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
        extra = [("cited by", lambda _, p: str(len(cited.get(p.key, ()))))]
        stdout.print(paper_table(shown, extra=extra if sort is SortBy.CITED else ()))
        note_truncated(len(shown), total)
    if not total:
        raise fail("no papers match these filters", "loosen a filter; see `neurokb stats`")


def _listing(
    filters: Filters, sort: SortBy, reverse: bool, limit: int | None
) -> tuple[int, list[Paper], dict[str, tuple[str, ...]]]:
    """How many papers pass, the first ``limit`` of them and (sorting by citations) who cites
    whom: from the index when it can order them, else from the whole KB."""
    reader = open_reader()
    keys = (
        reader.checked(lambda: reader.listing(filters, sort.value, reverse), lambda k: k[:limit])
        if reader
        else None
    )
    if reader and keys is not None:
        return len(keys), reader.papers(keys[:limit]), {}
    kb = open_kb()
    papers = list_papers(kb, filters, sort, reverse)
    return len(papers), papers[:limit], kb.cited_by


def register(app: typer.Typer) -> None:
    app.command("search")(search_cmd)
    app.command("list")(list_cmd)
