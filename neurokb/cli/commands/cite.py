"""``neurokb cite``: references in a citation style, or in an export format."""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated

import typer

from neurokb.cli.common import JsonOption, echo, open_library, print_json


class CiteFormat(StrEnum):
    text = "text"
    markdown = "markdown"
    html = "html"
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
    cited = open_library().cite(keys, style, fmt.value, detailed=as_json)
    if as_json:
        print_json(cited.as_json())
    elif cited.text is not None:
        echo(cited.text, nl=False, exact=True)
    else:
        for reference in cited.references:
            echo(reference)


def register(app: typer.Typer) -> None:
    app.command("cite")(cite)
