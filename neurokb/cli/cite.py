"""``neurokb cite`` and ``neurokb export``: references in a style, or files for other tools."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from neurokb.cli.common import JsonOption, echo, open_kb, open_reader, print_json, stderr

if TYPE_CHECKING:
    from neurokb.models import Paper


class CiteFormat(StrEnum):
    text = "text"
    markdown = "markdown"
    html = "html"
    bibtex = "bibtex"
    biblatex = "biblatex"
    ris = "ris"
    csl_json = "csl-json"


class ExportFormat(StrEnum):
    bibtex = "bibtex"
    biblatex = "biblatex"
    ris = "ris"
    csl_json = "csl-json"


StyleOption = Annotated[
    str,
    typer.Option(
        "--style", "-s",
        help="apa, ieee, nature, chicago, vancouver, or the path of a .csl file.",
    ),
]  # fmt: skip


def cite(
    keys: Annotated[list[str], typer.Argument(help="Paper keys, e.g. zenke2018superspike.")],
    style: StyleOption = "apa",
    fmt: Annotated[
        CiteFormat, typer.Option("--format", "-f", help="Reference text or an export format.")
    ] = CiteFormat.text,
    as_json: JsonOption = False,
) -> None:
    """Print references for KEYS in a citation style (or as BibTeX, RIS, CSL-JSON ...).

    References come in the style's bibliography order. Unknown keys exit 1 with suggestions.
    """
    from neurokb.cite import WRITERS, export, format_references, in_text

    papers = _papers(keys)
    if fmt.value in WRITERS:
        text = export(papers, fmt.value)
        if as_json:
            print_json({"format": fmt.value, "text": text})
        else:
            echo(text, nl=False, exact=True)
        return
    references = format_references(papers, style, fmt.value, order="style")
    if as_json:
        labels = dict(zip([p.key for p in papers], in_text(papers, style), strict=True))
        ordered = format_references(papers, style, fmt.value, order="input")
        print_json({
            "style": style,
            "format": fmt.value,
            "references": [
                {"key": p.key, "reference": ref, "in_text": labels[p.key]}
                for p, ref in zip(papers, ordered, strict=True)
            ],
        })  # fmt: skip
        return
    for reference in references:
        echo(reference)


def _papers(keys: list[str]) -> list[Paper]:
    """The Paper models of ``keys``: from the index when it holds them all (citing three
    papers must not restore 100,000), else from the whole KB, which explains unknown keys."""
    reader = open_reader()
    if reader is not None:
        reader.stale([f"papers/{key}" for key in keys])  # re-read any of them that changed
        if reader.present(keys) == set(keys):
            return reader.papers(keys)
    kb = open_kb()
    return [kb.paper(key) for key in keys]


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
    from neurokb.atomic import atomic_write_text
    from neurokb.cite import export
    from neurokb.cite.selection import select_papers

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
    app.command("cite")(cite)
    app.command("export")(export_command)
