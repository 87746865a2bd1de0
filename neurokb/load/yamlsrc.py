"""Safe, bounded YAML reading that remembers where every value came from.

Entries are small, hand-written files, so the reader is strict where YAML is lax: anchors and
aliases (the alias-bomb vector), duplicate keys (YAML keeps the last silently), very deep
nesting and very large files are refused with a rule code instead of being loaded. libyaml
(``CSafeLoader``) does the parsing when it is installed; we walk its node tree once to build the
Python value and a map from each value's path to its ``(line, column)``, which is how a Pydantic
error on ``authors[2].family`` becomes ``file.yaml:9:5``.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Any, ClassVar

import yaml

from neurokb.load.files import MAX_BYTES

_STR_TAG = "tag:yaml.org,2002:str"
try:  # libyaml is several times faster; the pure-Python loader gives the same results.
    _Base: type = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - depends on how PyYAML was built
    _Base = yaml.SafeLoader


class _Loader(_Base):  # type: ignore[misc, valid-type]
    """The safe loader with a leaner tag resolver: the same table, the same answers.

    libyaml calls ``resolve`` once per node from C, and PyYAML's generic version (path
    resolvers, list concatenation) was a fifth of the cost of parsing an entry.
    """

    def resolve(self, kind: type, value: Any, implicit: tuple[bool, bool]) -> str:
        if self.yaml_path_resolvers:
            return super().resolve(kind, value, implicit)
        if kind is yaml.ScalarNode:
            if implicit[0]:  # plain scalar: try the implicit types keyed by its first character
                for tag, regexp in self.yaml_implicit_resolvers.get(value[:1], ()):
                    if regexp.match(value):
                        return tag
                for tag, regexp in self.yaml_implicit_resolvers.get(None, ()):
                    if regexp.match(value):
                        return tag
            return _STR_TAG
        return self.DEFAULT_SEQUENCE_TAG if kind is yaml.SequenceNode else self.DEFAULT_MAPPING_TAG


MAX_DEPTH = 16
MAX_NODES = 20_000

Path = tuple[str | int, ...]
Mark = tuple[int, int]
# A line that is neither blank nor a comment. Lines end in LF, CRLF or a lone CR (old Mac files,
# which YAML reads line by line too: ``^`` with MULTILINE would see one long comment line).
_CONTENT = re.compile(r"(?:\A|[\r\n])[^\S\r\n]*[^\s#]")


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

    The three tables are built from the node tree on first use: most entries are valid and never
    need a position, and skipping the tables halves the cost of reading a file.
    """

    data: Any
    parsed: yaml.Node | None = field(default=None, repr=False, compare=False)
    text: str = field(default="", repr=False, compare=False)  # the source, to find text in it
    _tables: tuple[dict[Path, Mark], dict[Path, Mark], dict[Path, str]] | None = field(
        default=None, init=False, repr=False, compare=False
    )

    @property
    def node(self) -> yaml.Node | None:
        """The libyaml node tree; a file read by the fast path (:func:`_fast`) is composed
        again on first use, which only a problem to report or a text check asks for."""
        if self.parsed is None and self.text:
            self.parsed = _compose(self.text)[0]
        return self.parsed

    @property
    def marks(self) -> dict[Path, Mark]:
        return self._index()[0]

    @property
    def key_marks(self) -> dict[Path, Mark]:
        return self._index()[1]

    @property
    def raw(self) -> dict[Path, str]:
        return self._index()[2]

    def _index(self) -> tuple[dict[Path, Mark], dict[Path, Mark], dict[Path, str]]:
        if self._tables is None:
            self._tables = ({}, {}, {})
            node = self.node
            if node is not None:
                _record(node, self.data, (), self._tables)
        return self._tables

    def position(self, path: Path, *, key: bool = False) -> Mark:
        """The position of ``path``, or of its nearest ancestor that has one."""
        marks, key_marks, _ = self._index()
        table = key_marks if key else marks
        probe = tuple(path)
        while probe:
            if probe in table:
                return table[probe]
            if not key and probe in key_marks:
                return key_marks[probe]
            probe = probe[:-1]
        return marks.get((), (1, 1))


def _mark(node: yaml.Node) -> Mark:
    return node.start_mark.line + 1, node.start_mark.column + 1


_SCALAR, _MAPPING = yaml.ScalarNode, yaml.MappingNode
_INT_TAG, _FLOAT_TAG = "tag:yaml.org,2002:int", "tag:yaml.org,2002:float"
_NUMBER_TAGS = frozenset({_INT_TAG, _FLOAT_TAG})
_DECIMAL = re.compile(r"[-+]?(?:0|[1-9][0-9]*)\Z")  # 017 is octal (15) in YAML 1.1


def _record(
    node: yaml.Node,
    value: Any,
    path: Path,
    tables: tuple[dict[Path, Mark], dict[Path, Mark], dict[Path, str]],
) -> None:
    """Fill the position tables for ``node``, whose built value is ``value``."""
    marks, key_marks, raw = tables
    marks[path] = _mark(node)
    if isinstance(node, yaml.MappingNode):
        # The built dict has the keys in node order (duplicates were refused), so zip pairs them.
        for (key_node, value_node), key in zip(node.value, value, strict=True):
            key_marks[(*path, key)] = _mark(key_node)
            _record(value_node, value[key], (*path, key), tables)
    elif isinstance(node, yaml.SequenceNode):
        for index, (item, item_value) in enumerate(zip(node.value, value, strict=True)):
            _record(item, item_value, (*path, index), tables)
    elif node.tag in _NUMBER_TAGS and not node.style:
        raw[path] = node.value


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
    if "\t" not in text:  # the common case, checked in C before walking the lines
        return
    for number, line in enumerate(text.splitlines(), start=1):
        stripped = line.lstrip(" ")
        if stripped.startswith("\t"):
            raise YamlIssue(
                "NKB003", "tab used for indentation", number, len(line) - len(stripped) + 1
            )


def parse(text: str) -> Document:
    """Parse one YAML document into a :class:`Document`; raise :class:`YamlIssue` on any problem."""
    data = _fast(text)
    if data is not None:
        return Document(data, None, text)
    node, data = _compose(text)
    return Document(data, node, text)


def _compose(text: str) -> tuple[yaml.Node, Any]:
    """libyaml's node tree of ``text`` and the value built from it, bounds enforced."""
    if not _CONTENT.search(text):  # nothing but blank lines and comments
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
    try:
        data = _Walker(loader, text).build(node, 0)
    finally:
        loader.dispose()
    return node, data


# -- the fast path ---------------------------------------------------------------------------
# Nearly every entry is written by `neurokb fmt` or the generator in a small subset of YAML:
# top-level keys with a quoted or plain one-line value, a block sequence of such values (or of
# mappings of them, as ``equations``), or a literal block (``|``). Read with a few string operations, such a file costs a fifth of
# libyaml's node tree. Anything else, down to a trailing space, goes to libyaml, whose answers
# (and errors) stay the reference: the fast path gives the same value or gives up.

_FAST_KEY = re.compile(r"([a-z_][a-z0-9_]*):(?: (.*))?\Z")
_ITEM = "  - "
_INDENT = "  "
# Characters YAML refuses (libyaml reports them) or that need its rules: controls but LF,
# the other line breaks (NEL, LS, PS, CR), tabs, surrogates, a BOM past the start.
_UNUSUAL = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff\ufeff\ufffe\uffff]")
_PLAIN_START = frozenset("-?:,[]{}#&*!|>'\"%@` ")
_DATE = re.compile(r"([0-9]{4})-([0-9]{2})-([0-9]{2})\Z")
_FAST_MAX_LINES = 2_000
_GIVE_UP = object()


def _fast(text: str) -> dict[str, Any] | None:
    """The value of ``text`` if it is in the subset described above, else None."""
    if _UNUSUAL.search(text) or "\r" in text or not text.endswith("\n"):
        return None
    lines = text.split("\n")
    if len(lines) > _FAST_MAX_LINES:
        return None
    out: dict[str, Any] = {}
    index, count = 0, len(lines)
    while index < count:
        line = lines[index]
        index += 1
        if not line or line[0] == "#":
            continue
        match = _FAST_KEY.match(line)
        if match is None:
            return None
        key, rest = match[1], match[2]
        if key in out or not _plain_key(key):
            return None
        if rest == "|":
            value, index = _literal(lines, index)
        elif rest:
            value = _scalar(rest)
        else:
            value, index = _sequence(lines, index)
        if value is _GIVE_UP:
            return None
        out[key] = value
    return out or None


_KEYS: dict[str, bool] = {}  # answers of _plain_key: an entry uses a few dozen field names
_KEYS_KEPT = 1_000  # a file of made-up field names must not grow it without end


def _plain_key(key: str) -> bool:
    """Whether the key ``key`` (matched by ``_FAST_KEY``) reads as that text in YAML: not
    ``yes``, ``null`` or ``true``, which libyaml turns into other values."""
    known = _KEYS.get(key)
    if known is None:
        known = _plain(key) == key
        if len(_KEYS) < _KEYS_KEPT:
            _KEYS[key] = known
    return known


def _sequence(lines: list[str], index: int) -> tuple[Any, int]:
    """A block sequence of one-line scalars (or of mappings of them) indented by two spaces,
    ending at a blank line or a top-level line."""
    items = []
    count = len(lines)
    while index < count:
        line = lines[index]
        if not line.startswith(_ITEM):
            break
        item = line[4:]
        if (  # the common item (a key, a name): plain text, as _plain would find, inline
            item
            and item[0] in _SAFE_FIRST
            and not item[-1].isspace()
            and item[-1] != ":"
            and ": " not in item
            and " #" not in item
        ):
            items.append(item)
        elif (  # a double-quoted item with no quote or escape inside ("Family, Given"): as
            len(item) > 1  # _scalar reads it, and never a `- key: value` (no key opens so)
            and item[0] == item[-1] == '"'
            and '"' not in (inner := item[1:-1])
            and "\\" not in inner
        ):
            items.append(inner)
        elif (match := _FAST_KEY.match(item)) is not None:  # `- key: value`: a mapping
            value, index = _item_mapping(lines, index + 1, match[1], match[2])
            if value is _GIVE_UP:
                return _GIVE_UP, index
            items.append(value)
            continue
        else:
            value = _scalar(item)
            if value is _GIVE_UP:
                return _GIVE_UP, index
            items.append(value)
        index += 1
    return (items if items else _GIVE_UP), index  # an empty value is null: libyaml's case


_ITEM_KEY = "    "  # the further keys of a `- key: value` item stand under its first key


def _item_mapping(lines: list[str], index: int, key: str, rest: str | None) -> tuple[Any, int]:
    """A sequence item that is a mapping of one-line scalars (``equations``: ``- latex: ...``
    then ``caption: ...`` under it); ``index`` is the line after the item's first line."""
    out: dict[str, Any] = {}
    while True:
        if not rest or key in out or not _plain_key(key):
            return _GIVE_UP, index  # no value (null), a duplicate, or a key YAML reads otherwise
        value = _scalar(rest)
        if value is _GIVE_UP:
            return _GIVE_UP, index
        out[key] = value
        if index >= len(lines) or not lines[index].startswith(_ITEM_KEY):
            return out, index
        match = _FAST_KEY.match(lines[index], len(_ITEM_KEY))
        if match is None:  # deeper, or not a key: a continued value or a nested block
            return _GIVE_UP, index
        key, rest = match[1], match[2]
        index += 1


def _literal(lines: list[str], index: int) -> tuple[Any, int]:
    """A literal block (``|``, clipped) indented by two spaces."""
    body: list[str] = []
    started = False
    while index < len(lines):
        line = lines[index]
        if line.startswith(_INDENT):
            if not line.strip() or (not started and line[2] == " "):
                return _GIVE_UP, index  # a line of spaces, or more indented first: YAML's rules
            body.append(line[2:])
            started = True
        elif line:
            break
        else:
            body.append("")
        index += 1
    while body and not body[-1]:
        body.pop()
    if not body:
        return _GIVE_UP, index
    return "\n".join(body) + "\n", index


def _scalar(text: str) -> Any:
    """A one-line scalar: single-quoted without quotes inside, double-quoted with no escape
    but ``\\\\`` and ``\\"`` (LaTeX in ``equations``), or plain."""
    if not text or text != text.strip():
        return _GIVE_UP
    first = text[0]
    if first == '"':
        inner = text[1:-1]
        if len(text) < 2 or text[-1] != '"':
            return _GIVE_UP
        if '"' in inner or "\\" in inner:  # escaped: only \\ and \" are read here (LaTeX)
            if not _SIMPLE_ESCAPES.fullmatch(inner):
                return _GIVE_UP
            return _ESCAPE.sub(_unescape, inner)
        return inner
    if first == "'":
        inner = text[1:-1]
        if len(text) < 2 or text[-1] != "'" or "'" in inner:
            return _GIVE_UP
        return inner
    return _plain(text)


_SIMPLE_ESCAPES = re.compile(r'(?:[^"\\]|\\[\\"])*')
_ESCAPE = re.compile(r'\\([\\"])')


def _unescape(match: re.Match[str]) -> str:
    return match[1]


def _plain(text: str) -> Any:
    """A plain scalar as the safe loader resolves it: text, a decimal integer, or a date."""
    if text[0] in _PLAIN_START or ": " in text or " #" in text or text[-1] == ":":
        return _GIVE_UP
    if text[0] in _TEXT_FIRST:  # no implicit type starts so (most keys, names and words)
        return text
    if _DIGITS_FIRST and text[0] in _DIGITS_FIRST:  # years, months, dates: read here
        if text[0] != "0" and text.isdigit() and text.isascii():  # a decimal int (017 is
            return int(text)  # octal in YAML 1.1, 09 text: the resolver's, below)
        if (date := _DATE.match(text)) is not None:  # a timestamp: nothing else reads so
            try:
                return dt.date(int(date[1]), int(date[2]), int(date[3]))
            except ValueError:
                return _GIVE_UP
    tag = _Loader.resolve(_RESOLVER, yaml.ScalarNode, text, (True, False))
    if tag == _STR_TAG:
        return text
    if tag == _INT_TAG and _DECIMAL.match(text):
        return int(text)
    if tag == _TIMESTAMP_TAG and (date := _DATE.match(text)):
        try:
            return dt.date(int(date[1]), int(date[2]), int(date[3]))
        except ValueError:  # 2026-13-45: libyaml's error says where
            return _GIVE_UP
    return _GIVE_UP


class _Resolver:
    """Just what ``_Loader.resolve`` reads, without a libyaml parser per call."""

    yaml_path_resolvers: ClassVar[dict[Any, Any]] = {}
    yaml_implicit_resolvers = _Loader.yaml_implicit_resolvers


_RESOLVER = _Resolver()
_TEXT_FIRST = (
    frozenset()
    if None in _Loader.yaml_implicit_resolvers
    else frozenset(chr(c) for c in range(32, 127)) - set(_Loader.yaml_implicit_resolvers)
)
_SAFE_FIRST = _TEXT_FIRST - _PLAIN_START  # a plain scalar may start so, and is then text
_NUMBER_RESOLVERS = ("tag:yaml.org,2002:float", _INT_TAG, "tag:yaml.org,2002:timestamp")
_DIGITS_FIRST = frozenset(  # the digits whose plain scalars resolve as PyYAML's safe loader
    digit  # has them (a float needs a '.', an int only digits, a timestamp a '-'), if it does
    for digit in "0123456789"
    if tuple(tag for tag, _ in _Loader.yaml_implicit_resolvers.get(digit, ())) == _NUMBER_RESOLVERS
)
_TIMESTAMP_TAG = "tag:yaml.org,2002:timestamp"


class _Walker:
    """Builds Python values from libyaml nodes, enforcing the bounds.

    Positions are not recorded here (see :class:`Document`); an error computes its own.
    An alias is a node met twice, so the walk remembers every node it met, unless the text
    has no ``*``: an alias is always written ``*name``, and most entries have none.
    """

    def __init__(self, loader: Any, text: str) -> None:
        self.loader = loader
        self.seen: set[int] | None = set() if "*" in text else None
        self.count = 0

    def build(self, node: yaml.Node, depth: int, key_node: yaml.Node | None = None) -> Any:
        self.count += 1
        if depth > MAX_DEPTH or self.seen is not None or self.count > MAX_NODES:
            self._check(node, depth, key_node)  # one test on the common path, all three here
        kind = node.__class__  # libyaml makes exactly these three classes
        if kind is _SCALAR:  # most nodes: keep this path short
            if node.tag == _STR_TAG:  # what construct_object would return, without its overhead
                return node.value
            return self._scalar(node)
        if kind is _MAPPING:
            result: dict[Any, Any] = {}
            for key_node, value_node in node.value:
                key = self._key(key_node)
                if key in result:
                    first = next(k for k, _ in node.value if self._key(k) == key)
                    raise YamlIssue(
                        "NKB030",
                        f"key '{key}' appears twice (first on line {_mark(first)[0]})",
                        *_mark(key_node),
                    )
                result[key] = self.build(value_node, depth + 1, key_node)
            return result
        return [self.build(item, depth + 1) for item in node.value]

    def _check(self, node: yaml.Node, depth: int, key_node: yaml.Node | None) -> None:
        if depth > MAX_DEPTH:
            raise YamlIssue(
                "NKB008", f"document is nested more than {MAX_DEPTH} levels deep", *_mark(node)
            )
        if self.seen is not None:
            if id(node) in self.seen:
                raise YamlIssue("NKB009", "YAML alias (*name) found", *_mark(key_node or node))
            self.seen.add(id(node))
        if self.count > MAX_NODES:
            raise YamlIssue("NKB007", f"document has more than {MAX_NODES:,} values", *_mark(node))

    def _key(self, node: yaml.Node) -> str | int:
        if node.tag == _STR_TAG and node.__class__ is _SCALAR:  # nearly every key
            return node.value
        if not isinstance(node, yaml.ScalarNode):
            raise YamlIssue("NKB001", "mapping keys must be plain names", *_mark(node))
        key = self._scalar(node)
        return key if isinstance(key, str | int) else str(key)

    def _scalar(self, node: yaml.ScalarNode) -> Any:
        tag = node.tag
        if (tag == _INT_TAG and not _DECIMAL.match(node.value)) or (
            tag == _FLOAT_TAG and ":" in node.value
        ):
            # YAML 1.1 reads 0x7E0, 0b11111100000, 017, 2_016 and 33:36 as numbers in other
            # bases (2016, 2016, 15, 2016, 2016); YAML 1.2 reads some of them as text. Kept as
            # the text written, so a number field reports it (with a hint) or reads the decimal
            # digits (017 is 17), never a value the writer did not see.
            return node.value
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
