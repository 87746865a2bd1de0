"""Records from a .bib file (BibTeX or BibLaTeX, as Zotero, JabRef or Google Scholar write it).

pybtex parses the file: ``@string`` macros, ``#`` concatenation and the month macros. We add
what pybtex leaves to the style: ``crossref`` inheritance (a child entry takes the fields it
lacks from its parent, the parent's ``title`` becoming the child's ``booktitle``), and
reading names ourselves (pybtex rejects BibLaTeX's ``family=..., given=...`` form and turns
``and others`` into a person). :mod:`neurokb.importers.bibrecord` maps the fields onto ours.
A malformed entry is reported with its line and skipped; the others import. Two entries with
one key are both reported, each by its line, and both skipped: which one the user meant is
theirs to say.
"""

from __future__ import annotations

import itertools
import re
from collections import Counter, defaultdict

import pybtex.errors
from pybtex.database import BibliographyData, Entry
from pybtex.database.input.bibtex import Parser
from pybtex.scanner import PybtexError

from neurokb.importers.bibrecord import record
from neurokb.importers.records import Record, SourceProblem

_ENTRY_HEAD = re.compile(r"\s*@\s*(\w+)\s*[{(]\s*([^,\s]+)")
_NOT_ENTRIES = {"string", "preamble", "comment"}


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


def _key_of(chunk: str) -> str:
    match = _ENTRY_HEAD.match(chunk)
    return match.group(2) if match and match.group(1).lower() not in _NOT_ENTRIES else ""


def parse(text: str, origin: str) -> tuple[list[Record], list[SourceProblem]]:
    """All records of a .bib text, and a problem for each entry that could not be read."""
    problems: list[SourceProblem] = []
    chunks = _chunks(text)
    lines_of: dict[str, list[int]] = defaultdict(list)
    for first_line, chunk in chunks:
        if key := _key_of(chunk):
            lines_of[key.lower()].append(first_line)
    shared = {key for key, lines in lines_of.items() if len(lines) > 1}
    for key in sorted(shared, key=lambda k: lines_of[k][0]):
        at = ", ".join(f"{origin}:{line}" for line in lines_of[key])
        for line in lines_of[key]:
            problems.append(SourceProblem(
                f"{origin}:{line}",
                f"entry '{key}' skipped: {len(lines_of[key])} entries share this key ({at}); "
                "give each its own key",
            ))  # fmt: skip
    broken: set[str] = set()
    parser = Parser(person_fields=())  # names are read by bibrecord (BibLaTeX's name format)
    for first_line, chunk in chunks:
        key = _key_of(chunk)
        if key.lower() in shared:
            continue
        with pybtex.errors.capture() as errors:
            parser.parse_string(chunk)
        for error in errors:
            problems.append(SourceProblem(f"{origin}:{first_line}", _describe(error, key)))
            broken.add(key.lower())
    data = parser.data
    records = []
    unread: Counter[str] = Counter()
    for key, entry in data.entries.items():
        if key.lower() in broken:
            continue
        where = f"{origin}:{lines_of.get(key.lower(), [1])[0]}"
        try:
            found = record(key, _with_crossref(entry, data), where, origin)
        except ValueError as exc:
            problems.append(SourceProblem(where, f"entry '{key}' skipped: {exc}"))
            continue
        except Exception as exc:
            problems.append(SourceProblem(
                where, f"entry '{key}' skipped: it could not be read ({type(exc).__name__}: "
                f"{exc}); please report this with the entry",
            ))  # fmt: skip
            continue
        unread.update(found.unread)
        records.append(found)
    if unread and records:
        listed = ", ".join(f"{name} ({count})" for name, count in sorted(unread.items()))
        records[-1].warnings.append(f"{origin}: fields neurokb does not keep: {listed}")
    return records, problems


def _describe(error: PybtexError, key: str) -> str:
    message = str(error)  # pybtex's syntax errors say "syntax error in line N: ..."
    if key:
        message = re.sub(r" in line \d+", "", message)  # relative to the piece, not the file
    return f"entry '{key}' skipped: {message}" if key else message


def _with_crossref(entry: Entry, data: BibliographyData) -> Entry:
    """BibTeX's ``crossref``: inherit missing fields (editors too) from the parent entry."""
    parent_key = entry.fields.get("crossref")
    if not parent_key or parent_key not in data.entries:
        return entry
    parent = data.entries[parent_key]
    merged = Entry(entry.type, fields=dict(entry.fields))
    own = {name.lower() for name in merged.fields}
    for name, value in parent.fields.items():
        target = "booktitle" if name.lower() == "title" else name
        if target.lower() not in own and name.lower() not in {"ids", "crossref"}:
            merged.fields[target] = value
    return merged
