"""Records from PubMed through NCBI E-utilities ``efetch`` (PubMed XML).

``efetch`` rather than ``esummary``: the summary gives authors as "Zenke F" (family name and
initials), which cannot become "Zenke, Friedemann"; the full record has ``ForeName``. Element
names follow the PubMed XML DTD (``MedlineCitation/Article/...``, ``PubmedData/ArticleIdList``).
An unknown PMID gives an empty ``PubmedArticleSet``.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

from neurokb.core.normalize import normalize_pmid, squash_whitespace
from neurokb.importers.authors import organisation, person
from neurokb.importers.http import Client, base_url
from neurokb.importers.records import ImportFailed, Record, reading

MONTHS = {m: i for i, m in enumerate(
    ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"], start=1)}  # fmt: skip


def _text(node: ET.Element | None) -> str:
    return squash_whitespace("".join(node.itertext())) if node is not None else ""


def expand_pages(pages: str) -> str:
    """MEDLINE abbreviates ranges ("1514-41"); entries keep them in full ("1514-1541")."""
    first, _, last = pages.partition("-")
    if last and first.isdigit() and last.isdigit() and len(last) < len(first):
        last = first[: len(first) - len(last)] + last
    return f"{first}-{last}" if last else first


def record_from_xml(body: bytes, pmid: str) -> Record:
    """The record in PubMed's XML answer; ImportFailed if there is none or it is malformed."""
    with reading(f"PubMed's answer for {pmid}"):
        return _record(body, pmid)


def _find(node: ET.Element, path: str) -> ET.Element:
    """The element at ``path``; ValueError naming it when the answer lacks it."""
    found = node.find(path)
    if found is None:
        raise ValueError(f"no <{path}> element")
    return found


def _record(body: bytes, pmid: str) -> Record:
    try:
        root = ET.fromstring(body)
    except ET.ParseError as exc:
        raise ImportFailed(f"PubMed's answer for {pmid} is not valid XML ({exc})") from None
    article = root.find("PubmedArticle")
    if article is None:
        raise ImportFailed(f"PubMed has no record {pmid}", "check the PubMed id")
    art = _find(article, "MedlineCitation/Article")
    journal = _find(art, "Journal")
    date = _find(journal, "JournalIssue/PubDate")
    year = date.findtext("Year") or ""
    if not year and (match := re.search(r"\d{4}", date.findtext("MedlineDate", ""))):
        year = match.group()
    if not year.strip().isdigit():
        raise ValueError("no year in <PubDate>")
    authors = []
    for author in art.findall("AuthorList/Author"):
        if author.findtext("LastName"):
            authors.append(person(author.findtext("LastName"), author.findtext("ForeName", ""),
                                  author.findtext("Suffix", "")))  # fmt: skip
        elif author.findtext("CollectiveName"):
            authors.append(organisation(author.findtext("CollectiveName")))
    ids = {i.get("IdType"): _text(i) for i in article.findall("PubmedData/ArticleIdList/ArticleId")}
    types = {_text(t) for t in art.findall("PublicationTypeList/PublicationType")}
    data = {
        "title": _text(art.find("ArticleTitle")).rstrip("."),
        "authors": authors,
        "year": int(year),
        "month": MONTHS.get(date.findtext("Month", "")[:3]),
        "type": "preprint" if "Preprint" in types else "article",
        "venue": _text(journal.find("Title")),
        "volume": journal.findtext("JournalIssue/Volume"),
        "issue": journal.findtext("JournalIssue/Issue"),
        "pages": expand_pages(art.findtext("Pagination/MedlinePgn", "")) or None,
        "doi": ids.get("doi"),
        "pmid": normalize_pmid(ids.get("pubmed") or pmid),
    }
    return Record({k: v for k, v in data.items() if v}, "PubMed", f"PMID {pmid}")


def fetch(pmid: str, client: Client | None = None) -> Record:
    try:
        pmid = normalize_pmid(pmid)
    except ValueError as exc:
        raise ImportFailed(str(exc), "give a PubMed id like 29652587") from None
    params = {"db": "pubmed", "id": pmid, "retmode": "xml", "tool": "neurokb",
              "email": "neurokb@users.noreply.github.com"}  # fmt: skip
    body = (client or Client()).get(
        f"{base_url('pubmed')}/efetch.fcgi", params, what=f"PubMed id {pmid}"
    )
    return record_from_xml(body, pmid)
