"""Safe, bounded YAML reading that remembers where every value came from.

Entries are small, hand-written files, so the reader is strict where YAML is lax: anchors and
aliases (the alias-bomb vector), duplicate keys (YAML keeps the last silently), very deep
nesting and very large files are refused with a rule code instead of being loaded. libyaml
(``CSafeLoader``) does the parsing when it is installed; we walk its node tree once to build the
Python value and a map from each value's path to its ``(line, column)``, which is how a Pydantic
error on ``authors[2].family`` becomes ``file.yaml:9:5``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import yaml

try:  # libyaml is several times faster; the pure-Python loader gives the same results.
    _Loader: type = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - depends on how PyYAML was built
    _Loader = yaml.SafeLoader

MAX_BYTES = 256 * 1024
MAX_DEPTH = 16
MAX_NODES = 20_000

Path = tuple[str | int, ...]
Mark = tuple[int, int]


@dataclass
class YamlIssue(Exception):
    """Why a file could not be read as YAML, with a rule code and a 1-based position."""

    code: str
    message: str
    line: int = 1
    column: int = 1
    hint: str = ""


@dataclass
class Document:
    """A parsed entry: the plain value plus where each part of it stands in the file.

    ``marks`` maps a path to the position of the value; ``key_marks`` maps a mapping key's path to
    the position of the key itself (unknown fields are reported there). ``raw`` keeps the source
    text of scalars that YAML 1.1 would turn into numbers, so ``arxiv: 1804.02460`` keeps its zero.
    """

    data: Any
    marks: dict[Path, Mark] = field(default_factory=dict)
    key_marks: dict[Path, Mark] = field(default_factory=dict)
    raw: dict[Path, str] = field(default_factory=dict)

    def position(self, path: Path, *, key: bool = False) -> Mark:
        """The position of ``path``, or of its nearest ancestor that has one."""
        table = self.key_marks if key else self.marks
        probe = tuple(path)
        while probe:
            if probe in table:
                return table[probe]
            if not key and probe in self.key_marks:
                return self.key_marks[probe]
            probe = probe[:-1]
        return self.marks.get((), (1, 1))


def decode(raw: bytes) -> str:
    """UTF-8 text of a file, or a YamlIssue naming the line of the first bad byte."""
    if len(raw) > MAX_BYTES:
        raise YamlIssue(
            "NKB007", f"file is {len(raw):,} bytes; entries are limited to {MAX_BYTES:,} bytes"
        )
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        column = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        raise YamlIssue(
            "NKB002",
            f"byte 0x{raw[exc.start]:02x} is not valid UTF-8",
            line,
            column,
            hint="Re-save the file as UTF-8; the byte is often a Latin-1 accent (é, ü).",
        ) from None
    return text.removeprefix("\ufeff")


def _check_tabs(text: str) -> None:
    for number, line in enumerate(text.splitlines(), start=1):
        stripped = line.lstrip(" ")
        if stripped.startswith("\t"):
            raise YamlIssue(
                "NKB003", "tab used for indentation", number, len(line) - len(stripped) + 1
            )


def parse(text: str) -> Document:
    """Parse one YAML document into a :class:`Document`; raise :class:`YamlIssue` on any problem."""
    if not text.strip() or all(
        not line.strip() or line.lstrip().startswith("#") for line in text.splitlines()
    ):
        raise YamlIssue("NKB004", "file has no content")
    _check_tabs(text)
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        at_end = mark is not None and mark.index >= len(text.rstrip())
        if exc.context_mark is not None and at_end:
            mark = exc.context_mark  # an unclosed quote or bracket: point at where it opened
        line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        problem = exc.problem or "invalid YAML"
        context = f" ({exc.context})" if exc.context else ""
        raise YamlIssue("NKB001", f"{problem}{context}", line, column) from None
    except yaml.YAMLError as exc:
        raise YamlIssue("NKB001", str(exc).splitlines()[0]) from None
    if node is None:
        raise YamlIssue("NKB004", "file has no content")
    doc = Document(data=None)
    try:
        doc.data = _Walker(loader).build(node, (), doc, depth=0)
    finally:
        loader.dispose()
    return doc


class _Walker:
    """Builds Python values from libyaml nodes, recording marks and enforcing the bounds."""

    def __init__(self, loader: Any) -> None:
        self.loader = loader
        self.seen: set[int] = set()

    def build(self, node: yaml.Node, path: Path, doc: Document, depth: int) -> Any:
        line, column = node.start_mark.line + 1, node.start_mark.column + 1
        if depth > MAX_DEPTH:
            raise YamlIssue(
                "NKB008", f"document is nested more than {MAX_DEPTH} levels deep", line, column
            )
        if id(node) in self.seen:
            line, column = doc.key_marks.get(path, (line, column))
            raise YamlIssue("NKB009", "YAML alias (*name) found", line, column)
        self.seen.add(id(node))
        if len(self.seen) > MAX_NODES:
            raise YamlIssue("NKB007", f"document has more than {MAX_NODES:,} values", line, column)
        doc.marks[path] = (line, column)
        if isinstance(node, yaml.MappingNode):
            result: dict[Any, Any] = {}
            for key_node, value_node in node.value:
                if not isinstance(key_node, yaml.ScalarNode):
                    raise YamlIssue(
                        "NKB001",
                        "mapping keys must be plain names",
                        key_node.start_mark.line + 1,
                        key_node.start_mark.column + 1,
                    )
                key = self._scalar(key_node)
                key = key if isinstance(key, str | int) else str(key)
                kline, kcol = key_node.start_mark.line + 1, key_node.start_mark.column + 1
                if key in result:
                    first = doc.key_marks[(*path, key)][0]
                    raise YamlIssue(
                        "NKB030", f"key '{key}' appears twice (first on line {first})", kline, kcol
                    )
                doc.key_marks[(*path, key)] = (kline, kcol)
                result[key] = self.build(value_node, (*path, key), doc, depth + 1)
            return result
        if isinstance(node, yaml.SequenceNode):
            return [
                self.build(item, (*path, index), doc, depth + 1)
                for index, item in enumerate(node.value)
            ]
        value = self._scalar(node)
        if isinstance(value, int | float) and not isinstance(value, bool) and not node.style:
            doc.raw[path] = node.value
        return value

    def _scalar(self, node: yaml.ScalarNode) -> Any:
        try:
            return self.loader.construct_object(node, deep=False)
        except yaml.constructor.ConstructorError as exc:
            mark = exc.problem_mark or node.start_mark
            raise YamlIssue(
                "NKB001", exc.problem or "bad value", mark.line + 1, mark.column + 1
            ) from None
        except ValueError as exc:  # e.g. an impossible date such as 2026-13-45
            mark = node.start_mark
            raise YamlIssue(
                "NKB001", f"bad value {node.value!r}: {exc}", mark.line + 1, mark.column + 1
            ) from None
