"""``neurokb search``: full-text search with fielded filters.

A table on a terminal, one JSON document with ``--json`` (shapes in :mod:`neurokb.core.serialize`).
No hit is "not found": exit 1, with the JSON document still printed for scripts; malformed
terms inside the query are data errors (exit 1) with a hint.
"""

from __future__ import annotations

import re
from typing import Annotated

import typer

from neurokb.cli import common
from neurokb.cli.common import JsonOption, LimitOption, fail, open_library, print_json, say
from neurokb.search.query import FIELDS

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
    when nothing matches all words, papers matching any of them are shown. When more than
    1,000 papers match, they are listed without ranking: title matches first, newest first.

    Example: neurokb search spiking plastic* author:zenke year:2016..
    """
    text = _join(query)
    library = open_library()
    found = library.search(text, limit)
    if as_json:
        print_json({"query": text, "total": found.total, "results": library.hit_items(found.hits)})
    elif found.hits:
        from neurokb.cli.tables import note_truncated, paper_table  # Rich: not for --json

        scores = {h.key: h for h in found.hits}
        common.stdout.print(
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


def register(app: typer.Typer) -> None:
    app.command("search")(search_cmd)
