"""Records from the arXiv API (``/query?id_list=ID``), which answers in Atom XML.

Element names follow the arXiv API user manual: ``entry/title``, ``entry/author/name``,
``entry/published`` (first version), ``arxiv:doi`` and ``arxiv:journal_ref`` (a published
version, if the authors linked one). An unknown id gives a feed without entries, or an entry
whose ``id`` points at ``/api/errors``.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

from neurokb.core.normalize import normalize_arxiv, squash_whitespace
from neurokb.core.safemarkdown import code_span
from neurokb.importers.authors import split
from neurokb.importers.http import Client, base_url
from neurokb.importers.records import ImportFailed, Record, reading

NS = {"atom": "http://www.w3.org/2005/Atom", "arxiv": "http://arxiv.org/schemas/atom"}


def record_from_feed(body: bytes, arxiv_id: str) -> Record:
    """The record in arXiv's Atom answer; ImportFailed if there is none or it is malformed."""
    with reading(f"arXiv's answer for {arxiv_id}"):
        return _record(body, arxiv_id)


def _record(body: bytes, arxiv_id: str) -> Record:
    try:
        root = ET.fromstring(body)
    except ET.ParseError as exc:
        raise ImportFailed(f"arXiv's answer for {arxiv_id} is not valid XML ({exc})") from None
    entry = root.find("atom:entry", NS)
    entry_id = entry.findtext("atom:id", "", NS) if entry is not None else ""
    if entry is None or "/api/errors" in entry_id or not entry.findtext("atom:title", "", NS):
        raise ImportFailed(f"arXiv has no paper {arxiv_id}", "check the arXiv id")
    published = entry.findtext("atom:published", "", NS).strip()
    if not re.match(r"\d{4}-\d{2}", published):
        raise ValueError(f"no publication date in <published> (got {published[:40]!r})")
    data = {
        "title": squash_whitespace(entry.findtext("atom:title", "", NS)),
        "authors": [
            split(a.findtext("atom:name", "", NS)) for a in entry.findall("atom:author", NS)
        ],
        "year": int(published[:4]),
        "month": int(published[5:7]),
        "type": "preprint",
        "venue": "arXiv",
        "arxiv": normalize_arxiv(entry_id.rsplit("/abs/", 1)[-1]),
    }
    remarks = []
    if doi := entry.findtext("arxiv:doi", "", NS).strip():
        command = code_span(f"neurokb add --doi {doi}")
        remarks.append(f"arXiv links a published version, doi {code_span(doi)} ({command})")
    if ref := squash_whitespace(entry.findtext("arxiv:journal_ref", "", NS)):
        remarks.append(f"journal reference on arXiv: {code_span(ref)}")
    return Record(data, "arXiv", f"arXiv {data['arxiv']}", remarks)


def fetch(arxiv_id: str, client: Client | None = None) -> Record:
    try:
        arxiv_id = normalize_arxiv(arxiv_id)
    except ValueError as exc:
        raise ImportFailed(str(exc), "give an arXiv id like 1705.11146") from None
    body = (client or Client()).get(
        f"{base_url('arxiv')}/query", {"id_list": arxiv_id}, what=f"arXiv {arxiv_id}"
    )
    return record_from_feed(body, arxiv_id)
