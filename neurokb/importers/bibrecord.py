"""One parsed .bib entry to a :class:`Record`: types, fields, names, dates, warnings.

Every field a reference manager writes either lands in an entry field or is counted as not
kept (the import reports those once per file), so nothing disappears silently. Values that
cannot be used (a month of 13, an access date that is no date, LaTeX that cannot be converted)
are warnings naming the entry and field; the entry still imports.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from pybtex.bibtex.utils import split_name_list
from pybtex.database import Entry
from pybtex.scanner import PybtexError

from neurokb.cite.latex import canonical_title
from neurokb.core.models import PaperType
from neurokb.core.normalize import normalize_arxiv, squash_whitespace
from neurokb.core.safemarkdown import code_span
from neurokb.importers.authors import organisation, person, split
from neurokb.importers.latex import decode
from neurokb.importers.records import Record

TYPES: dict[str, PaperType] = {
    "article": PaperType.ARTICLE,
    "inproceedings": PaperType.INPROCEEDINGS,
    "conference": PaperType.INPROCEEDINGS,
    "incollection": PaperType.CHAPTER,
    "inbook": PaperType.CHAPTER,
    "book": PaperType.BOOK,
    "mvbook": PaperType.BOOK,
    "collection": PaperType.BOOK,
    "proceedings": PaperType.PROCEEDINGS,
    "mvproceedings": PaperType.PROCEEDINGS,
    "phdthesis": PaperType.THESIS,
    "mastersthesis": PaperType.THESIS,
    "thesis": PaperType.THESIS,
    "techreport": PaperType.REPORT,
    "report": PaperType.REPORT,
    "online": PaperType.WEBPAGE,
    "electronic": PaperType.WEBPAGE,
    "www": PaperType.WEBPAGE,
    "software": PaperType.SOFTWARE,
    "dataset": PaperType.DATASET,
}
SUBTYPES = {
    "blog": PaperType.BLOG,
    "course": PaperType.COURSE,
    "magazine": PaperType.MAGAZINE,
    "newspaper": PaperType.NEWS,
    "preprint": PaperType.PREPRINT,
}
#: BibLaTeX's localisation keys in a thesis or report ``type`` field, and BibTeX's thesis types.
GENRES = {
    "mathesis": "Master's thesis", "mastersthesis": "Master's thesis",
    "phdthesis": "PhD thesis", "candthesis": "Candidate thesis",
    "techreport": "Technical report", "resreport": "Research report",
}  # fmt: skip
PREPRINT_SERVERS = {"arxiv": "arXiv", "biorxiv": "bioRxiv", "medrxiv": "medRxiv"}
# Fields holding where a work appeared, by preference.
VENUE_FIELDS = (
    "journaltitle", "journal", "booktitle", "howpublished", "organization", "school",
    "institution", "series",
)  # fmt: skip
MONTHS = {name: i for i, name in enumerate(
    ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"], start=1)}  # fmt: skip
#: Fields read into the record (directly or as a fallback); any other field is reported as
#: not kept. ``file``, ``timestamp`` ... are the tools' own bookkeeping.
READ = frozenset({
    *VENUE_FIELDS, "title", "author", "editor", "year", "date", "month", "volume", "number",
    "issue", "pages", "eid", "publisher", "isbn", "doi", "eprint", "eprinttype", "archiveprefix",
    "eprintclass", "primaryclass", "pmid", "url", "note", "type", "entrysubtype", "ids",
    "crossref", "abstract", "keywords", "edition", "address", "location", "urldate", "language",
    "langid", "institution", "arxivid",
})  # fmt: skip
_ARXIV_IN_TEXT = re.compile(r"arxiv(?:\s+preprint)?[\s:]*(?:arxiv:)?\s*([\w.\-/]+\d)", re.I)
_URL_MACRO = re.compile(r"^\\url\{(.*)\}$")
_EXTENDED_NAME = re.compile(r"^\s*(family|given|prefix|suffix|useprefix)\s*=", re.I)


class _Reader:
    """Decodes one entry's fields, collecting warnings that name the entry and field."""

    def __init__(self, key: str, fields: dict[str, str]) -> None:
        self.key = key
        self.fields = fields
        self.warnings: list[str] = []

    def text(self, name: str, *, title: bool = False) -> str | None:
        if name not in self.fields:
            return None
        return self.decode(self.fields[name], name, title=title) or None

    def decode(self, value: str, name: str, *, title: bool = False) -> str:
        decoded = decode(value, title=title)
        for kept in decoded.kept:
            self.warn(name, f"LaTeX {kept!r} could not be converted and is kept as written")
        return decoded.text

    def warn(self, name: str, message: str) -> None:
        self.warnings.append(f"entry '{self.key}', field '{name}': {message}")


def record(key: str, entry: Entry, where: str, origin: str) -> Record:
    """The record of one entry; ValueError (with the reason) when it cannot be one."""
    fields = {name.lower(): value for name, value in entry.fields.items()}
    read = _Reader(key, fields)
    bib_type = entry.type.lower()
    title = read.text("title", title=True)
    title = canonical_title(title) if title else title
    authors, authors_et_al = _people(read, "author")
    editors, editors_et_al = _people(read, "editor")
    paper_type = _paper_type(bib_type, read)
    venue = _venue(paper_type, read)
    data: dict[str, Any] = {
        "ids": _aliases(key, fields),
        "title": title,
        "authors": authors,
        "et_al": authors_et_al if authors else editors_et_al,
        **_date(read),
        "type": paper_type.value,
        "genre": _genre(bib_type, paper_type, read),
        "venue": venue,
        "volume": read.text("volume"),
        "issue": _issue(read),
        "pages": _pages(read),
        "publisher": read.text("publisher") if read.text("publisher") != venue else None,
        "location": read.text("location") or read.text("address"),
        "edition": read.text("edition"),
        "series": read.text("series") if read.text("series") != venue else None,
        "editors": editors,
        "isbn": _verbatim(fields["isbn"]) if "isbn" in fields else None,
        "doi": _verbatim(fields["doi"]) if "doi" in fields else None,
        "arxiv": _arxiv(fields),
        "pmid": _pmid(fields),
        "url": _url(fields),
        "urldate": _urldate(read),
        "language": read.text("language") or read.text("langid"),
        "keywords": _keywords(read),
        "abstract": read.text("abstract"),
    }
    if authors and editors_et_al:
        read.warn("editor", "'and others' after the editors is not kept (only authors' is)")
    if not data["title"]:
        raise ValueError("it has no title")
    if not authors and not editors:
        raise ValueError("it has no author or editor (neurokb entries need at least one)")
    remarks = [f"BibTeX key {code_span(key)}"]
    if note := read.text("note"):
        remarks.append(f"its note: {code_span(note)}")
    out = Record({k: v for k, v in data.items() if v}, origin, where, remarks, key=key)
    out.warnings = read.warnings
    out.unread = sorted(name for name in fields if name not in READ)
    return out


def _aliases(key: str, fields: dict[str, str]) -> list[str]:
    """The source key and BibLaTeX ``ids``: the keys manuscripts may already cite."""
    ids = [key, *(part.strip() for part in fields.get("ids", "").split(","))]
    return list(dict.fromkeys(alias for alias in ids if alias))


def _people(read: _Reader, role: str) -> tuple[list[Any], bool]:
    """The names of ``role`` and whether the list ended with ``and others``."""
    raw = read.fields.get(role, "")
    names = [name.strip() for name in split_name_list(raw) if name.strip()] if raw else []
    et_al = bool(names) and names[-1].lower() == "others"
    if et_al:
        names.pop()
    out = []
    for name in names:
        if _EXTENDED_NAME.match(name):
            out.append(_extended(read, role, name))
        elif name.startswith("{") and name.endswith("}") and " " in name:  # {Allen Institute}
            out.append(organisation(read.decode(name, role)))
        else:
            try:
                out.append(split(name, lambda part: read.decode(part, role)))
            except PybtexError as exc:  # "Too many commas in 'A, B, C, D'"
                raise ValueError(
                    f"{role} {name!r} is not a name BibTeX can read ({exc}); write each person "
                    "as 'Family, Given' separated by ' and '"
                ) from None
    return out, et_al


def _extended(read: _Reader, role: str, name: str) -> Any:
    """BibLaTeX's ``family=Oord, given=Aaron, prefix=van den, useprefix=true``.

    The prefix joins the family name ("van den Oord"), as entries write particles.
    """
    parts: dict[str, str] = {}
    for item in _top_level_split(name):
        label, _, value = item.partition("=")
        value = value.strip()
        if value.startswith("{") and value.endswith("}"):
            value = value[1:-1]
        parts[label.strip().lower()] = read.decode(value, role)
    family = " ".join(filter(None, [parts.get("prefix", ""), parts.get("family", "")]))
    return person(family, parts.get("given", ""), parts.get("suffix", ""))


def _top_level_split(text: str) -> list[str]:
    out, depth, start = [], 0, 0
    for index, char in enumerate(text):
        depth += {"{": 1, "}": -1}.get(char, 0)
        if char == "," and depth == 0:
            out.append(text[start:index])
            start = index + 1
    out.append(text[start:])
    return [part for part in out if part.strip()]


def _paper_type(bib_type: str, read: _Reader) -> PaperType:
    fields = read.fields
    subtype = fields.get("entrysubtype", "").lower()
    if subtype in SUBTYPES:
        return SUBTYPES[subtype]
    has_venue = any(name in fields for name in ("journal", "journaltitle", "booktitle"))
    venue = " ".join(decode(fields.get(name, "")).text for name in (*VENUE_FIELDS, "publisher"))
    if _arxiv(fields) and not has_venue and bib_type in {"misc", "online", "unpublished",
                                                          "article"}:  # fmt: skip
        return PaperType.PREPRINT
    if any(server in venue.lower() for server in PREPRINT_SERVERS) and bib_type not in {
        "inproceedings", "proceedings", "book", "incollection", "software", "dataset"
    }:  # fmt: skip
        return PaperType.PREPRINT
    return TYPES.get(bib_type, PaperType.MISC)


def _genre(bib_type: str, paper_type: PaperType, read: _Reader) -> str | None:
    """``Master's thesis``, ``PhD thesis``, ``Technical report``: the kind within the type."""
    given = read.fields.get("type", "").strip().strip("{}")
    if given:
        return GENRES.get(given.lower()) or read.text("type")
    if bib_type in {"mastersthesis", "phdthesis"}:
        return GENRES[bib_type]
    return None


def _venue(paper_type: PaperType, read: _Reader) -> str | None:
    fields = read.fields
    if paper_type is PaperType.PREPRINT:
        venue = " ".join(decode(fields.get(name, "")).text for name in VENUE_FIELDS).lower()
        for server, name in PREPRINT_SERVERS.items():
            if server in venue:
                return name
        return "arXiv" if _arxiv(fields) else None
    for name in VENUE_FIELDS:
        if name == "series" and paper_type not in (PaperType.BOOK, PaperType.PROCEEDINGS):
            continue  # a chapter's or report's series is its series, not where it appeared
        value = read.text(name)
        if value and not _URL_MACRO.match(fields[name]) and not value.startswith("http"):
            return value
    return None


def _issue(read: _Reader) -> str | None:
    """``number`` (or ``issue``); Zotero's ``arXiv:1706.03762`` number is the arXiv id, not one."""
    number = read.text("number") or read.text("issue")
    return None if number and number.lower().startswith("arxiv:") else number


def _pages(read: _Reader) -> str | None:
    """Pages as ``1514-1541``; an article number (``pages`` or BibLaTeX ``eid``) as one token."""
    if "pages" in read.fields:
        value = read.fields["pages"].replace("{-}", "\u2011")  # a protected hyphen: one token
        text = read.decode(value.replace("--", "-"), "pages").replace("\u2011", "-")
        return text.replace("–", "-") or None
    return read.text("eid")


def _date(read: _Reader) -> dict[str, int]:
    out: dict[str, int] = {}
    if date := read.fields.get("date", "").strip():
        match = re.match(r"(\d{4})(?:-(\d{1,2}))?", date)
        if match:
            out["year"] = int(match.group(1))
            if match.group(2) and 1 <= int(match.group(2)) <= 12:
                out["month"] = int(match.group(2))
            elif match.group(2):
                read.warn("date", f"month {match.group(2)!r} is not a month; left out")
    if year := re.search(r"\d{4}", read.fields.get("year", "")):
        out["year"] = int(year.group())
    month = squash_whitespace(read.fields.get("month", "")).lower().rstrip(".")
    if not month:
        return out
    if month[:3] in MONTHS and (len(month) == 3 or month.isalpha()):
        out["month"] = MONTHS[month[:3]]
    elif month.isdigit() and 1 <= int(month) <= 12:
        out["month"] = int(month)
    else:
        read.warn("month", f"{read.fields['month']!r} is not a month (1-12 or jan-dec); left out")
    return out


def _urldate(read: _Reader) -> dt.date | None:
    value = read.fields.get("urldate", "").strip()
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value[:10])
    except ValueError:
        read.warn("urldate", f"{value!r} is not a date written YYYY-MM-DD; left out")
        return None


def _keywords(read: _Reader) -> list[str]:
    text = read.text("keywords") or ""
    return list(dict.fromkeys(k.strip() for k in re.split(r"[,;]", text) if k.strip()))


def _verbatim(text: str) -> str:
    """Identifiers and URLs: only undo escapes some tools add (``neco\\_a\\_01086``)."""
    return re.sub(r"\\([_%#&~])", r"\1", text.strip().strip("{}"))


def _arxiv(fields: dict[str, str]) -> str | None:
    kind = (fields.get("archiveprefix") or fields.get("eprinttype") or "").lower()
    candidates = []
    if "eprint" in fields and kind in {"", "arxiv"}:
        candidates.append(fields["eprint"])
    if "arxivid" in fields:  # Mendeley
        candidates.append(fields["arxivid"])
    for name in ("journal", "journaltitle", "howpublished", "note", "url"):
        if match := _ARXIV_IN_TEXT.search(fields.get(name, "")):
            candidates.append(match.group(1))
        if "arxiv.org/abs/" in fields.get(name, ""):
            candidates.append(fields[name].split("arxiv.org/abs/")[1])
    for candidate in candidates:
        try:
            return normalize_arxiv(_verbatim(candidate))
        except ValueError:
            continue
    return None


def _pmid(fields: dict[str, str]) -> str | None:
    if "pmid" in fields:
        return _verbatim(fields["pmid"])
    if (fields.get("eprinttype") or "").lower() == "pubmed" and "eprint" in fields:
        return _verbatim(fields["eprint"])
    return None


def _url(fields: dict[str, str]) -> str | None:
    if "url" in fields:
        url = _verbatim(fields["url"])
        arxiv = _arxiv(fields)
        if arxiv and url.rstrip("/").split("arxiv.org/abs/")[-1].split("v")[0] == arxiv:
            return None  # the arXiv id's own link (our BibTeX export writes it for plainnat)
        return url
    if match := _URL_MACRO.match(fields.get("howpublished", "").strip()):
        return _verbatim(match.group(1))
    return None
