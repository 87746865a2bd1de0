"""``neurokb show``: everything about one paper or topic."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.markdown import Markdown
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from neurokb.cli.common import JsonOption, open_kb, print_json, stdout
from neurokb.kb import KnowledgeBase
from neurokb.models import Paper, Topic
from neurokb.serialize import paper_detail, topic_detail


def show(
    key: Annotated[str, typer.Argument(help="A paper key or topic id.")],
    as_json: JsonOption = False,
) -> None:
    """Show one paper or topic. Unknown keys exit 1 with the nearest keys."""
    kb = open_kb()
    entry = kb.entry(key)
    if as_json:
        if isinstance(entry, Paper):
            print_json(paper_detail(kb, entry, citation(entry)))
        else:
            print_json(topic_detail(kb, entry))
    elif isinstance(entry, Paper):
        _show_paper(kb, entry)
    else:
        _show_topic(kb, entry)


def citation(paper: Paper) -> str:
    """The paper's reference in the default citation style (APA), as plain text."""
    from neurokb.cite import format_reference  # citeproc loads slowly: only when shown

    return format_reference(paper)


def _fields(rows: list[tuple[str, str]]) -> Table:
    table = Table.grid(padding=(0, 2))
    table.add_column(style="bold cyan", no_wrap=True)
    table.add_column()
    for name, value in rows:
        if value:
            table.add_row(name, value)
    return table


def _show_paper(kb: KnowledgeBase, paper: Paper) -> None:
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
        ("cites", ", ".join(c for c in paper.cites if c in kb.papers)),
        ("cited by", ", ".join(kb.cited_by.get(paper.key, ()))),
        ("implementations", ", ".join(paper.implementations)),
        ("cite as", citation(paper)),
        ("file", kb.source_path(paper)),
    ]
    # The title goes above the panel: a panel title is cut to the panel's width.
    stdout.print(Text(paper.title, style="bold"))
    stdout.print(Panel(_fields(rows), title=paper.key, title_align="left", expand=False))
    if paper.summary:
        stdout.print(Markdown(paper.summary))


def _show_topic(kb: KnowledgeBase, topic: Topic) -> None:
    rows = [
        ("id", topic.id),
        ("aliases", ", ".join(topic.aliases)),
        ("parents", ", ".join(topic.parents)),
        ("subtopics", ", ".join(kb.subtopics.get(topic.id, ()))),
        ("related", ", ".join(topic.related)),
        ("papers", ", ".join(kb.papers_by_topic.get(topic.id, ()))),
        ("file", kb.source_path(topic)),
    ]
    stdout.print(Panel(_fields(rows), title=f"[bold]{topic.name}[/]", expand=False))
    stdout.print(Markdown(topic.summary))


def register(app: typer.Typer) -> None:
    app.command("show")(show)
