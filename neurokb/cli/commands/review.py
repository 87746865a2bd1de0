"""``neurokb review``: a Markdown summary of what a change adds to the knowledge base."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from neurokb.cli.common import echo, kb_root


def review(
    base: Annotated[
        str | None,
        typer.Argument(help="Git revision to compare with (default: origin/main, main or HEAD~1)."),
    ] = None,
    output: Annotated[
        Path | None,
        typer.Option("--output", "-o", help="Also write the Markdown to this file."),
    ] = None,
) -> None:
    """Summarise new papers (with their citation), new topics, changed fields, new graph links
    and warnings such as likely duplicates, against BASE. Markdown on stdout, for a reviewer or
    a pull-request comment. Always exits 0 when the comparison ran: use `neurokb validate` to
    fail a build.
    """
    from neurokb.review.changes import build_review
    from neurokb.review.markdown import render_markdown

    text = render_markdown(build_review(kb_root(), base))
    if output is not None:
        from neurokb.core.atomic import atomic_write_text

        atomic_write_text(output, text)
    echo(text, nl=False, exact=True)


def register(app: typer.Typer) -> None:
    app.command("review")(review)
