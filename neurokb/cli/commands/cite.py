"""``neurokb cite``: references in a citation style, or in an export format."""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated

import typer

from neurokb.cli import reads
from neurokb.cli.common import JsonOption

CiteFormat = StrEnum("CiteFormat", [(f.replace("-", "_"), f) for f in reads.CITE_FORMATS])
"""``--format``'s choices (``neurokb.cli.quick`` reads the same values without Typer)."""


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
    reads.cite(keys, style, fmt.value, as_json)


def register(app: typer.Typer) -> None:
    app.command("cite")(cite)
