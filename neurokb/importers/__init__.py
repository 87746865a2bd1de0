"""Importers: turn metadata from a .bib file, Crossref, arXiv or PubMed into new entries.

Each source module returns :class:`~neurokb.importers.records.Record` values (entry fields as
plain data, plus where they came from); :mod:`neurokb.edit.plan` decides what to do with
them (new entry with a proposed key, duplicate, invalid) and writes the new files. Network
access goes through :mod:`neurokb.importers.http` only.
"""

from __future__ import annotations

from neurokb.importers.http import Client
from neurokb.importers.records import ImportFailed, Record, SourceProblem


def fetch_record(
    *, doi: str | None = None, arxiv: str | None = None, pmid: str | None = None,
    client: Client | None = None,
) -> Record:  # fmt: skip
    """One record from Crossref (DOI), arXiv or PubMed; exactly one identifier is given."""
    from neurokb.importers import arxiv as arxiv_source
    from neurokb.importers import crossref, pubmed

    given = [(value, source) for value, source in ((doi, crossref), (arxiv, arxiv_source),
             (pmid, pubmed)) if value]  # fmt: skip
    if len(given) != 1:
        raise ImportFailed("give exactly one of a DOI, an arXiv id or a PubMed id")
    value, source = given[0]
    return source.fetch(value, client)


__all__ = ["Client", "ImportFailed", "Record", "SourceProblem", "fetch_record"]
