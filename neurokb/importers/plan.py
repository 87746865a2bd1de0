"""From imported records to new entry files: keys, duplicates, validation, writing.

Planning is pure (it reads the KnowledgeBase and returns what would happen), so ``--dry-run``
and the real run show the same thing. A record becomes a new entry only if it is not a
duplicate of an existing entry or of an earlier record in the same import (same DOI, arXiv id,
PubMed id, or a near-identical title) and if the file text it would produce passes the loader
itself. A new entry says what is still to do: its summary is a TODO, its notes ask for the
record the curator checked it against, and a title converted from Title Case asks for its proper
nouns back. ``validate`` reports each TODO (NKB054) and the missing topics (NKB052) until done.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import Any

from neurokb.atomic import atomic_write_text
from neurokb.checks import TitleIndex
from neurokb.entrywriter import PAPER_FIELD_ORDER, entry_text
from neurokb.importers.records import Record
from neurokb.kb import KnowledgeBase
from neurokb.keys import propose_key
from neurokb.loader import read_entry
from neurokb.models import Paper
from neurokb.normalize import normalize_arxiv, normalize_doi, normalize_pmid
from neurokb.titles import sentence_case

TODO_SUMMARY = "TODO: 3-8 sentences in your own words: what it does, what it found, why it matters."
TODO_CHECKED = "TODO: check each field against the publisher's record and name that record here."
TODO_TITLE = "TODO: the title was put in sentence case by rule: capitalise its proper nouns again."


class Status(StrEnum):
    NEW = "new"
    DUPLICATE = "duplicate"
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

    def to_dict(self) -> dict[str, Any]:
        return {
            "status": str(self.status),
            "key": self.key or None,
            "path": self.path.as_posix() if self.path else None,
            "source": self.record.where,
            "title": self.record.data.get("title"),
            "reasons": self.reasons,
        }


@dataclass
class _Seen:
    """Identifiers and titles of existing entries and of records planned so far.

    Identifiers are looked up in a dict and titles in a :class:`~neurokb.checks.TitleIndex`,
    so planning n records against m entries is O((n + m) log(n + m)), not O(n * m).
    """

    ids: dict[tuple[str, str], str] = field(default_factory=dict)  # (field, value) -> key
    titles: TitleIndex = field(default_factory=TitleIndex)
    owners: list[tuple[str, str | None]] = field(default_factory=list)  # title id -> key, doi

    def add(self, key: str, data: dict[str, Any] | Paper) -> None:
        get = data.get if isinstance(data, dict) else lambda name: getattr(data, name)
        for name in ("doi", "arxiv", "pmid"):
            if value := _canonical(name, get(name)):
                self.ids[(name, value)] = key
        self.titles.add(str(get("title") or ""))
        self.owners.append((key, _canonical("doi", get("doi"))))

    def duplicate_of(self, data: dict[str, Any]) -> list[str]:
        reasons = []
        for name, label in (("doi", "DOI"), ("arxiv", "arXiv id"), ("pmid", "PubMed id")):
            value = _canonical(name, data.get(name))
            if value and (name, value) in self.ids:
                reasons.append(f"same {label} {value} as '{self.ids[(name, value)]}'")
        if not reasons:
            doi = _canonical("doi", data.get("doi"))
            for number in self.titles.near(str(data.get("title", ""))):
                key, other_doi = self.owners[number]
                if not (doi and other_doi and doi != other_doi):
                    reasons.append(f"nearly the same title as '{key}'")
                    break
        return reasons


def _canonical(name: str, value: Any) -> str | None:
    if not value:
        return None
    normalise = {"doi": normalize_doi, "arxiv": normalize_arxiv, "pmid": normalize_pmid}[name]
    try:
        return normalise(str(value))
    except ValueError:
        return str(value)


def entry_data(record: Record, today: dt.date) -> dict[str, Any]:
    """The record's fields in canonical order plus the curator note and ``added`` date."""
    data = {name: record.data[name] for name in PAPER_FIELD_ORDER if record.data.get(name)}
    note = f"Imported from {record.origin} on {today.isoformat()}."
    if record.remarks:
        note += " " + "; ".join(record.remarks) + "."
    todos = [TODO_CHECKED]
    title = data.get("title")
    if isinstance(title, str) and sentence_case(title) != title:
        data["title"] = sentence_case(title)
        todos.append(TODO_TITLE)
    data["summary"] = data.get("summary") or TODO_SUMMARY
    data["notes"] = "\n".join([note, *todos])
    data["added"] = today
    return data


def plan(
    records: Iterable[Record], kb: KnowledgeBase, today: dt.date | None = None
) -> list[Planned]:
    """Decide, for each record in order, whether it becomes a new entry and with which key."""
    today = today or dt.date.today()
    folder = kb.root / "entries" / "papers"
    taken = set(kb.papers) | {p.stem for p in folder.glob("*.yaml")} if folder.is_dir() else set(
        kb.papers)  # fmt: skip
    seen = _Seen()
    for key, paper in kb.papers.items():
        seen.add(key, paper)
    out = []
    for record in records:
        reasons = seen.duplicate_of(record.data)
        if reasons:
            out.append(Planned(record, Status.DUPLICATE, reasons=reasons))
            continue
        data = entry_data(record, today)
        key = propose_key(data, taken)
        path = folder / f"{key}.yaml"
        text = entry_text(data)
        result = read_entry("papers", path, kb.root, raw=text.encode("utf-8"))
        if result.entry is None:
            problems = [f"{p.field or 'entry'}: {p.message}" for p in result.problems]
            out.append(Planned(record, Status.INVALID, key, path, text, problems))
            continue
        taken.add(key)
        seen.add(key, data)
        out.append(Planned(record, Status.NEW, key, path, text))
    return out


def write(planned: Iterable[Planned]) -> list[Path]:
    """Write the new entries (never overwriting a file); returns the paths written."""
    written = []
    for item in planned:
        if item.status is Status.NEW and item.path is not None:
            atomic_write_text(item.path, item.text, overwrite=False, parents=True)
            written.append(item.path)
    return written
