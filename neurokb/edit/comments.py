"""Comments and blank lines of a YAML file: read from the text, re-attached to a new tree.

ruamel.yaml keeps comments, but it hangs each one on the node *before* it, so moving ``year``
would drag along the comment a contributor wrote above ``venue:``, and sorting a list would
scatter the comments between its items. People write a comment above the thing it describes,
so here a full-line comment (and a blank line) belongs to the node that *follows* it, and an
end-of-line comment to the last node that starts on its line. The formatter can then rebuild
the tree in canonical order and put every comment back next to the node it was written for.

Positions come from PyYAML's composer (start and end marks of every node), which also tells
which lines are inside a multi-line scalar: a ``# heading`` line inside ``summary: |`` is text,
not a comment.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, field
from typing import Any

import yaml
from ruamel.yaml.comments import CommentedBase, CommentedMap, CommentedSeq
from ruamel.yaml.error import CommentMark
from ruamel.yaml.scalarstring import LiteralScalarString
from ruamel.yaml.tokens import CommentToken

try:
    _Loader: type = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - depends on how PyYAML was built
    _Loader = yaml.SafeLoader

Path = tuple[str | int, ...]
#: Columns per nesting level of the canonical layout (``key:`` / ``  - item`` / ``    key:``).
INDENT = 2
_EOL = re.compile(r"(?:^|\s)(#.*)$")


@dataclass
class Notes:
    """The comments that belong to one node: lines above it and the comment on its line.

    ``lead`` holds comment lines without their indentation (``# ...``) and ``""`` for a blank
    line; ``eol`` is the end-of-line comment (``# ...``) or ``""``.
    """

    lead: list[str] = field(default_factory=list)
    eol: str = ""

    def absorb(self, other: Notes) -> None:
        """Take over another node's comments (its node is gone or merged into this one)."""
        self.lead.extend(other.lead)
        if other.eol and not self.eol:
            self.eol = other.eol
        elif other.eol:
            self.lead.append(other.eol)

    def flattened(self) -> list[str]:
        """All comments as full lines, for a node that can no longer hold an eol comment."""
        return [*self.lead, *([self.eol] if self.eol else [])]


@dataclass
class Comments:
    """Every comment of a document: before the first node, per node, after the last node."""

    head: list[str] = field(default_factory=list)
    nodes: dict[Path, Notes] = field(default_factory=dict)
    tail: list[str] = field(default_factory=list)
    order: list[Path] = field(default_factory=list)  # every node path, in document order

    def drop(self, pattern: re.Pattern[str]) -> None:
        """Remove comment lines matching ``pattern`` wherever they are (e.g. a stale schema line)."""
        self.head = [line for line in self.head if not pattern.match(line)]
        self.tail = [line for line in self.tail if not pattern.match(line)]
        for notes in self.nodes.values():
            notes.lead = [line for line in notes.lead if not pattern.match(line)]
            if pattern.match(notes.eol):
                notes.eol = ""


@dataclass
class _Geometry:
    slots: list[tuple[int, Path]] = field(default_factory=list)  # (start line, path), doc order
    block_slots: list[tuple[int, Path]] = field(default_factory=list)  # not inside [..] / {..}
    inside: set[int] = field(default_factory=set)  # lines that belong to a multi-line scalar
    ends: dict[int, int] = field(default_factory=dict)  # line -> column where its last node ends

    def end(self, node: yaml.Node) -> None:
        mark = node.end_mark
        self.ends[mark.line] = max(self.ends.get(mark.line, 0), mark.column)

    def walk(self, node: yaml.Node, path: Path, lines: list[str], flow: bool = False) -> None:
        """Record every key and item; ``flow`` marks nodes inside ``[...]``/``{...}``."""
        flow = flow or bool(getattr(node, "flow_style", False))
        if isinstance(node, yaml.MappingNode):
            for key, value in node.value:
                child = (*path, key.value)
                self.slot(key.start_mark.line, child, flow)
                self.end(key)
                self.walk(value, child, lines, flow)
        elif isinstance(node, yaml.SequenceNode):
            for index, item in enumerate(node.value):
                self.slot(item.start_mark.line, (*path, index), flow)
                self.walk(item, (*path, index), lines, flow)
        else:
            self.scalar(node, lines)
        if getattr(node, "flow_style", False):
            self.end(node)

    def slot(self, line: int, path: Path, flow: bool) -> None:
        self.slots.append((line, path))
        if not flow:  # an end-of-line comment after [a, b] is about the key, not about b
            self.block_slots.append((line, path))

    def scalar(self, node: yaml.ScalarNode, lines: list[str]) -> None:
        start, end = node.start_mark, node.end_mark
        if node.style in ("|", ">"):
            last = end.line - 1 if end.column == 0 else end.line
            while last > start.line and not lines[last].strip():
                last -= 1  # trailing blank lines are chomped: they separate, they are not text
            self.inside.update(range(start.line + 1, last + 1))
        else:
            self.inside.update(range(start.line + 1, end.line))
            self.end(node)


def read_comments(text: str) -> Comments:
    """Every comment and blank line of ``text``, attached to the node it was written for."""
    lines = text.splitlines()
    geometry = _Geometry()
    root = yaml.compose(text, Loader=_Loader)
    if root is not None:
        geometry.walk(root, (), lines)
    starts = [line for line, _ in geometry.slots]
    block_starts = [line for line, _ in geometry.block_slots]
    comments = Comments(order=[path for _, path in geometry.slots])
    for number, line in enumerate(lines):
        if number in geometry.inside:
            continue
        stripped = line.strip()
        if not stripped or stripped.startswith("#"):
            after = bisect_right(starts, number)  # the first node that starts below this line
            if after == len(starts):
                comments.tail.append(stripped)
            elif after == 0:
                comments.head.append(stripped)
            else:
                path = geometry.slots[after][1]
                comments.nodes.setdefault(path, Notes()).lead.append(stripped)
            continue
        match = _EOL.search(line[geometry.ends.get(number, 0) :])
        if match:
            at = bisect_right(block_starts, number) - 1  # the last node starting on or above
            if at < 0:
                comments.head.append(match.group(1).rstrip())
                continue
            notes = comments.nodes.setdefault(geometry.block_slots[at][1], Notes())
            notes.absorb(Notes(eol=match.group(1).rstrip()))
    if geometry.slots and comments.head:  # the block right above the first node is its own
        cut = len(comments.head) - comments.head[::-1].index("") if "" in comments.head else 0
        first = comments.nodes.setdefault(geometry.slots[0][1], Notes())
        first.lead[:0] = comments.head[cut:]
        del comments.head[cut:]
    return comments


def _tokens(lines: list[str], column: int) -> list[CommentToken]:
    return [
        CommentToken(f"{line}\n" if line else "\n", CommentMark(column if line else 0))
        for line in lines
    ]


def squeeze_blanks(lines: list[str]) -> list[str]:
    """Runs of blank lines become one: the canonical form keeps separation, not its width."""
    out: list[str] = []
    for line in lines:
        if line or not out or out[-1]:
            out.append(line)
    return out


def _container(tree: CommentedMap, path: Path) -> Any:
    node: Any = tree
    for part in path[:-1]:
        node = node[part]
    return node


def attach(tree: CommentedMap, comments: Comments, first_lines: list[str]) -> None:
    """Put ``comments`` (whose paths name nodes of ``tree``) back on ``tree`` for dumping.

    ``first_lines`` go above everything (the schema line). A full-line comment is indented like
    its node; a comment that was on the line of a block scalar's header moves above the key,
    since nothing may follow ``|`` on that line in the canonical form.
    """
    head = [*first_lines, *squeeze_blanks(comments.head)]
    tree.ca.comment = [None, _tokens(head, 0)] if head else None
    for path, notes in comments.nodes.items():
        parent = _container(tree, path)
        last = path[-1]
        lead = squeeze_blanks(notes.lead)
        eol = notes.eol
        if isinstance(parent[last], LiteralScalarString) and eol:
            lead, eol = [*lead, eol], ""
        column = INDENT * (len(path) - 1)
        lead_tokens = _tokens(lead, column) or None
        eol_token = CommentToken(f"{eol}\n", CommentMark(0)) if eol else None
        if isinstance(parent, CommentedSeq):
            parent.ca.items[last] = [eol_token, lead_tokens, None, None]
        elif isinstance(parent, CommentedBase):
            parent.ca.items[last] = [None, lead_tokens, eol_token, None]
    tail = squeeze_blanks(comments.tail)
    while tail and not tail[-1]:
        tail.pop()
    if tail:
        tree.yaml_end_comment_extend(_tokens(tail, 0))
