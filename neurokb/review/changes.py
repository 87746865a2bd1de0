"""What a change does to the knowledge base, for a reviewer: ``neurokb review [BASE]``.

A pull request that adds a paper is a YAML diff; what a reviewer needs to judge is the citation
it will produce, the links it adds to the graph, which fields changed from what to what, and
whether anything looks wrong (a likely duplicate, a validation problem, template help left in).
:func:`build_review` gathers that from git and the loader; :mod:`neurokb.review.markdown`
renders it for a PR comment. Old versions are read with ``git show`` and parsed by the same
:func:`~neurokb.load.loader.read_entry` as the working tree, so both sides mean the same thing.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from neurokb.core.errors import NeuroKBError, Problem
from neurokb.core.kb import KnowledgeBase
from neurokb.core.models import Equation, Paper, Person, Topic
from neurokb.edit.citekeys import base_key
from neurokb.edit.fmt import format_entry
from neurokb.edit.scaffold import has_help_lines
from neurokb.edit.writer import FIELD_ORDER, SORTED_FIELDS
from neurokb.graph.keys import EdgeKind
from neurokb.load.files import Unreadable, read_entry_bytes
from neurokb.load.loader import KINDS, load_kb, read_entry
from neurokb.review.gitbase import ChangedFile, changed_files, default_base, git, merge_base, show

Cite = Callable[[Paper], str]
#: Rule codes that mean "this may be a work the KB already has".
DUPLICATE_CODES = frozenset({"NKB022", "NKB023", "NKB024", "NKB029"})
#: Entry fields that become graph edges, and the edge kind (``implementations`` points back).
LINK_FIELDS: dict[str, EdgeKind] = {
    "cites": EdgeKind.CITES,
    "topics": EdgeKind.ABOUT,
    "implementations": EdgeKind.IMPLEMENTS,
    "parents": EdgeKind.SUBTOPIC_OF,
    "related": EdgeKind.RELATED,
}


@dataclass(frozen=True, order=True)
class Link:
    """One graph edge an entry creates: ``source --kind--> target``."""

    source: str
    kind: EdgeKind
    target: str


@dataclass(frozen=True)
class FieldChange:
    """One field's value before and after, as text; ``prose`` marks multi-line Markdown."""

    name: str
    before: str
    after: str
    prose: bool = False


@dataclass
class EntryChange:
    """One changed entry file and what the change means."""

    kind: str  # "papers" or "topics"
    key: str
    path: str
    status: str  # added, modified, removed
    entry: Paper | Topic | None = None  # the new version (None: removed, or invalid)
    old: Paper | Topic | None = None
    fields: list[FieldChange] = field(default_factory=list)
    added_links: list[Link] = field(default_factory=list)
    removed_links: list[Link] = field(default_factory=list)
    citation: str = ""


@dataclass
class Review:
    """Everything the rendered review shows."""

    base: str
    commit: str
    changes: list[EntryChange]
    problems: list[Problem]  # validation problems in, or about, the changed entries
    notes: list[str]  # other things a reviewer should look at

    def of(self, kind: str, status: str) -> list[EntryChange]:
        return [c for c in self.changes if c.kind == kind and c.status == status]

    @property
    def duplicates(self) -> list[Problem]:
        return [p for p in self.problems if p.code in DUPLICATE_CODES]


def show_value(value: object) -> str:
    """A field value as one line of text for a table cell."""
    if value is None or value == [] or value == "":
        return ""
    if isinstance(value, list):
        return ", ".join(show_value(item) for item in value)
    if isinstance(value, Person):
        return value.inverted
    if isinstance(value, Equation):
        return value.latex
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(getattr(value, "value", value))


def field_changes(old: Paper | Topic, new: Paper | Topic, kind: str) -> list[FieldChange]:
    """The fields whose value differs (order-free lists compared as sets)."""
    out = []
    for name in FIELD_ORDER[kind]:
        before, after = getattr(old, name), getattr(new, name)
        if name in SORTED_FIELDS:  # a set: say what went out and what came in
            gone, came = sorted(set(before) - set(after)), sorted(set(after) - set(before))
            if gone or came:
                out.append(FieldChange(name, _listed("removed", gone), _listed("added", came)))
            continue
        if before != after:
            prose = isinstance(after or before, str) and "\n" in (after or before or "")
            out.append(FieldChange(name, show_value(before), show_value(after), prose))
    return out


def _listed(label: str, items: list[str]) -> str:
    return f"{label}: {', '.join(items)}" if items else ""


def links(entry: Paper | Topic | None) -> set[Link]:
    """The graph edges an entry's own fields create."""
    if entry is None:
        return set()
    key = entry.key if isinstance(entry, Paper) else entry.id
    out = set()
    for name, kind in LINK_FIELDS.items():
        for target in getattr(entry, name, ()):
            out.add(
                Link(target, kind, key) if kind is EdgeKind.IMPLEMENTS else Link(key, kind, target)
            )
    return out


def default_cite(paper: Paper) -> str:
    """The paper's APA reference in Markdown, from :mod:`neurokb.cite`."""
    from neurokb.cite import format_references

    return format_references([paper], style="apa", output="markdown")[0]


def _entry_of(kb: KnowledgeBase, kind: str, key: str) -> Paper | Topic | None:
    return (kb.papers if kind == "papers" else kb.topics).get(key)


def _describe(root: Path, kb: KnowledgeBase, commit: str, changed: ChangedFile) -> EntryChange:
    parts = Path(changed.path).parts
    kind, key = parts[1], Path(changed.path).stem
    change = EntryChange(kind, key, changed.path, changed.status)
    if changed.status != "added":
        raw = show(root, commit, changed.path)
        change.old = read_entry(kind, root / changed.path, root, raw).entry
    if changed.status != "removed":
        change.entry = _entry_of(kb, kind, key)
    if change.old is not None and change.entry is not None:
        change.fields = field_changes(change.old, change.entry, kind)
    new_links, old_links = links(change.entry), links(change.old)
    change.added_links = sorted(new_links - old_links)
    change.removed_links = sorted(old_links - new_links)
    return change


def _cite(paper: Paper, cite: Cite) -> str:
    try:
        return cite(paper)
    except (NeuroKBError, ValueError, KeyError) as exc:  # show the failure, do not hide the paper
        return f"*(citation could not be formatted: {exc})*"


def _mentions(problem: Problem, keys: set[str]) -> bool:
    return any(f"'{key}'" in problem.message for key in keys)


def _notes(root: Path, kb: KnowledgeBase, change: EntryChange) -> list[str]:
    """Warnings that are not validation problems: template left in, not formatted, key rule."""
    path = root / change.path
    notes = []
    if change.status == "removed":
        citing = [k for k, p in kb.papers.items() if change.key in p.cites]
        notes.append(
            f"`{change.key}` is removed: its key may be cited in manuscripts and on the site"
            + (f"; still cited by {', '.join(f'`{k}`' for k in citing)}" if citing else "")
        )
        return notes
    try:  # a link out of the KB or a named pipe is refused unopened (validation says why)
        text = read_entry_bytes(path, root).decode("utf-8", errors="replace")
    except Unreadable:
        return notes
    if has_help_lines(text):
        notes.append(f"`{change.path}` still has the template's `##` help lines")
    if change.entry is not None and format_entry(change.kind, path, root).changed:
        notes.append(f"`{change.path}` is not in canonical form: run `neurokb fmt {change.path}`")
    if isinstance(change.entry, Paper) and change.status == "added":
        expected = base_key(change.entry)
        if not re.fullmatch(re.escape(expected) + "[a-z]*", change.key):
            notes.append(f"key `{change.key}` does not follow the key rule (expected `{expected}`)")
        if not change.entry.summary:
            notes.append(f"`{change.key}` has no summary")
    return notes


def build_review(root: Path, base: str | None = None, cite: Cite = default_cite) -> Review:
    """Compare the working tree under ``root`` with ``base`` (default: see ``default_base``)."""
    base = base or default_base(root)
    commit = merge_base(root, base)
    kb = load_kb(root)
    changes = []
    for changed in changed_files(root, commit):
        parts = Path(changed.path).parts
        if len(parts) == 3 and parts[1] in KINDS and changed.path.endswith(".yaml"):
            changes.append(_describe(root, kb, commit, changed))
    for change in changes:
        if isinstance(change.entry, Paper) and change.status == "added":
            change.citation = _cite(change.entry, cite)
    paths = {c.path for c in changes}
    keys = {c.key for c in changes}
    problems = [p for p in kb.problems if p.path in paths or _mentions(p, keys)]
    notes = [note for change in changes for note in _notes(root, kb, change)]
    short = git(root, "rev-parse", "--short", commit).strip()
    return Review(base, short, changes, problems, notes)
