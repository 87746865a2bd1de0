"""Records from a .bib file (BibTeX or BibLaTeX, as Zotero, JabRef or Google Scholar write it).

pybtex parses the file: ``@string`` macros, ``#`` concatenation and the month macros. We add
what pybtex leaves to the style: ``crossref`` inheritance (a child entry takes the fields it
lacks from its parent, the parent's ``title`` becoming the child's ``booktitle``), LaTeX
decoding to Unicode (``{\\"u}`` -> ü) with pylatexenc, and the mapping of entry types and
fields onto ours. A malformed entry is reported with its line and skipped; the others import.
"""

from __future__ import annotations

import itertools
import re
from typing import Any

import pybtex.errors
from pybtex.database import BibliographyData, Entry
from pybtex.database.input.bibtex import Parser
from pybtex.scanner import PybtexError
from pylatexenc.latex2text import LatexNodes2Text

from neurokb.importers.names import organisation, split
from neurokb.importers.records import Record, SourceProblem
from neurokb.models import PaperType
from neurokb.normalize import normalize_arxiv, squash_whitespace

TYPES: dict[str, PaperType] = {
    "article": PaperType.ARTICLE,
    "inproceedings": PaperType.INPROCEEDINGS,
    "conference": PaperType.INPROCEEDINGS,
    "incollection": PaperType.CHAPTER,
    "inbook": PaperType.CHAPTER,
    "book": PaperType.BOOK,
    "phdthesis": PaperType.THESIS,
    "mastersthesis": PaperType.THESIS,
    "thesis": PaperType.THESIS,
    "techreport": PaperType.REPORT,
    "report": PaperType.REPORT,
    "online": PaperType.WEBPAGE,
    "electronic": PaperType.WEBPAGE,
    "www": PaperType.WEBPAGE,
    "software": PaperType.SOFTWARE,
}
SUBTYPES = {
    "blog": PaperType.BLOG,
    "course": PaperType.COURSE,
    "magazine": PaperType.MAGAZINE,
    "newspaper": PaperType.NEWS,
    "preprint": PaperType.PREPRINT,
}
PREPRINT_SERVERS = {"arxiv": "arXiv", "biorxiv": "bioRxiv", "medrxiv": "medRxiv"}
# Fields holding where a work appeared, by preference.
VENUE_FIELDS = (
    "journaltitle", "journal", "booktitle", "howpublished", "organization", "school",
    "institution", "series",
)  # fmt: skip
MONTHS = {name: i for i, name in enumerate(
    ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"], start=1)}  # fmt: skip
_ARXIV_IN_TEXT = re.compile(r"arxiv(?:\s+preprint)?[\s:]*(?:arxiv:)?\s*([\w.\-/]+\d)", re.I)
_URL_MACRO = re.compile(r"^\\url\{(.*)\}$")
_DECODER = LatexNodes2Text(math_mode="verbatim", strict_latex_spaces=True)


# What LaTeX-to-text changes besides whitespace: commands, groups, math, comments, ties,
# ``&``/``#``, and the ligatures -- ``'' ?` !`. A value with none of these (a year, a DOI, most
# names) is already text, and skipping the LaTeX walker for it makes large files several times
# faster.
_LATEX = re.compile(r"[\\{}$%&~#`]|--|''")


def decode(text: str) -> str:
    """LaTeX to Unicode text: accents, escapes, and case-protecting braces removed."""
    if not text:
        return ""
    if not _LATEX.search(text):
        return squash_whitespace(text)
    return squash_whitespace(_DECODER.latex_to_text(text))


def _verbatim(text: str) -> str:
    """Identifiers and URLs: only undo escapes some tools add (``neco\\_a\\_01086``)."""
    return re.sub(r"\\([_%#&~])", r"\1", text.strip().strip("{}"))


def _chunks(text: str) -> list[tuple[int, str]]:
    """The text cut before every line that starts with ``@``, with each piece's first line.

    Parsing piece by piece (with one parser, so ``@string`` macros carry over) keeps an
    unclosed brace in one entry from swallowing every entry after it.
    """
    starts = [m.start() for m in re.finditer(r"(?m)^[ \t]*@", text)] or [0]
    if starts[0] != 0:
        starts.insert(0, 0)
    bounds = [*starts, len(text)]
    chunks, line = [], 1
    for a, b in itertools.pairwise(bounds):  # lines counted piece by piece: linear in the text
        chunks.append((line, text[a:b]))
        line += text.count("\n", a, b)
    return chunks


def parse(text: str, origin: str) -> tuple[list[Record], list[SourceProblem]]:
    """All records of a .bib text, and a problem for each entry that could not be read."""
    problems: list[SourceProblem] = []
    broken: set[str] = set()
    parser = Parser()
    for first_line, chunk in _chunks(text):
        with pybtex.errors.capture() as errors:
            parser.parse_string(chunk)
        for error in errors:
            key = _key_of(chunk)
            problems.append(SourceProblem(f"{origin}:{first_line}", _describe(error, key)))
            broken.add(key.lower())
    data = parser.data
    parents = _crossref_parents(data)
    lines = _key_lines(text)
    records = []
    for key, entry in data.entries.items():
        if key.lower() in broken or (key in parents and not entry.persons.get("author")):
            continue
        where = f"{origin}:{lines.get(key, 1)}"
        try:
            records.append(_record(key, _with_crossref(entry, data), where, origin))
        except ValueError as exc:
            problems.append(SourceProblem(where, f"entry '{key}' skipped: {exc}"))
    return records, problems


def _key_of(chunk: str) -> str:
    match = re.match(r"\s*@\s*\w+\s*[{(]\s*([^,\s]+)", chunk)
    return match.group(1) if match else ""


def _describe(error: PybtexError, key: str) -> str:
    message = str(error)  # pybtex's syntax errors say "syntax error in line N: ..."
    if key:
        message = re.sub(r" in line \d+", "", message)  # relative to the piece, not the file
    return f"entry '{key}' skipped: {message}" if key else message


_ENTRY_START = re.compile(r"@\s*\w+\s*[{(]\s*([^,\s]+)\s*,")


def _key_lines(text: str) -> dict[str, int]:
    """The line of each entry key's first ``@type{key,``, from one pass over the text (a search
    per key from the top made large files quadratic)."""
    lines: dict[str, int] = {}
    line, at = 1, 0
    for match in _ENTRY_START.finditer(text):
        line += text.count("\n", at, match.start())
        at = match.start()
        lines.setdefault(match.group(1), line)
    return lines


def _crossref_parents(data: BibliographyData) -> set[str]:
    return {e.fields["crossref"] for e in data.entries.values() if "crossref" in e.fields}


def _with_crossref(entry: Entry, data: BibliographyData) -> Entry:
    """BibTeX's ``crossref``: inherit missing fields and editors from the parent entry."""
    parent_key = entry.fields.get("crossref")
    if not parent_key or parent_key not in data.entries:
        return entry
    parent = data.entries[parent_key]
    merged = Entry(entry.type, fields=dict(entry.fields), persons=dict(entry.persons))
    for name, value in parent.fields.items():
        target = "booktitle" if name.lower() == "title" else name
        if target not in merged.fields:
            merged.fields[target] = value
    for role, people in parent.persons.items():
        if role not in merged.persons:
            merged.persons[role] = people
    return merged


def _people(entry: Entry, role: str) -> list[Any]:
    out = []
    for bib_person in entry.persons.get(role, []):
        raw = str(bib_person)
        if raw.startswith("{") and raw.endswith("}") and " " in raw:  # {Allen Institute}
            out.append(organisation(decode(raw)))
        else:
            out.append(split(raw, decode))
    return out


def _record(key: str, entry: Entry, where: str, origin: str) -> Record:
    fields = {name.lower(): value for name, value in entry.fields.items()}
    text = {name: decode(value) for name, value in fields.items()}
    paper_type = _paper_type(entry.type.lower(), fields, text)
    data: dict[str, Any] = {
        "title": text.get("title"),
        "authors": _people(entry, "author"),
        **_date(fields),
        "type": paper_type.value,
        "venue": _venue(paper_type, text, fields),
        "volume": text.get("volume"),
        "issue": text.get("number") or text.get("issue"),
        "pages": decode(fields["pages"].replace("--", "-")) if "pages" in fields else None,
        "publisher": text.get("publisher"),
        "editors": _people(entry, "editor"),
        "isbn": _verbatim(fields["isbn"]) if "isbn" in fields else None,
        "doi": _verbatim(fields["doi"]) if "doi" in fields else None,
        "arxiv": _arxiv(fields),
        "pmid": _pmid(fields),
        "url": _url(fields),
    }
    if not data["title"]:
        raise ValueError("it has no title")
    if not data["authors"]:
        raise ValueError("it has no author (neurokb entries need at least one)")
    return Record({k: v for k, v in data.items() if v}, origin, where, [f"BibTeX key {key}"])


def _paper_type(bib_type: str, fields: dict[str, str], text: dict[str, str]) -> PaperType:
    subtype = fields.get("entrysubtype", "").lower()
    if subtype in SUBTYPES:
        return SUBTYPES[subtype]
    has_venue = any(name in fields for name in ("journal", "journaltitle", "booktitle"))
    venue = " ".join(text.get(name, "") for name in (*VENUE_FIELDS, "publisher")).lower()
    if _arxiv(fields) and not has_venue and bib_type in {"misc", "online", "unpublished",
                                                          "article"}:  # fmt: skip
        return PaperType.PREPRINT
    if any(server in venue for server in PREPRINT_SERVERS) and bib_type != "inproceedings":
        return PaperType.PREPRINT
    return TYPES.get(bib_type, PaperType.MISC)


def _venue(paper_type: PaperType, text: dict[str, str], fields: dict[str, str]) -> str | None:
    if paper_type is PaperType.PREPRINT:
        venue = " ".join(text.get(name, "") for name in VENUE_FIELDS).lower()
        for server, name in PREPRINT_SERVERS.items():
            if server in venue:
                return name
        return "arXiv" if _arxiv(fields) else None
    for name in VENUE_FIELDS:
        value = text.get(name)
        if value and not _URL_MACRO.match(fields[name]) and not value.startswith("http"):
            return value
    return None


def _date(fields: dict[str, str]) -> dict[str, int]:
    out: dict[str, int] = {}
    if date := fields.get("date"):
        match = re.match(r"(\d{4})(?:-(\d{2}))?", date)
        if match:
            out["year"] = int(match.group(1))
            if match.group(2):
                out["month"] = int(match.group(2))
    if year := re.search(r"\d{4}", fields.get("year", "")):
        out["year"] = int(year.group())
    month = fields.get("month", "").strip().lower()
    if month[:3] in MONTHS:
        out["month"] = MONTHS[month[:3]]
    elif month.isdigit() and 1 <= int(month) <= 12:
        out["month"] = int(month)
    return out


def _arxiv(fields: dict[str, str]) -> str | None:
    kind = (fields.get("archiveprefix") or fields.get("eprinttype") or "").lower()
    candidates = []
    if "eprint" in fields and kind in {"", "arxiv"}:
        candidates.append(fields["eprint"])
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
        return _verbatim(fields["url"])
    if match := _URL_MACRO.match(fields.get("howpublished", "").strip()):
        return _verbatim(match.group(1))
    return None
