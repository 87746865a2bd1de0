"""From imported records to new entry files: keys, duplicates, merges, validation, writing.

Planning is pure (it reads the KnowledgeBase and returns what would happen), so ``--dry-run``
and the real run show the same thing. A record becomes a new entry only if it is not a
duplicate of an existing entry or of an earlier record in the same import, and if the file
text it would produce passes the loader itself. A new entry says what is still to do: its
summary is a TODO, its notes ask for the record the curator checked it against and, for a
title in Title Case, for the title in sentence case (kept as the source gives it until then:
only a curator can tell its proper nouns). ``validate`` reports each TODO
(NKB054) and the missing topics (NKB052) until done.

Duplicates: the same DOI, arXiv id or PubMed id; or, by :func:`neurokb.load.checks.same_work`, a
near-identical title with a compatible first-author family name and a year at most one apart,
looked up in a :class:`~neurokb.load.checks.TitleIndex` (O(log n) per record). With ``merge`` a
duplicate fills the existing entry's missing fields from the record and adds the record's key
as an alias; a field that is set is never overwritten.

Keys: a record's own key (a .bib key, a CSL-JSON id, a RIS ``ID``) is kept, through
:func:`neurokb.edit.citekeys.normalise_source_key`, and the source key is recorded in ``ids`` when it
differs, so manuscripts that cite it keep working. ``rekey`` proposes neurokb keys instead. A
key already used by a different work stops that record: an existing entry is never renamed.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path, PurePath
from typing import Any

from neurokb.core.atomic import atomic_write_text
from neurokb.core.kb import KnowledgeBase
from neurokb.core.models import Paper
from neurokb.core.normalize import normalize_arxiv, normalize_doi, normalize_pmid
from neurokb.core.safemarkdown import code_span
from neurokb.core.titles import is_title_case
from neurokb.edit.citekeys import normalise_source_key, propose_key
from neurokb.edit.writer import PAPER_FIELD_ORDER, entry_text, field_lines
from neurokb.importers.records import Record
from neurokb.load.checks import TitleIndex, family_key
from neurokb.load.loader import read_entry

TODO_SUMMARY = "TODO: 3-8 sentences in your own words: what it does, what it found, why it matters."
TODO_CHECKED = "TODO: check each field against the publisher's record and name that record here."
TODO_TITLE = "TODO: put the title in sentence case; keep proper nouns and acronyms capitalised."
#: Fields a merge never touches: what curators wrote, and the provenance of the entry.
NOT_MERGED = frozenset({"topics", "cites", "implementations", "summary", "notes", "equations",
                        "added", "ids"})  # fmt: skip


class Status(StrEnum):
    NEW = "new"
    DUPLICATE = "duplicate"
    MERGED = "merged"
    INVALID = "invalid"


@dataclass
class Planned:
    """What will happen to one record."""

    record: Record
    status: Status
    key: str = ""
    path: Path | None = None
    text: str = ""
    reasons: list[str] = field(default_factory=list)
    existing: str = ""  # the entry a duplicate matches
    filled: list[str] = field(default_factory=list)  # fields a merge fills

    def to_dict(self) -> dict[str, Any]:
        return {
            "status": str(self.status),
            "key": self.key or None,
            "path": self.path.as_posix() if self.path else None,
            "source": self.record.where,
            "source_key": self.record.key or None,
            "title": self.record.data.get("title"),
            "reasons": self.reasons,
            "existing": self.existing or None,
            "filled": self.filled,
            "warnings": self.record.warnings,
        }


def _first_family(data: dict[str, Any] | Paper) -> str:
    if isinstance(data, Paper):
        person = data.first_author
        return person.family or person.literal
    people = data.get("authors") or data.get("editors") or []
    if not people:
        return ""
    first = people[0]
    if isinstance(first, dict):
        return str(first.get("family") or first.get("literal") or "")
    return str(first).split(",")[0]


@dataclass
class _Seen:
    """Identifiers and titles of existing entries and of records planned so far.

    Identifiers are looked up in a dict and titles in a :class:`~neurokb.load.checks.TitleIndex`,
    so planning n records against m entries is O((n + m) log(n + m)), not O(n * m). A title
    match counts only with a compatible first-author family name and a year at most one apart
    (the rule of :func:`neurokb.load.checks.same_work`), checked on the few near titles found.
    """

    ids: dict[tuple[str, str], str] = field(default_factory=dict)  # (field, value) -> key
    titles: TitleIndex = field(default_factory=TitleIndex)
    # title id -> key, DOI, first author's family_key, year
    owners: list[tuple[str, str | None, str, int | None]] = field(default_factory=list)

    def add(self, key: str, data: dict[str, Any] | Paper) -> None:
        get = data.get if isinstance(data, dict) else lambda name: getattr(data, name)
        for name in ("doi", "arxiv", "pmid"):
            if value := _canonical(name, get(name)):
                self.ids[(name, value)] = key
        year = get("year")
        self.titles.add(str(get("title") or ""))
        self.owners.append((key, _canonical("doi", get("doi")), family_key(_first_family(data)),
                            year if isinstance(year, int) else None))  # fmt: skip

    def duplicate_of(self, data: dict[str, Any]) -> tuple[str, list[str]]:
        """The key of the entry ``data`` duplicates (or "") and why."""
        for name, label in (("doi", "DOI"), ("arxiv", "arXiv id"), ("pmid", "PubMed id")):
            value = _canonical(name, data.get(name))
            if value and (name, value) in self.ids:
                key = self.ids[(name, value)]
                return key, [f"same {label} {value} as '{key}'"]
        doi = _canonical("doi", data.get("doi"))
        family = family_key(_first_family(data))
        year = data.get("year") if isinstance(data.get("year"), int) else None
        for number in self.titles.near(str(data.get("title", ""))):
            key, other_doi, other_family, other_year = self.owners[number]
            if doi and other_doi and doi != other_doi:
                continue  # different DOIs: a corrigendum, a reply, another work
            if family != other_family or (year and other_year and abs(year - other_year) > 1):
                continue  # Bolt 1980 "Put-That-There" is not Billinghurst 1998 "Put that where?"
            return key, [f"nearly the same title, first author and year as '{key}'"]
        return "", []


def _canonical(name: str, value: Any) -> str | None:
    if not value:
        return None
    normalise = {"doi": normalize_doi, "arxiv": normalize_arxiv, "pmid": normalize_pmid}[name]
    try:
        return normalise(str(value))
    except ValueError:
        return str(value)


def origin_name(origin: str) -> str:
    """Only a file's name goes into notes: never a user's absolute path."""
    return PurePath(origin.replace("\\", "/")).name or origin


def entry_data(record: Record, today: dt.date) -> dict[str, Any]:
    """The record's fields in canonical order plus the curator note and ``added`` date."""
    data = {name: record.data[name] for name in PAPER_FIELD_ORDER if record.data.get(name)}
    note = f"Imported from {code_span(origin_name(record.origin))} on {today.isoformat()}."
    if record.remarks:
        note += " " + "; ".join(record.remarks) + "."
    todos = [TODO_CHECKED]
    title = data.get("title")
    if isinstance(title, str) and is_title_case(title):  # only a curator can tell proper nouns
        todos.append(TODO_TITLE)
    data["summary"] = data.get("summary") or TODO_SUMMARY
    data["notes"] = "\n".join([note, *todos])
    data["added"] = today
    return data


@dataclass
class _Keys:
    """Keys and aliases in use: by existing entries, files on disk and records planned so far."""

    owner: dict[str, str] = field(default_factory=dict)  # key or alias -> entry key

    def taken(self, key: str) -> str | None:
        return self.owner.get(key)

    def claim(self, key: str, aliases: Iterable[str] = ()) -> None:
        self.owner[key] = key
        for alias in aliases:
            self.owner.setdefault(alias, key)


def _choose_key(record: Record, data: dict[str, Any], keys: _Keys, rekey: bool) -> str:
    if record.key and not rekey:
        if key := normalise_source_key(record.key):
            return key
        record.warnings.append(
            f"{record.where}: key {record.key!r} cannot be made a neurokb key; a new key is "
            "proposed and the old one kept as an alias"
        )
    return propose_key(data, set(keys.owner))


def plan(
    records: Iterable[Record], kb: KnowledgeBase, today: dt.date | None = None, *,
    rekey: bool = False, merge: bool = False,
) -> list[Planned]:  # fmt: skip
    """Decide, for each record in order, whether it becomes a new entry and with which key."""
    today = today or dt.date.today()
    folder = kb.root / "entries" / "papers"
    keys = _Keys()
    for path in folder.glob("*.yaml") if folder.is_dir() else []:
        keys.claim(path.stem)
    seen = _Seen()
    for key, paper in kb.papers.items():
        keys.claim(key, paper.ids)
        seen.add(key, paper)
    out = []
    for record in records:
        existing, reasons = seen.duplicate_of(record.data)
        if existing:
            out.append(_duplicate(record, existing, reasons, kb, merge))
            continue
        data = entry_data(record, today)
        key = _choose_key(record, data, keys, rekey)
        path = folder / f"{key}.yaml"
        if owner := keys.taken(key):
            where = f"entries/papers/{owner}.yaml"
            used = "is the key of" if owner == key else f"is an alias of '{owner}' in"
            reason = (f"key '{key}' {used} {where}, a different work; nothing was renamed — "
                      "change the key in the source file, or use --rekey for neurokb keys")  # fmt: skip
            out.append(Planned(record, Status.INVALID, key, path, "", [reason]))
            continue
        data["ids"] = _aliases(record, key, keys)
        text = entry_text(data)
        result = read_entry("papers", path, kb.root, raw=text.encode("utf-8"))
        if result.entry is None:
            problems = [f"{p.field or 'entry'}: {p.message}" for p in result.problems]
            out.append(Planned(record, Status.INVALID, key, path, text, problems))
            continue
        keys.claim(key, data["ids"])
        seen.add(key, data)
        out.append(Planned(record, Status.NEW, key, path, text))
    return out


def _aliases(record: Record, key: str, keys: _Keys) -> list[str]:
    """The record's aliases minus its own key; one that names another work is left out."""
    out = []
    for alias in record.data.get("ids") or []:
        if alias == key:
            continue
        if owner := keys.taken(alias):
            record.warnings.append(
                f"{record.where}: alias '{alias}' is not recorded: it already names '{owner}'"
            )
            continue
        out.append(alias)
    return out


def _duplicate(
    record: Record, existing: str, reasons: list[str], kb: KnowledgeBase, merge: bool
) -> Planned:
    planned = Planned(record, Status.DUPLICATE, existing=existing, reasons=reasons)
    paper = kb.papers.get(existing)
    if paper is None:  # a duplicate within this import: nothing on disk to merge into yet
        return planned
    filled = {name: value for name, value in record.data.items()
              if name in PAPER_FIELD_ORDER and name not in NOT_MERGED and value
              and _empty(getattr(paper, name))}  # fmt: skip
    aliases = [alias for alias in record.data.get("ids") or []
               if alias != existing and alias not in paper.ids]  # fmt: skip
    if aliases:
        filled["ids"] = [*paper.ids, *aliases]
    planned.filled = sorted(filled)
    if not merge or not filled:
        return planned
    path = kb.root / "entries" / "papers" / f"{existing}.yaml"
    text = _merged_text(path, filled, kb.root)
    if text is None:
        planned.reasons.append("the merged entry would not validate; nothing was merged")
        return planned
    planned.status, planned.key, planned.path, planned.text = Status.MERGED, existing, path, text
    return planned


def _empty(value: Any) -> bool:
    return value is None or value == "" or value == [] or value is False


def _merged_text(path: Path, filled: dict[str, Any], root: Path) -> str | None:
    """The existing file with ``filled`` added, in canonical form, its comments kept."""
    from neurokb.edit.fmt import format_entry

    text = path.read_text(encoding="utf-8")
    if "ids" in filled:  # replace the list rather than writing the field twice
        text = re.sub(r"(?m)^ids:.*\n(?:[ \t]+.*\n|[ \t]*\n)*", "", text)
    lines = [line for name, value in filled.items() for line in field_lines(name, value)]
    merged = text.rstrip("\n") + "\n" + "\n".join(lines) + "\n"
    formatted = format_entry("papers", path, root, merged.encode("utf-8"))
    return formatted.text


def write(planned: Iterable[Planned]) -> list[Path]:
    """Write new entries (never over a file) and merges (over their entry); the paths written."""
    written = []
    for item in planned:
        if item.status is Status.NEW and item.path is not None:
            atomic_write_text(item.path, item.text, overwrite=False, parents=True)
            written.append(item.path)
        elif item.status is Status.MERGED and item.path is not None:
            atomic_write_text(item.path, item.text)
            written.append(item.path)
    return written
