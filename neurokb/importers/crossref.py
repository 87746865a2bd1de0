"""Records from Crossref's REST API (``GET /works/{doi}``), the registry of most DOIs.

Field meanings follow the Crossref REST API documentation (api.crossref.org/swagger-ui):
``title`` and ``container-title`` are lists, dates are ``date-parts``, titles may carry JATS
markup (``<i>``), and ``type`` uses Crossref's own names (``journal-article`` ...).
"""

from __future__ import annotations

import html
import json
import re
import urllib.parse
from typing import Any

from neurokb.core.models import PaperType
from neurokb.core.normalize import normalize_doi, squash_whitespace
from neurokb.importers.authors import organisation, person
from neurokb.importers.http import Client, base_url
from neurokb.importers.records import ImportFailed, Record, reading

TYPES: dict[str, PaperType] = {
    "journal-article": PaperType.ARTICLE,
    "proceedings-article": PaperType.INPROCEEDINGS,
    "book-chapter": PaperType.CHAPTER,
    "book-section": PaperType.CHAPTER,
    "book-part": PaperType.CHAPTER,
    "book": PaperType.BOOK,
    "monograph": PaperType.BOOK,
    "edited-book": PaperType.BOOK,
    "reference-book": PaperType.BOOK,
    "posted-content": PaperType.PREPRINT,
    "report": PaperType.REPORT,
    "dissertation": PaperType.THESIS,
}
# Preprint servers by DOI prefix (Crossref names the publisher, not the server).
SERVERS = {"10.1101": "bioRxiv", "10.48550": "arXiv", "10.31234": "PsyArXiv"}
_TAG = re.compile(r"<[^>]+>")


def text(value: Any) -> str | None:
    """First item of a Crossref list field, without markup and entities."""
    if isinstance(value, list):
        value = value[0] if value else None
    if not value:
        return None
    return squash_whitespace(html.unescape(_TAG.sub("", str(value)))) or None


def _people(items: Any, field: str) -> list[Any]:
    if not isinstance(items, list):
        raise ValueError(f"'{field}' is not a list of people")
    out = []
    for item in items:
        if not isinstance(item, dict):
            raise ValueError(f"'{field}' lists {type(item).__name__} values, not people")
        if item.get("family"):
            out.append(person(item["family"], item.get("given", ""), item.get("suffix", ""),
                              item.get("ORCID", "")))  # fmt: skip
        elif item.get("name"):
            out.append(organisation(item["name"]))
    return out


def _date(message: dict[str, Any]) -> dict[str, int]:
    for name in ("published-print", "published-online", "issued", "created"):
        parts = (message.get(name) or {}).get("date-parts") or [[]]
        if parts[0] and parts[0][0]:
            return {"year": parts[0][0], **({"month": parts[0][1]} if len(parts[0]) > 1 else {})}
    return {}


def record_from_work(message: dict[str, Any]) -> Record:
    """Entry data from one Crossref work (the ``message`` of ``/works/{doi}``)."""
    doi = normalize_doi(message["DOI"])
    paper_type = TYPES.get(message.get("type", ""), PaperType.MISC)
    containers = message.get("container-title") or []
    # A chapter in a book series lists the series and the book; the book title comes last.
    venue = text(containers[-1:] if paper_type is PaperType.CHAPTER else containers)
    if paper_type is PaperType.PREPRINT:
        venue = SERVERS.get(doi.split("/")[0]) or text(message.get("institution", [{}])[0].get(
            "name") if message.get("institution") else None) or text(message.get("publisher"))  # fmt: skip
    data = {
        "title": text(message.get("title")),
        "authors": _people(message.get("author", []), "author"),
        **_date(message),
        "type": paper_type.value,
        "venue": venue,
        "volume": text(message.get("volume")),
        "issue": text(message.get("issue")),
        "pages": text(message.get("page")) or text(message.get("article-number")),
        "publisher": text(message.get("publisher"))
        if paper_type in (PaperType.BOOK, PaperType.CHAPTER, PaperType.INPROCEEDINGS)
        else None,
        "editors": _people(message.get("editor", []), "editor"),
        "isbn": text(message.get("ISBN")),
        "doi": doi,
    }
    return Record({k: v for k, v in data.items() if v}, "Crossref", f"doi {doi}")


def fetch(doi: str, client: Client | None = None) -> Record:
    """The Crossref record of ``doi`` (bare, ``doi:`` or ``https://doi.org/`` form)."""
    try:
        doi = normalize_doi(doi)
    except ValueError as exc:
        raise ImportFailed(str(exc), "give a DOI like 10.1162/neco_a_01086") from None
    url = f"{base_url('crossref')}/works/{urllib.parse.quote(doi, safe='/')}"
    body = (client or Client()).get(url, what=f"DOI {doi} at Crossref")
    with reading(f"Crossref's answer for DOI {doi}"):
        return record_from_work(json.loads(body)["message"])
