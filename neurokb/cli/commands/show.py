"""``neurokb show``: everything about one paper or topic (the work is in
:mod:`neurokb.cli.showview`)."""

from __future__ import annotations

from typing import Annotated

import typer

from neurokb.cli import showview
from neurokb.cli.common import JsonOption


def show(
    key: Annotated[str, typer.Argument(help="A paper key or topic id.")],
    as_json: JsonOption = False,
) -> None:
    """Show one paper or topic. Unknown keys exit 1 with the nearest keys."""
    showview.show(key, as_json)


def register(app: typer.Typer) -> None:
    app.command("show")(show)
