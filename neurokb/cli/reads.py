"""``search``, ``list``, ``related`` and ``cite`` without Typer: each command's work, from parsed
options.

Their Typer faces (:mod:`neurokb.cli.commands`) and :mod:`neurokb.cli.quick` both call these,
so an answer is the same bytes whichever parsed the command line. A table on a terminal, one
JSON document with ``--json`` (shapes in :mod:`neurokb.core.serialize`); an empty answer is
"not found" (exit 1), with the JSON document still printed for scripts.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from neurokb.cli.common import echo, fail, open_library, print_json, say

if TYPE_CHECKING:
    from collections.abc import Sequence

    from neurokb.core.papertype import PaperType
    from neurokb.search import Filters, SortBy, YearRange

CITE_FORMATS = ("text", "markdown", "html", "bibtex", "biblatex", "ris", "csl-json")
"""``cite --format`` values: reference text in a style, or an export format (the Typer
command's choices are made from these)."""

_FIELD_ARG = re.compile(r'^(?P<name>[A-Za-z]+):(?P<value>[^"]*\s[^"]*)$')


def _join(words: list[str]) -> str:
    """Re-quote fielded words the shell unquoted (``author:"van rossum"`` arrives as one word)."""
    from neurokb.search.query import FIELDS

    out = []
    for word in words:
        match = _FIELD_ARG.match(word)
        if match and match["name"].lower() in FIELDS:
            word = f'{match["name"]}:"{match["value"]}"'
        out.append(word)
    return " ".join(out)


def search(query: list[str], limit: int = 10, as_json: bool = False) -> None:
    """The papers matching the words of ``query``, best first (see ``neurokb search --help``)."""
    text = _join(query)
    library = open_library()
    found = library.search(text, limit)
    if as_json:
        print_json({"query": text, "total": found.total, "results": library.hit_items(found.hits)})
    elif found.hits:
        from neurokb.cli.tables import note_truncated, print_papers  # not for --json

        scores = {h.key: h for h in found.hits}
        print_papers(
            library.papers([h.key for h in found.hits]),
            extra=[("score", lambda _, p: f"{scores[p.key].score:.2f}")],
        )
        note_truncated(len(found.hits), found.total)
    for word, guesses in library.misspelt(text).items():
        near = f" (did you mean {', '.join(guesses)}?)" if guesses else ""
        say("note:", f"no paper contains '{word}'{near}")
    if not found.total:
        raise fail(f"no papers match '{text}'", "use fewer words, or word* for partial words")


def list_filters(
    topics: Sequence[str],
    authors: Sequence[str],
    years: YearRange | None,
    types: Sequence[PaperType],
    venues: Sequence[str],
) -> Filters:
    """``neurokb list``'s options as the library's filters (for Typer and the quick path)."""
    from neurokb.search.filters import Filters

    return Filters(
        topics=tuple(topics),
        authors=tuple(authors),
        years=years,
        types=tuple(types),
        venues=tuple(venues),
    )


def listing(
    filters: Filters, sort: SortBy, reverse: bool = False, limit: int = 50, as_json: bool = False
) -> None:
    """The papers passing ``filters``, sorted (see ``neurokb list --help``)."""
    from neurokb.core.serialize import paper_item
    from neurokb.search.filters import SortBy

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
        from neurokb.cli.tables import note_truncated, print_papers

        extra = [("cited by", lambda _, p: str(listed.cited.get(p.key, 0)))]
        print_papers(shown, extra=extra if sort is SortBy.CITED else ())
        note_truncated(len(shown), total)
    if not total:
        raise fail("no papers match these filters", "loosen a filter; see `neurokb stats`")


def related(key: str, limit: int = 10, as_json: bool = False) -> None:
    """The papers related to ``key``, best first, with the reasons (``neurokb related``)."""
    library = open_library()
    found = library.related(key, limit)  # an unknown key exits 1 with the nearest keys
    papers = library.papers([r.key for r in found])
    if as_json:
        from neurokb.core.serialize import related_item

        results = [related_item(p, r.score, r.reasons) for p, r in zip(papers, found, strict=True)]
        print_json({"key": key, "results": results})
    elif found:
        from neurokb.cli.tables import print_papers

        by_key = {r.key: r for r in found}
        print_papers(
            papers,
            title=f"Related to {library.paper(key).label} ({key})",
            extra=[
                ("score", lambda _, p: f"{by_key[p.key].score:.2f}"),
                ("why", lambda _, p: "\n".join(by_key[p.key].reasons)),
            ],
        )
    if not found:
        raise fail(f"nothing in the KB is related to '{key}'", "add its citations or topics")


def cite(keys: Sequence[str], style: str = "apa", fmt: str = "text", as_json: bool = False) -> None:
    """References for ``keys`` in ``style``, or in an export format ``fmt`` (one of
    :data:`CITE_FORMATS`), in the style's bibliography order (see ``neurokb cite --help``)."""
    cited = open_library().cite(keys, style, fmt, detailed=as_json)
    if as_json:
        print_json(cited.as_json())
    elif cited.text is not None:
        echo(cited.text, nl=False, exact=True)
    else:
        for reference in cited.references:
            echo(reference)
