"""``neurokb show``: everything about one paper or topic."""

from __future__ import annotations

from collections.abc import Callable, Container, Mapping
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.panel import Panel
from rich.table import Table

from neurokb.cli.common import JsonOption, open_library, print_json, printable, stdout
from neurokb.cli.terminal import styled
from neurokb.core.ids import EntryId

if TYPE_CHECKING:
    from neurokb.core.models import Paper, Topic


def show(
    key: Annotated[str, typer.Argument(help="A paper key or topic id.")],
    as_json: JsonOption = False,
) -> None:
    """Show one paper or topic. Unknown keys exit 1 with the nearest keys."""
    library = open_library()
    detail = library.detail(key)  # an unknown key exits 1 with the nearest keys
    if as_json:
        print_json(detail)
        return
    entry = library.entry(key)

    def papers_of(keys: list[str]) -> Mapping[str, Paper]:
        found = sorted(library.present(keys)) if keys else []
        return dict(zip(found, library.papers(found), strict=True))

    if "cited_by" in detail:
        present = library.present(entry.cites)  # type: ignore[union-attr]
        _show_paper(entry, detail, present, papers_of)  # type: ignore[arg-type]
    else:
        _show_topic(entry, detail, papers_of)  # type: ignore[arg-type]


def _fields(rows: list[tuple[str, str]]) -> Table:
    table = Table.grid(padding=(0, 2))
    table.add_column(style="bold cyan", no_wrap=True)
    table.add_column()
    for name, value in rows:
        if value:
            table.add_row(name, value)
    return table


Papers = Callable[[list[str]], "Mapping[str, Paper]"]  # the cited papers of some keys


def _readable(text: str, papers_of: Papers) -> str:
    """Entry Markdown for the terminal: ``[@key]`` as "(Author et al. year)", math as code."""
    from neurokb.core.mathtext import math_as_code
    from neurokb.core.textcites import cited_keys, plain_citations

    keys = list(dict.fromkeys(key for _, key in cited_keys(text)))
    return math_as_code(plain_citations(text, papers_of(keys)) if keys else text)


def _show_paper(
    paper: Paper, detail: dict[str, Any], present: Container[str], papers_of: Papers
) -> None:
    """The paper as a panel; ``detail`` is the JSON of ``show --json`` (cited_by, citation)."""
    from rich.markdown import Markdown  # markdown-it loads slowly: only for this view

    where = ", ".join(
        part for part in (paper.venue, paper.volume and f"vol. {paper.volume}",
                          paper.issue and f"no. {paper.issue}", paper.pages and f"pp. {paper.pages}") if part
    )  # fmt: skip
    rows = [
        ("authors", "; ".join(a.display for a in paper.authors)),
        ("year", str(paper.year)),
        ("type", paper.type.value),
        ("venue", where),
        ("doi", paper.doi and f"https://doi.org/{paper.doi}"),
        ("arxiv", paper.arxiv and f"https://arxiv.org/abs/{paper.arxiv}"),
        ("pubmed", paper.pmid and f"https://pubmed.ncbi.nlm.nih.gov/{paper.pmid}/"),
        ("url", paper.url or ""),
        ("topics", ", ".join(paper.topics)),
        ("cites", ", ".join(c for c in paper.cites if c in present)),
        ("cited by", ", ".join(detail["cited_by"])),
        ("implementations", ", ".join(paper.implementations)),
        ("cite as", detail["citation"]),
        ("file", EntryId.paper(paper.key).path),
    ]
    # The title goes above the panel: a panel title is cut to the panel's width.
    stdout.print(paper.title, style="bold")
    stdout.print(Panel(_fields(rows), title=paper.key, title_align="left", expand=False))
    if paper.summary:
        stdout.print(Markdown(printable(_readable(paper.summary, papers_of))))


def _show_topic(topic: Topic, detail: dict[str, Any], papers_of: Papers) -> None:
    from rich.markdown import Markdown

    rows = [
        ("id", topic.id),
        ("aliases", ", ".join(topic.aliases)),
        ("parents", ", ".join(topic.parents)),
        ("subtopics", ", ".join(detail["subtopics"])),
        ("related", ", ".join(topic.related)),
        ("papers", ", ".join(detail["papers"])),
        ("file", EntryId.topic(topic.id).path),
    ]
    stdout.print(Panel(_fields(rows), title=styled((topic.name, "bold")), expand=False))
    stdout.print(Markdown(printable(_readable(topic.summary, papers_of))))


def register(app: typer.Typer) -> None:
    app.command("show")(show)
