"""``neurokb export``: the KB, or a selection, as a file for LaTeX, pandoc or Zotero."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from neurokb.cli.common import echo, open_kb, stderr


class ExportFormat(StrEnum):
    bibtex = "bibtex"
    biblatex = "biblatex"
    ris = "ris"
    csl_json = "csl-json"


def export_command(
    fmt: Annotated[
        ExportFormat, typer.Option("--format", "-f", help="File format.")
    ] = ExportFormat.bibtex,
    topic: Annotated[
        str | None, typer.Option("--topic", "-t", help="Only papers on this topic or below.")
    ] = None,
    query: Annotated[
        str | None, typer.Option("--query", "-q", help="Only papers matching this search.")
    ] = None,
    output: Annotated[
        Path | None,
        typer.Option(
            "--output", "-o", help="Write to FILE (atomically) instead of stdout.", dir_okay=False
        ),
    ] = None,
    cited_in: Annotated[
        list[Path] | None,
        typer.Option(
            "--cited-in",
            "-c",
            dir_okay=False,
            help="Only the papers this manuscript cites: a LaTeX .aux or .tex file, or pandoc "
            "Markdown (.md). Repeatable. Unknown keys are listed and the exit status is 1.",
        ),
    ] = None,
) -> None:
    """Export the whole knowledge base, or a selection, for LaTeX, pandoc or Zotero.

    `neurokb export -o refs.bib` for LaTeX; `neurokb export -f csl-json -o refs.json` for pandoc;
    `neurokb export --cited-in paper.aux -o refs.bib` for exactly what a manuscript cites (keys
    or aliases, in citation order).
    """
    from neurokb.cite import export
    from neurokb.cite.selection import select_papers
    from neurokb.core.atomic import atomic_write_text

    kb = open_kb()
    unknown: dict[str, list[str]] = {}
    if cited_in:
        from neurokb.cite.manuscript import cited_keys
        from neurokb.cite.selection import select_cited

        keys = [key for path in cited_in for key in cited_keys(path)]
        cited = select_cited(kb, list(dict.fromkeys(keys)),
                             aliases_resolve=fmt is ExportFormat.biblatex)  # fmt: skip
        chosen = {p.key for p in select_papers(kb, topic, query)} if topic or query else None
        papers = [p for p in cited.papers if chosen is None or kb.resolve(p.key) in chosen]
        unknown = cited.unknown
    else:
        papers = select_papers(kb, topic, query)
    text = export(papers, fmt.value)
    if output is None:
        echo(text, nl=False, exact=True)
    else:
        atomic_write_text(output, text)
        stderr.print(f"wrote {len(papers)} paper(s) to {output}")
    if unknown:
        from rich.markup import escape

        for key, guesses in unknown.items():
            hint = f" (did you mean {', '.join(guesses)}?)" if guesses else ""
            stderr.print(
                f"[red]error:[/] '{escape(key)}' is cited but not in the knowledge base"
                f"{escape(hint)}"
            )
        raise typer.Exit(1)


def register(app: typer.Typer) -> None:
    app.command("export")(export_command)
