"""``neurokb new paper`` / ``neurokb new topic``: start an entry from a commented template."""

from __future__ import annotations

from typing import Annotated, Any

import typer

from neurokb.cli.common import App, echo, kb_root, open_kb, say, stderr
from neurokb.core.errors import NeuroKBError

new_app = App(
    name="new",
    help="Create a new entry from a commented template (never overwrites an entry).",
    no_args_is_help=True,
)


def _fetch(doi: str | None, arxiv: str | None) -> Any:
    """The publisher's (Crossref) or arXiv's record; the network is touched only here."""
    if doi and arxiv:
        raise NeuroKBError(
            "give --doi or --arxiv, not both", "the DOI is preferred when both exist"
        )
    try:
        from neurokb.importers import fetch_record
    except ImportError:
        raise NeuroKBError(
            "filling an entry in from a DOI or arXiv id is not available in this version",
            "use `neurokb new paper KEY` and fill the fields in by hand",
        ) from None
    return fetch_record(doi=doi, arxiv=arxiv)


def _next_steps(path: str) -> None:
    stderr.print(f"created {path}")
    stderr.print(
        f"next: fill in the empty fields, then `neurokb fmt {path}` and `neurokb validate {path}`"
    )


@new_app.command("paper")
def paper(
    key: Annotated[
        str | None,
        typer.Argument(help="Citation key, e.g. zenke2018superspike (proposed from --doi)."),
    ] = None,
    doi: Annotated[str | None, typer.Option("--doi", help="Fill in from this DOI.")] = None,
    arxiv: Annotated[
        str | None, typer.Option("--arxiv", help="Fill in from this arXiv id.")
    ] = None,
) -> None:
    """Write entries/papers/KEY.yaml: every field with a help comment, required ones empty.

    Prints the new file's path on stdout. Exit 1 if the entry exists already (or, with --doi /
    --arxiv, if a paper with that identifier is already in the knowledge base).
    """
    from neurokb.edit.citekeys import base_key
    from neurokb.edit.scaffold import create, entry_path, imported, paper_scaffold

    root = kb_root()
    data: dict[str, Any] = {}
    if doi or arxiv:
        proposed, data = imported(_fetch(doi, arxiv), open_kb(quiet=True))
        if key is None:
            key = proposed
        elif not key.startswith(base_key(data)):
            say("note:", f"the key rule gives '{proposed}' for this work")
    if key is None:
        raise NeuroKBError(
            "give a KEY (first author, year, first title word: zenke2018superspike)",
            "or use --doi / --arxiv to have one proposed",
        )
    path = entry_path(root, "papers", key)
    create(path, paper_scaffold(data))
    echo(path.relative_to(root).as_posix())
    _next_steps(path.relative_to(root).as_posix())


@new_app.command("topic")
def topic(
    topic_id: Annotated[str, typer.Argument(metavar="ID", help="Topic id, e.g. working-memory.")],
) -> None:
    """Write entries/topics/ID.yaml from the commented template. Exit 1 if it exists."""
    from neurokb.edit.scaffold import create, entry_path, topic_scaffold

    root = kb_root()
    path = entry_path(root, "topics", topic_id)
    create(path, topic_scaffold())
    echo(path.relative_to(root).as_posix())
    _next_steps(path.relative_to(root).as_posix())


def register(app: typer.Typer) -> None:
    app.add_typer(new_app, name="new")
