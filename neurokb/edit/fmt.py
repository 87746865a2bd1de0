"""The canonical form of entry files, applied without losing a contributor's comments.

One entry has one canonical text, so diffs show changes of substance and two people editing the
same file do not fight over quotes. The form is :mod:`neurokb.edit.writer`'s (field order,
quoting, literal blocks, sorted lists, the schema line first), which renders it: ``neurokb add``
writes that text and ``neurokb fmt`` restores it. What this module adds is keeping comments:

* comments and blank lines stay next to the field or item they were written for
  (:mod:`neurokb.edit.comments`), runs of blank lines shrink to one; an item of a sorted list
  (:data:`~neurokb.edit.writer.SORTED_FIELDS`) takes its comments along.

Why ruamel.yaml as well as PyYAML: it is the one YAML library here that reads comments and
writes them back. The canonical text is rendered by the entry writer and read back with
ruamel's round-trip loader (quotes and literal blocks kept as written), the comments are hung
on that tree, and ruamel writes it out: for an entry without comments the output is the entry
writer's text byte for byte (tests/test_fmt.py checks this on every shipped entry).

The values written are the validated model's, so what validation already normalises (a
``https://doi.org/`` prefix, ``arXiv:...v2``, ``Family,Given`` spacing, trailing spaces in a
summary) is written in its canonical form. A file that does not validate is never rewritten:
its problems are returned and it is skipped. Every result is read back and must describe the
same entry, or the file is left alone.
"""

from __future__ import annotations

import difflib
import hashlib
import io
import os
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap

from neurokb.core.atomic import atomic_write_text
from neurokb.core.errors import NeuroKBError, Problem
from neurokb.core.models import Entry, Paper
from neurokb.edit.comments import INDENT, Comments, Notes, attach, read_comments
from neurokb.edit.writer import (
    BLOCK_FIELDS,
    SORTED_FIELDS,
    body_lines,
    entry_data,
    sort_key,
)
from neurokb.load.files import Unreadable, located, read_entry_bytes
from neurokb.load.jsonschema import SCHEMA_LINE
from neurokb.load.loader import KINDS, entry_files, read_entry
from neurokb.load.yamlsrc import YamlIssue, decode

SCHEMA_KIND = {"papers": "paper", "topics": "topic"}
_SCHEMA_COMMENT = re.compile(r"^#\s*yaml-language-server:\s*\$schema=")


def block_text(text: str) -> str:
    """A literal block's content: no trailing spaces on its lines, no blank lines around it."""
    return "\n".join(line.rstrip() for line in text.strip("\n").splitlines())


@dataclass(frozen=True)
class Snapshot:
    """A file as it was read: stat and content hash, to see whether it changed since."""

    size: int
    mtime_ns: int
    ino: int
    digest: bytes

    @classmethod
    def of(cls, info: os.stat_result, raw: bytes) -> Snapshot:
        return cls(info.st_size, info.st_mtime_ns, info.st_ino, _digest(raw))

    def matches(self, path: Path, root: Path) -> bool:
        """Whether ``path`` is still this file: same stat, then (a same-tick edit keeps the
        stat) same bytes."""
        try:
            info = os.stat(path)
            if (info.st_size, info.st_mtime_ns, info.st_ino) != (
                self.size,
                self.mtime_ns,
                self.ino,
            ):
                return False
            return _digest(read_entry_bytes(path, root)) == self.digest
        except (OSError, Unreadable):
            return False


def _digest(raw: bytes) -> bytes:
    return hashlib.blake2b(raw, digest_size=16).digest()


@dataclass(frozen=True)
class Formatted:
    """One file's canonical text, or why it was left alone (``text`` is None).

    ``source`` is the file as it was read; :func:`write` writes only over that same file.
    """

    path: str
    original: str
    text: str | None
    problems: tuple[Problem, ...] = ()
    reason: str = ""
    source: Snapshot | None = None

    @property
    def changed(self) -> bool:
        return self.text is not None and self.text != self.original

    @property
    def skipped(self) -> bool:
        return self.text is None

    def diff(self) -> str:
        """A unified diff from the file to its canonical form (empty when unchanged)."""
        if not self.changed:
            return ""
        assert self.text is not None
        return "".join(
            difflib.unified_diff(
                self.original.splitlines(keepends=True),
                self.text.splitlines(keepends=True),
                f"a/{self.path}",
                f"b/{self.path}",
            )
        )


def canonical(entry: Entry) -> Entry:
    """The entry as its canonical file states it: unordered lists sorted, block text trimmed."""
    fields = type(entry).model_fields
    update: dict[str, Any] = {
        name: sorted(getattr(entry, name), key=sort_key) for name in SORTED_FIELDS & fields.keys()
    }
    for name in BLOCK_FIELDS & fields.keys():
        if getattr(entry, name):
            update[name] = block_text(getattr(entry, name))
    return entry.model_copy(update=update)


def build_tree(entry: Entry) -> CommentedMap:
    """The entry writer's canonical text of ``entry`` as a ruamel tree to hang comments on."""
    kind = "paper" if isinstance(entry, Paper) else "topic"
    yaml = YAML()
    yaml.preserve_quotes = True  # the writer's quoting, kept through the round trip
    tree = yaml.load("\n".join(body_lines(entry_data(entry), kind)) + "\n")
    return tree if tree is not None else CommentedMap()


def _permutations(source: Entry, tree: CommentedMap) -> dict[str, Callable[[int], int]]:
    """For each sorted list, where the item at a source index ends up in the output."""
    out: dict[str, Callable[[int], int]] = {}
    for name in SORTED_FIELDS & tree.keys():
        values = list(getattr(source, name))
        order = sorted(range(len(values)), key=lambda i, v=values: (sort_key(v[i]), i))
        position = {index: target for target, index in enumerate(order)}
        out[name] = position.__getitem__
    return out


def _relocate(path: tuple[str | int, ...], tree: CommentedMap, perms: dict) -> tuple | None:
    """The output node a source node's comments go to (None: the field is gone)."""
    name = path[0]
    if name not in tree:
        return None
    if len(path) == 1 or not isinstance(tree[name], list) or not isinstance(path[1], int):
        return (name,)
    index = perms[name](path[1]) if name in perms else path[1]
    if index >= len(tree[name]):
        return (name,)
    item = tree[name][index]
    if len(path) >= 3 and isinstance(item, dict) and path[2] in item:
        return (name, index, path[2])
    return (name, index)


def move_comments(comments: Comments, tree: CommentedMap, source: Entry) -> Comments:
    """Comments re-keyed from source paths to the paths of their nodes in ``tree``.

    ``source`` is the entry as read, in the file's order, which sorted lists are mapped from.

    Comments of a field that is left out (``editors: []``) move above the next field; those of
    an inner node that disappears (a person mapping written as a string) join its item.
    """
    perms = _permutations(source, tree)
    moved = Comments(head=list(comments.head))
    pending: list[str] = []
    for path in comments.order:
        notes = comments.nodes.get(path)
        target = _relocate(path, tree, perms)
        if target is None:
            pending.extend(notes.flattened() if notes else [])
            continue
        if len(path) == 1 and pending:
            moved.nodes.setdefault(target, Notes()).lead.extend(pending)
            pending = []
        if notes:
            moved.nodes.setdefault(target, Notes()).absorb(notes)
    moved.tail = [*pending, *comments.tail]
    for path in [p for p in moved.nodes if len(p) == 3]:
        item = tree[path[0]][path[1]]
        if path[2] == next(iter(item)):  # a comment above "- family: ..." belongs to the item
            notes = moved.nodes[path]
            moved.nodes.setdefault(path[:2], Notes()).lead.extend(notes.lead)
            notes.lead = []
    return moved


def _dump(tree: CommentedMap) -> str:
    yaml = YAML()
    yaml.indent(mapping=INDENT, sequence=2 * INDENT, offset=INDENT)
    yaml.width = 1_000_000  # never fold a long title or URL across lines
    stream = io.StringIO()
    yaml.dump(tree, stream)
    return stream.getvalue()


def format_entry(kind: str, path: Path, root: Path, raw: bytes | None = None) -> Formatted:
    """The canonical text of one entry file, or its problems when it cannot be formatted.

    A file that is not read (a link out of the KB, a named pipe...) has its problem; a link
    inside the KB is read, and will be written, through.
    """
    source = None
    if raw is None:
        try:
            info = os.stat(path)  # before reading: an edit after this shows as a new stat
            raw = read_entry_bytes(path, root)
        except (OSError, Unreadable):
            result = read_entry(kind, path, root)  # reads again, and says why it cannot
            return Formatted(result.path, "", None, tuple(result.problems))
        source = Snapshot.of(info, raw)
    original = raw.decode("utf-8", errors="replace")
    result = read_entry(kind, path, root, raw)
    if result.entry is None:
        return Formatted(result.path, original, None, tuple(result.problems))
    try:
        comments = read_comments(decode(raw))
    except (YamlIssue, ValueError) as exc:  # pragma: no cover - read_entry parsed it already
        return Formatted(result.path, original, None, reason=f"cannot read comments: {exc}")
    entry = canonical(result.entry)
    tree = build_tree(entry)
    comments.drop(_SCHEMA_COMMENT)
    moved = move_comments(comments, tree, result.entry)
    attach(tree, moved, [SCHEMA_LINE.format(kind=SCHEMA_KIND[kind])])
    text = _dump(tree)
    again = read_entry(kind, path, root, text.encode("utf-8"))
    if again.entry != entry:
        reason = "the canonical text would not describe the same entry (please report this bug)"
        return Formatted(result.path, original, None, reason=reason)
    return Formatted(result.path, original, text, source=source)


def kind_of(path: Path) -> str | None:
    """``papers`` or ``topics`` for a file in ``entries/<kind>/``; None for anything else."""
    parent = located(path).parent  # the link's own folder, not its target's
    if parent.name in KINDS and parent.parent.name == "entries" and path.suffix == ".yaml":
        return parent.name
    return None


def format_files(root: Path, files: list[Path] | None = None) -> list[Formatted]:
    """Format ``files`` (default: every entry under ``root``); files are not written here."""
    if not files:
        return [format_entry(kind, path, root) for kind, path in entry_files(root)[0]]
    out = []
    for file in files:
        if not os.path.lexists(file):
            raise NeuroKBError(f"{file} does not exist", "give paths of files under entries/")
        kind = kind_of(file)
        if kind is None:
            problem = Problem("NKB028", "file is not an entry and is not formatted", str(file))
            out.append(Formatted(str(file), "", None, (problem,)))
            continue
        out.append(format_entry(kind, file, root))
    return out


def write(root: Path, formatted: Formatted) -> None:
    """Replace the file with its canonical text in one step (readers never see half a file).

    Only if it is still the file that was formatted: an edit saved since is kept, and
    :class:`~neurokb.core.atomic.ChangedMeanwhile` raised. A link is written through; the file
    keeps its permissions.
    """
    if formatted.changed:
        assert formatted.text is not None
        path, source = root / formatted.path, formatted.source
        check = None if source is None else lambda: source.matches(path, root)
        atomic_write_text(path, formatted.text, unchanged=check)
