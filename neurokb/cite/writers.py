"""The export formats by name: one module per format behind one signature.

A writer is ``write(papers) -> str``; the registry adds what a face needs to offer it (file
extension, media type). Adding a format is one module and one row here.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from neurokb.cite import biblatex, bibtex, csljson, ris
from neurokb.core.errors import NeuroKBError
from neurokb.core.models import Paper


@dataclass(frozen=True)
class Writer:
    name: str
    extension: str
    media_type: str
    write: Callable[[Iterable[Paper]], str]


WRITERS: dict[str, Writer] = {
    "bibtex": Writer("bibtex", ".bib", "application/x-bibtex", bibtex.write),
    "biblatex": Writer("biblatex", ".bib", "application/x-bibtex", biblatex.write),
    "ris": Writer("ris", ".ris", "application/x-research-info-systems", ris.write),
    "csl-json": Writer(
        "csl-json", ".json", "application/vnd.citationstyles.csl+json", csljson.write
    ),
}


def export(papers: Iterable[Paper], fmt: str) -> str:
    """All ``papers`` in format ``fmt`` (a key of :data:`WRITERS`), as one text."""
    try:
        writer = WRITERS[fmt]
    except KeyError:
        raise NeuroKBError(
            f"unknown export format '{fmt}'", f"use one of: {', '.join(WRITERS)}"
        ) from None
    return writer.write(papers)
