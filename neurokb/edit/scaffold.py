"""Commented templates for new entries (``neurokb new paper`` / ``neurokb new topic``).

A newcomer should be able to write a correct entry from the file alone: every field comes with
a ``## `` help line saying what belongs there, required fields are left empty (so ``validate``
points at each one until it is filled), and optional fields are commented-out examples to
uncomment or delete. Fields already known (from an importer, or ``type``/``added``) are
written in the entry writer's canonical form, so a filled scaffold needs no reformatting.

The help lines start with ``## `` so that ``neurokb review`` can tell a reviewer when a new
entry still carries them.
"""

from __future__ import annotations

import datetime as dt
import re
import textwrap
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from neurokb.core.atomic import atomic_write_text
from neurokb.core.errors import NeuroKBError
from neurokb.core.kb import KnowledgeBase
from neurokb.core.models import KEY_PATTERN, PaperType
from neurokb.edit.writer import PAPER_FIELD_ORDER, TOPIC_FIELD_ORDER, field_lines
from neurokb.load.jsonschema import SCHEMA_LINE

if TYPE_CHECKING:
    from neurokb.importers.records import Record

HELP_PREFIX = "## "
HELP_WIDTH = 100


@dataclass(frozen=True)
class Guide:
    """How to fill one field: help text, and either "required" or an example value."""

    help: str
    example: Any = None
    required: bool = False


_TYPES = " ".join(t.value for t in PaperType)

# Example values are the SuperSpike paper's (Zenke & Ganguli 2018, doi 10.1162/neco_a_01086),
# as in the entry schema in CONTRIBUTING.md, so that every example is a real, checked value.
PAPER_GUIDE: dict[str, Guide] = {
    "ids": Guide("Other citation keys of this work (e.g. its key in your Zotero library), so "
                 "\\cite{ThatKey} still resolves.", ["Zenke2018"]),
    "title": Guide("Title as published, in sentence case (capitals only for the first word, the "
                   "first word after a colon, proper nouns and acronyms), in double quotes.",
                   required=True),
    "authors": Guide('Authors in publication order, one per line: "Family, Given" '
                     '(e.g. "van Rossum, Mark C. W."); "Family, Suffix, Given" for Jr./III; '
                     "or {family: ..., given: ..., orcid: ...}; organisations {literal: ...}.",
                     required=True),
    "et_al": Guide("true when the source's author list ends in 'and others' (incomplete).", True),
    "year": Guide("Year of the version this entry describes (the journal version if published).",
                  required=True),
    "month": Guide("Month of publication, 1-12.", 6),
    "type": Guide(f"One of: {_TYPES}.", "article"),
    "genre": Guide("Kind within the type: Master's thesis, PhD thesis, Technical report ...",
                   "PhD thesis"),
    "venue": Guide("Journal, proceedings, book title (for a chapter), blog name, or institution "
                   "(for a course).", "Neural Computation"),
    "volume": Guide("Volume, in quotes.", "30"),
    "issue": Guide("Issue or number, in quotes.", "6"),
    "pages": Guide("Page range with a hyphen, or the article number.", "1514-1541"),
    "publisher": Guide("Publisher (books, courses, blogs).", "MIT Press"),
    "location": Guide("Place of publication (books, reports, proceedings).", "Cambridge, MA"),
    "edition": Guide("Edition, e.g. 2 or 'Second'.", "2"),
    "series": Guide("Book or report series.", "Lecture Notes in Computer Science"),
    "editors": Guide("Editors of a chapter's book or of proceedings, written like authors.",
                     ["Family, Given"]),
    "isbn": Guide("ISBN of the edition described (books), in quotes.", "<ISBN-13>"),
    "doi": Guide("Bare DOI from the publisher's page (no https://doi.org/). Leave it out if the "
                 "work has none; never guess one.", "10.1162/neco_a_01086"),
    "arxiv": Guide("arXiv id without version, in quotes.", "1705.11146"),
    "pmid": Guide("PubMed id, in quotes.", "29652587"),
    "url": Guide("Canonical landing page (the publisher's); optional when there is a DOI.",
                 "https://arxiv.org/abs/1705.11146"),
    "urldate": Guide("When the url was last visited (web pages), YYYY-MM-DD.", "2024-05-01"),
    "language": Guide("Language of the work, if not English.", "German"),
    "keywords": Guide("The source's keywords.", ["surrogate gradients"]),
    "topics": Guide("At least one topic id: a file name in entries/topics/ (without .yaml).",
                    required=True),
    "cites": Guide("Keys of papers in this knowledge base that this work really cites.",
                   ["vanrossum2001novel"]),
    "implementations": Guide("Reference implementations it underlies (`neurokb algorithms`).",
                             ["superspike"]),
    "summary": Guide("3-8 sentences in your own words: what the work did, what it found, why it "
                     "matters to NeuroAI. Markdown; $...$ for math; cite other entries as [@key]. "
                     "Never paste the abstract.",
                     required=True),
    "abstract": Guide("Usually left out: publisher abstracts are copyrighted.", "..."),
    "notes": Guide("Provenance: where you checked the metadata (publisher page, Crossref, "
                   "PubMed, arXiv) and any choice you made.",
                   "Checked against the publisher's page and the Crossref record.\n"),
    "corrections": Guide("Each value that differs from what a source said: the field, the "
                         "source's value, the corrected value and the record that shows it.",
                         [{"field": "volume", "source_value": "334", "value": "344",
                           "source": "PMID 24876345"}]),
    "equations": Guide("Key equations in LaTeX (single quotes) with a caption.",
                       [{"latex": r"\Delta w_{ij} = \eta\, y_i (x_j - y_i w_{ij})",
                         "caption": "Oja's rule"}]),
    "added": Guide("Date the entry was added (filled in for you).", required=True),
}  # fmt: skip

TOPIC_GUIDE: dict[str, Guide] = {
    "name": Guide("Human-readable name, e.g. Spiking neural networks.", required=True),
    "aliases": Guide("Other names people search for.", ["spiking networks"]),
    "parents": Guide("Broader topics: ids of files in entries/topics/ (neuroai is the root).",
                     required=True),
    "related": Guide("Topics worth reading alongside.", ["synaptic-plasticity"]),
    "summary": Guide("What the topic is about, one paragraph or more, in your own words; "
                     "Markdown, $...$ and $$...$$ for math.", required=True),
}  # fmt: skip


def _empty(name: str) -> list[str]:
    """A required field left empty: it validates only once filled in."""
    if name == "topics":  # a valid empty list: validate says "paper has no topics" (NKB052)
        return [f"{name}: []"]
    if name in ("authors", "parents"):
        return [f"{name}:", "  -"]
    if name == "summary":
        return [f"{name}: |"]
    return [f"{name}:"]


def _help(text: str) -> list[str]:
    return [f"{HELP_PREFIX}{line}" for line in textwrap.wrap(text, HELP_WIDTH - len(HELP_PREFIX))]


def _commented(name: str, example: Any) -> list[str]:
    return [f"# {line}" for line in field_lines(name, example)]


def _render(
    kind: str, header: str, guide: Mapping[str, Guide], order: tuple[str, ...], data: dict
) -> str:
    lines = [SCHEMA_LINE.format(kind=kind), *_help(header)]
    for name in order:
        rule = guide[name]
        lines.extend(_help(rule.help))
        value = data.get(name)
        if value not in (None, "", [], ()):
            lines.extend(field_lines(name, value))
        elif rule.required:
            lines.extend(_empty(name))
        else:
            lines.extend(_commented(name, rule.example))
    return "\n".join(lines) + "\n"


def paper_scaffold(data: Mapping[str, Any] | None = None, today: dt.date | None = None) -> str:
    """A commented paper template, with ``data`` (e.g. from an importer) already filled in."""
    values = {name: value for name, value in (data or {}).items() if name in PAPER_GUIDE}
    values.setdefault("type", "article")
    values.setdefault("added", today or dt.date.today())
    header = (
        "New paper. Fill in the empty fields, uncomment the optional ones you need (delete the "
        "rest), then run `neurokb fmt` and `neurokb validate` on this file. Lines starting "
        'with "##" are help: delete them when you are done. See CONTRIBUTING.md.'
    )
    return _render("paper", header, PAPER_GUIDE, PAPER_FIELD_ORDER, values)


def topic_scaffold(data: Mapping[str, Any] | None = None) -> str:
    """A commented topic template."""
    values = {name: value for name, value in (data or {}).items() if name in TOPIC_GUIDE}
    header = (
        "New topic. Fill in the empty fields, then run `neurokb fmt` and `neurokb validate` on "
        'this file. Lines starting with "##" are help: delete them when you are done.'
    )
    return _render("topic", header, TOPIC_GUIDE, TOPIC_FIELD_ORDER, values)


def has_help_lines(text: str) -> bool:
    """True while a file still carries the scaffold's ``## `` help lines."""
    return any(line.startswith(HELP_PREFIX) for line in text.splitlines())


def entry_path(root: Path, kind: str, key: str) -> Path:
    """Where a new entry goes; refuses a bad key or an existing file (keys are never reused)."""
    if not re.match(KEY_PATTERN, key):
        suggestion = re.sub(r"[^a-z0-9_-]+", "", key.lower()) or "authoryearword"
        raise NeuroKBError(
            f"'{key if key.isprintable() else repr(key)[1:-1]}' is not a valid key",
            f"use lower-case letters, digits, '-' and '_', e.g. {suggestion}",
        )
    path = root / "entries" / kind / f"{key}.yaml"
    if path.exists():
        raise NeuroKBError(
            f"{path.relative_to(root)} already exists",
            "edit that file, or choose another key (a, b ... are appended for a second work)",
        )
    return path


def create(path: Path, text: str) -> None:
    """Write a new entry file; fails if it appeared meanwhile (never overwrites)."""
    try:
        atomic_write_text(path, text, overwrite=False, parents=True)
    except FileExistsError:
        raise NeuroKBError(f"{path} already exists", "edit that file instead") from None


def imported(record: Record, kb: KnowledgeBase, today: dt.date | None = None) -> tuple[str, dict]:
    """The proposed key and template data for an imported record (``new paper --doi``).

    The importers' planner decides, exactly as for ``neurokb add``, whether the knowledge base
    already has the work and which key the rule gives; the template then shows the record's
    fields filled in and the rest commented.
    """
    from neurokb.edit.plan import Status, entry_data, plan

    (planned,) = plan([record], kb, today)
    if planned.status is Status.DUPLICATE:
        raise NeuroKBError(
            f"this work is already in the knowledge base: {'; '.join(planned.reasons)}",
            "edit that entry instead of adding a new one",
        )
    return planned.key, entry_data(record, today or dt.date.today())
