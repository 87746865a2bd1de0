"""Records from RIS (Zotero, EndNote, Mendeley, publishers' "download citation" links).

A RIS file is records of ``TAG  - value`` lines from ``TY`` to ``ER``. Tags follow the RIS
format as Zotero reads and writes it, the inverse of :mod:`neurokb.cite.ris`: ``AU``/``A1``
authors, ``A2``/``ED`` editors, ``T2``/``JO``/``JF``/``BT`` the container, ``SP``/``EP``
pages, ``DA``/``PY``/``Y1`` the date, ``ID`` the record's citation key. A line that is not a
tag continues the previous value (long abstracts are wrapped).
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from neurokb.cite.types import KINDS
from neurokb.core.models import PaperType
from neurokb.importers.authors import organisation, split
from neurokb.importers.records import Record, SourceProblem

_LINE = re.compile(r"^([A-Z][A-Z0-9])  -(?: (.*))?$")
_BY_RIS = {kind.ris: paper_type for paper_type, kind in reversed(KINDS.items())}
_BY_RIS.update({"JFULL": PaperType.ARTICLE, "EJOUR": PaperType.ARTICLE,
                "CONF": PaperType.INPROCEEDINGS, "EBOOK": PaperType.BOOK,
                "ECHAP": PaperType.CHAPTER, "ICOMM": PaperType.WEBPAGE,
                "WEB": PaperType.WEBPAGE, "ELEC": PaperType.WEBPAGE})  # fmt: skip
_BOOKS = {PaperType.BOOK, PaperType.CHAPTER, PaperType.PROCEEDINGS, PaperType.REPORT}
_CONTAINER = ("T2", "JO", "JF", "JA", "BT", "J2")
_KNOWN = {"TY", "ER", "ID", "AU", "A1", "A2", "ED", "A3", "TI", "T1", "CT", *_CONTAINER, "T3",
          "PY", "Y1", "DA", "VL", "IS", "CP", "SP", "EP", "PB", "SN", "DO", "UR", "L1", "L2",
          "N1", "AN", "AB", "N2", "KW", "ET", "CY", "LA", "Y2", "M3", "M1", "C1"}  # fmt: skip


def _records(text: str) -> list[tuple[int, list[tuple[str, str]]]]:
    """Each record's first line and its (tag, value) pairs, continuation lines joined."""
    out: list[tuple[int, list[tuple[str, str]]]] = []
    current: list[tuple[str, str]] | None = None
    for number, line in enumerate(text.splitlines(), start=1):
        match = _LINE.match(line.rstrip())
        if match:
            tag, value = match.group(1), (match.group(2) or "").strip()
            if tag == "TY":
                current = [(tag, value)]
                out.append((number, current))
            elif tag == "ER":
                current = None
            elif current is not None:
                current.append((tag, value))
        elif current is not None and line.strip() and current:
            tag, value = current[-1]
            current[-1] = (tag, f"{value} {line.strip()}")
    return out


def parse(text: str, origin: str) -> tuple[list[Record], list[SourceProblem]]:
    """All records of a RIS text, and a problem for each record that could not be read."""
    records, problems = [], []
    for line, pairs in _records(text):
        where = f"{origin}:{line}"
        try:
            records.append(_record(pairs, where, origin))
        except ValueError as exc:
            problems.append(SourceProblem(where, f"record skipped: {exc}"))
        except Exception as exc:
            problems.append(SourceProblem(
                where, f"record skipped: it could not be read ({type(exc).__name__}: {exc}); "
                "please report this with the record",
            ))  # fmt: skip
    if not records and not problems and text.strip():
        problems.append(SourceProblem(origin, "no RIS records found (each starts with 'TY  - ')"))
    return records, problems


def _record(pairs: list[tuple[str, str]], where: str, origin: str) -> Record:
    tags: dict[str, list[str]] = {}
    for tag, value in pairs:
        if value:
            tags.setdefault(tag, []).append(value)

    def one(*names: str) -> str | None:
        return next((tags[name][0] for name in names if name in tags), None)

    warnings: list[str] = []
    paper_type = _BY_RIS.get((one("TY") or "").upper(), PaperType.MISC)
    notes = tags.get("N1", [])
    arxiv = next((n.split(":", 1)[1].strip() for n in notes if n.lower().startswith("arxiv:")),
                 None)  # fmt: skip
    if arxiv and paper_type in (PaperType.MISC, PaperType.REPORT) and not one(*_CONTAINER):
        paper_type = PaperType.PREPRINT
    authors = [_name(n) for n in tags.get("AU", []) + tags.get("A1", [])]
    editors = [_name(n) for n in tags.get("A2", []) + tags.get("ED", [])]
    pages = one("SP")
    if pages and (end := one("EP")) and end != pages:
        pages = f"{pages}-{end}"
    year, month = _date(one("DA") or one("PY") or one("Y1") or "", where, warnings)
    pmid = next((a.split(":", 1)[1].strip() for a in tags.get("AN", [])
                 if a.upper().startswith("PMID:")), None)  # fmt: skip
    keywords = [k.strip() for value in tags.get("KW", []) for k in value.split(";") if k.strip()]
    aliases = [c.split(":", 1)[1].strip() for c in tags.get("C1", [])
               if c.lower().startswith("citation key:")]  # fmt: skip
    publisher_venue = paper_type in {PaperType.THESIS, PaperType.REPORT, PaperType.SOFTWARE,
                                     PaperType.DATASET}  # fmt: skip
    venue = one(*_CONTAINER) or (one("PB") if publisher_venue else None)
    if paper_type is PaperType.PREPRINT and not venue:
        venue = one("PB") or ("arXiv" if arxiv else None)
    data: dict[str, Any] = {
        "ids": [alias for alias in [one("ID"), *aliases] if alias],
        "title": one("TI", "T1", "CT"),
        "authors": authors,
        "et_al": "et al." in notes,
        "year": year,
        "month": month,
        "type": paper_type.value,
        "genre": one("M3"),
        "venue": venue,
        "volume": one("VL"),
        "issue": one("IS", "CP") or (one("M1") if paper_type is PaperType.REPORT else None),
        "pages": pages,
        "publisher": None if publisher_venue or paper_type is PaperType.PREPRINT else one("PB"),
        "location": one("CY"),
        "edition": one("ET"),
        "series": one("T3"),
        "editors": editors,
        "isbn": one("SN") if paper_type in _BOOKS else None,  # else an ISSN
        "doi": one("DO"),
        "arxiv": arxiv,
        "pmid": pmid,
        "url": _url(one("UR"), arxiv),
        "urldate": _access(one("Y2"), where, warnings),
        "language": one("LA"),
        "keywords": keywords,
        "abstract": one("AB", "N2"),
    }
    if not data["title"]:
        raise ValueError("it has no title (TI)")
    if not authors and not editors:
        raise ValueError("it has no author (AU) or editor (A2)")
    if not year:
        raise ValueError("it has no year (PY or DA)")
    unread = sorted({tag for tag in tags if tag not in _KNOWN})
    if unread:
        warnings.append(f"{where}: tags neurokb does not keep: {', '.join(unread)}")
    record = Record({k: v for k, v in data.items() if v}, origin, where, key=one("ID") or "")
    record.warnings = warnings
    return record


def _name(value: str) -> Any:
    """``Family, Given`` (or ``Family, Given, Suffix``, RIS's order); one word is an organisation."""
    parts = [part.strip() for part in value.split(",")]
    if len(parts) == 3:
        return split(f"{parts[0]}, {parts[2]}, {parts[1]}")
    if len(parts) == 1 and " " in value.strip():
        return organisation(value)
    return split(value)


def _date(value: str, where: str, warnings: list[str]) -> tuple[int | None, int | None]:
    match = re.match(r"\s*(\d{4})(?:[/-](\d{1,2}))?", value)
    if not match:
        return None, None
    month = int(match.group(2)) if match.group(2) else None
    if month is not None and not 1 <= month <= 12:
        warnings.append(f"{where}: month {match.group(2)!r} in {value!r} is not a month; left out")
        month = None
    return int(match.group(1)), month


def _access(value: str | None, where: str, warnings: list[str]) -> dt.date | None:
    if not value:
        return None
    match = re.match(r"(\d{4})[/-](\d{1,2})[/-](\d{1,2})", value)
    try:
        return dt.date(*(int(g) for g in match.groups())) if match else None
    except ValueError:
        warnings.append(f"{where}: access date {value!r} is not a date; left out")
        return None


def _url(url: str | None, arxiv: str | None) -> str | None:
    if url and arxiv and url.rstrip("/").endswith(f"arxiv.org/abs/{arxiv}"):
        return None
    return url
