"""``neurokb schema``: the JSON Schema of entry files."""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated

import typer


class Kind(StrEnum):
    paper = "paper"
    topic = "topic"


def schema(
    kind: Annotated[Kind, typer.Argument(help="Which entry kind.")] = Kind.paper,
) -> None:
    """Print the JSON Schema of a paper or topic file (for editors and other tools).

    Editors using yaml-language-server pick it up from the first line of an entry:
    `# yaml-language-server: $schema=../../neurokb/schemas/paper.schema.json`.
    """
    from neurokb.load.jsonschema import schema_text

    typer.echo(schema_text(kind.value), nl=False)


def register(app: typer.Typer) -> None:
    app.command("schema")(schema)
