"""``neurokb show`` without Typer: everything about one paper or topic, from the index.

The command's work and its terminal views; :mod:`neurokb.cli.commands.show` is its Typer face
and :mod:`neurokb.cli.quick` calls it directly.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Container, Mapping
from typing import TYPE_CHECKING, Any

from neurokb.cli import common
from neurokb.cli.common import open_library, print_json, printable
from neurokb.core.ids import EntryId
from neurokb.core.paperview import PaperView

if TYPE_CHECKING:  # Rich loads only for the terminal views (common.stdout), not for --json
    from rich.table import Table


def show(key: str, as_json: bool = False) -> None:
    """Show the paper or topic ``key``, as a terminal view or as JSON."""
    library = open_library()
    detail = library.detail(key)  # an unknown key exits 1 with the nearest keys
    if as_json:
        print_json(detail)
        return

    def papers_of(keys: list[str]) -> Mapping[str, PaperView]:
        found = sorted(library.present(keys)) if keys else []
        return dict(zip(found, library.papers(found), strict=True))

    # Both views are drawn from ``detail`` (the JSON of ``show --json``), not from a model.
    if "cited_by" in detail:
        _show_paper(detail, library.present(detail["cites"]), papers_of)
    else:
        _show_topic(detail, papers_of)


def _fields(rows: list[tuple[str, str]]) -> Table:
    from rich.table import Table

    table = Table.grid(padding=(0, 2))
    table.add_column(style="bold cyan", no_wrap=True)
    table.add_column()
    for name, value in rows:
        if value:
            table.add_row(name, value)
    return table


Papers = Callable[[list[str]], "Mapping[str, PaperView]"]  # the cited papers of some keys


def _readable(text: str, papers_of: Papers) -> str:
    """Entry Markdown for the terminal: ``[@key]`` as "(Author et al. year)", math as code."""
    from neurokb.core.mathtext import math_as_code

    if "@" in text:  # a citation is possible (the parser imports the models: only then)
        from neurokb.core.textcites import cited_keys, plain_citations

        keys = list(dict.fromkeys(key for _, key in cited_keys(text)))
        if keys:
            text = plain_citations(text, papers_of(keys))  # type: ignore[arg-type]
    return math_as_code(text)


def _show_paper(detail: dict[str, Any], present: Container[str], papers_of: Papers) -> None:
    """The paper as a panel, from ``detail``: the JSON of ``show --json``."""
    paper = PaperView(detail)
    where = ", ".join(
        part for part in (paper.venue, paper.volume and f"vol. {paper.volume}",
                          paper.issue and f"no. {paper.issue}", paper.pages and f"pp. {paper.pages}") if part
    )  # fmt: skip
    rows = [
        ("authors", "; ".join(paper.author_names)),
        ("year", str(paper.year)),
        ("type", paper.type),
        ("venue", where),
        ("doi", paper.doi and f"https://doi.org/{paper.doi}"),
        ("arxiv", paper.arxiv and f"https://arxiv.org/abs/{paper.arxiv}"),
        ("pubmed", paper.pmid and f"https://pubmed.ncbi.nlm.nih.gov/{paper.pmid}/"),
        ("url", paper.url or ""),
        ("topics", ", ".join(paper.topics)),
        ("cites", ", ".join(c for c in paper.cites if c in present)),
        ("cited by", ", ".join(detail["cited_by"])),
        ("implementations", ", ".join(paper.implementations or ())),
        ("cite as", detail["citation"]),
        ("file", EntryId.paper(paper.key).path),
    ]
    from rich.panel import Panel

    # The title goes above the panel: a panel title is cut to the panel's width.
    common.stdout.print(paper.title, style="bold")
    common.stdout.print(Panel(_fields(rows), title=paper.key, title_align="left", expand=False))
    if paper.summary:
        _print_markdown(_readable(paper.summary, papers_of))


def _show_topic(detail: dict[str, Any], papers_of: Papers) -> None:
    from rich.panel import Panel

    from neurokb.cli.terminal import styled

    rows = [
        ("id", detail["id"]),
        ("aliases", ", ".join(detail["aliases"])),
        ("parents", ", ".join(detail["parents"])),
        ("subtopics", ", ".join(detail["subtopics"])),
        ("related", ", ".join(detail["related"])),
        ("papers", ", ".join(detail["papers"])),
        ("file", EntryId.topic(detail["id"]).path),
    ]
    common.stdout.print(Panel(_fields(rows), title=styled((detail["name"], "bold")), expand=False))
    _print_markdown(_readable(detail["summary"], papers_of))


def _print_markdown(text: str) -> None:
    text = printable(text)
    paragraph = plain_paragraph(text)
    if paragraph is not None:  # what Rich's Markdown prints for it, without markdown-it
        common.stdout.print(_Paragraph(paragraph))
        return
    from rich.markdown import Markdown  # markdown-it loads slowly (~40 ms): only when needed

    common.stdout.print(Markdown(text))


# Characters that may start Markdown syntax (emphasis, code, links, HTML, entities, escapes,
# tables, strikethrough) or that Markdown reads differently (tab, CR, NUL).
_MARKUP = re.compile(r"[\\`*_\[\]<>&!#~|=+{}^$\t\r\x00]")
# A line that opens a block: a list item, a quote, a heading, a rule or a setext underline.
_BLOCK = re.compile(r"^ *([-+*>#]|\d{1,9}[.)])( |$)|^ *-+ *$", re.MULTILINE)


class _Paragraph:
    """One paragraph drawn the way Rich's ``Markdown`` draws its paragraphs: left-justified
    text rendered with the document's options (the same bytes, see tests/test_show_view.py)."""

    def __init__(self, text: str) -> None:
        self.text = text

    def __rich_console__(self, console: Any, options: Any) -> Any:
        from rich.text import Text

        yield from console.render(Text(self.text, justify="left"), options.update(height=None))


def plain_paragraph(text: str) -> str | None:
    """``text`` as the one paragraph Markdown makes of it (lines joined by spaces), or None
    when it holds anything Markdown would read as syntax. A summary is most often plain
    prose; rendering it needs no Markdown parser (markdown-it takes ~40 ms to import)."""
    body = text.strip("\n")
    if not body or _MARKUP.search(body) or _BLOCK.search(body) or body.startswith("    "):
        return None
    lines = body.split("\n")
    if any(not line.strip(" ") or line.endswith(" ") for line in lines):
        return None  # a blank line (several paragraphs), or a line break kept by two spaces
    return " ".join(line.strip(" ") for line in lines)
