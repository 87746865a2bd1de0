"""Canonical entry YAML: the one module that renders an entry file's text.

Every tool that creates or rewrites an entry (``neurokb add``, ``neurokb new``, the importers,
``neurokb fmt``) must produce the same text for the same data, or diffs fill with noise and
reviewers stop reading them. So they all render here: field order (:data:`PAPER_FIELD_ORDER`,
:data:`TOPIC_FIELD_ORDER`), quoting (:func:`scalar`), literal blocks (:data:`BLOCK_FIELDS`)
and sorted lists (:data:`SORTED_FIELDS`). ``fmt`` keeps a contributor's comments by reading
this text back with ruamel.yaml and hanging the comments on it (:mod:`neurokb.edit.fmt`); the
scaffold of ``neurokb new`` adds help lines around :func:`field_lines`.

The emitter is hand-written rather than ``yaml.dump`` because PyYAML cannot be told to quote
only where needed, to keep ``arxiv: "1705.11146"`` a string, or to write literal blocks.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

import yaml

from neurokb.core.models import Paper, Topic
from neurokb.load.jsonschema import SCHEMA_LINE

#: Field order of a paper file (common.md); the key is the file name and never a field.
PAPER_FIELD_ORDER: tuple[str, ...] = (
    "ids", "title", "authors", "et_al", "year", "month", "type", "genre", "venue", "volume",
    "issue", "pages", "publisher", "location", "edition", "series", "editors", "isbn", "doi",
    "arxiv", "pmid", "url", "urldate", "language", "keywords", "topics", "cites",
    "implementations", "summary", "abstract", "notes", "corrections", "equations", "added",
)  # fmt: skip
#: Field order of a topic file (common.md).
TOPIC_FIELD_ORDER: tuple[str, ...] = ("name", "aliases", "parents", "related", "summary")
#: Field order by entry folder.
FIELD_ORDER: dict[str, tuple[str, ...]] = {"papers": PAPER_FIELD_ORDER, "topics": TOPIC_FIELD_ORDER}
#: Lists written in sorted order because their order means nothing (a set of links or names), so
#: two branches that each add a topic merge without conflict. ``authors``/``editors`` (citation
#: order) and ``equations`` (reading order) keep theirs.
SORTED_FIELDS: frozenset[str] = frozenset(
    {"ids", "topics", "cites", "implementations", "aliases", "parents", "related"}
)
#: Fields written as literal blocks (``summary: |``): Markdown prose whose line breaks matter.
BLOCK_FIELDS: frozenset[str] = frozenset({"summary", "abstract", "notes"})
#: Fields always double-quoted (unless they need single quotes): titles and captions so often
#: hold ': ' that quoting them all keeps the files uniform.
ALWAYS_QUOTED: frozenset[str] = frozenset({"title", "caption"})
#: Fields always single-quoted: LaTeX is full of backslashes, which double quotes would escape.
SINGLE_QUOTED: frozenset[str] = frozenset({"latex"})
#: Order of keys inside list items that are mappings (persons, equations).
ITEM_FIELD_ORDER: tuple[str, ...] = (
    "family", "given", "suffix", "literal", "orcid", "latex", "caption",
    "field", "source_value", "value", "source", "note",
)  # fmt: skip
INDENT = 2

try:
    _Loader: type = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - depends on how PyYAML was built
    _Loader = yaml.SafeLoader


def sort_key(value: str) -> tuple[str, str]:
    """Order of :data:`SORTED_FIELDS` items: case-insensitive (aliases are prose), then exact."""
    return (value.casefold(), value)


_RESOLVER_12 = None


def _text_in_yaml12(text: str) -> bool:
    """True when YAML 1.2 tools (editors, JSON Schema checks) read plain ``text`` as a string.

    neurokb reads entries as YAML 1.1, but 1.2 additionally reads ``0805074562`` and ``1e3`` as
    numbers, so such values are quoted too and every tool sees the same text.
    """
    global _RESOLVER_12
    if _RESOLVER_12 is None:
        from ruamel.yaml.resolver import VersionedResolver

        _RESOLVER_12 = VersionedResolver()
    from ruamel.yaml.nodes import ScalarNode

    return _RESOLVER_12.resolve(ScalarNode, text, (True, False)) == "tag:yaml.org,2002:str"


def _reads_back(document: str, expected: Any) -> bool:
    try:
        return yaml.load(document, Loader=_Loader) == expected
    except yaml.YAMLError:
        return False


def plain_ok(text: str) -> bool:
    """True when ``text`` can be written unquoted and YAML reads back exactly this string."""
    if not text or text != text.strip() or "\n" in text or "\t" in text:
        return False
    return (
        _reads_back(f"k: {text}", {"k": text})
        and _reads_back(f"- {text}", [text])
        and _text_in_yaml12(text)
    )


def quote(text: str) -> str:
    """Double quotes when nothing needs escaping, else single quotes (which escape only ')."""
    if '"' not in text and "\\" not in text and text.isprintable():
        return f'"{text}"'
    if text.isprintable():
        return "'" + text.replace("'", "''") + "'"
    return yaml.dump(text, default_style='"', allow_unicode=True, width=10_000).strip()


def scalar(name: str, value: Any) -> str:
    """One scalar in canonical form; ``name`` is the field it belongs to (decides quoting)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return str(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    text = str(value)
    if name in SINGLE_QUOTED:
        return "'" + text.replace("'", "''") + "'"
    return text if name not in ALWAYS_QUOTED and plain_ok(text) else quote(text)


def _block(text: str, indent: str) -> list[str]:
    lines = [line.rstrip() for line in text.strip("\n").splitlines()]
    header = "|" if not lines or not lines[0].startswith(" ") else f"|{INDENT}"
    return [header, *[f"{indent}{line}" if line else "" for line in lines]]


def _item_rank(key: str) -> int:
    return ITEM_FIELD_ORDER.index(key) if key in ITEM_FIELD_ORDER else len(ITEM_FIELD_ORDER)


def _item_lines(name: str, item: Any, pad: str) -> list[str]:
    if isinstance(item, Mapping):
        keys = sorted(item, key=_item_rank)
        out = []
        for index, key in enumerate(k for k in keys if item[k] not in (None, "")):
            lead = f"{pad}- " if index == 0 else f"{pad}  "
            out.append(f"{lead}{key}: {scalar(key, item[key])}")
        return out
    return [f"{pad}- {scalar(name, item)}"]


def field_lines(name: str, value: Any) -> list[str]:
    """The lines of one top-level field (empty when the value is empty and so left out)."""
    if value is None or value == "" or value == [] or value == ():
        return []
    pad = " " * INDENT
    if isinstance(value, list | tuple):
        return [f"{name}:", *[line for item in value for line in _item_lines(name, item, pad)]]
    if name in BLOCK_FIELDS:
        head, *body = _block(str(value), pad)
        return [f"{name}: {head}", *body]
    return [f"{name}: {scalar(name, value)}"]


def paper_data(paper: Paper) -> dict[str, Any]:
    """A paper as plain data in canonical order, persons in their canonical YAML form."""
    data: dict[str, Any] = {}
    for name in PAPER_FIELD_ORDER:
        value = getattr(paper, name)
        if name in ("authors", "editors"):
            value = [person.to_yaml() for person in value]
        elif name in ("equations", "corrections"):
            value = [item.model_dump(exclude_none=True) for item in value]
        elif name == "type":
            value = value.value
        elif name == "et_al":
            value = value or None  # written only when true
        data[name] = value
    return data


def entry_data(entry: Paper | Topic) -> dict[str, Any]:
    """Plain field values of an entry in canonical order (persons in their YAML form)."""
    if isinstance(entry, Paper):
        return paper_data(entry)
    return {name: getattr(entry, name) for name in TOPIC_FIELD_ORDER}


def body_lines(data: Mapping[str, Any], kind: str = "paper") -> list[str]:
    """The lines of every field of a paper's or topic's plain data, in canonical form."""
    order = PAPER_FIELD_ORDER if kind == "paper" else TOPIC_FIELD_ORDER
    unknown = set(data) - set(order)
    if unknown:
        raise ValueError(f"not entry fields: {', '.join(sorted(unknown))}")
    lines = []
    for name in order:
        value = data.get(name)
        if name in SORTED_FIELDS and value:
            value = sorted(value, key=sort_key)
        lines.extend(field_lines(name, value))
    return lines


def entry_text(entry: Paper | Topic | Mapping[str, Any], kind: str = "paper") -> str:
    """The canonical file text of a paper or topic (model or plain data), schema line first.

    Plain data may hold only known fields; ``key`` (``id`` of a topic) is ignored since it is
    the file name. ``kind`` is "paper" or "topic" (taken from a model when given one).
    """
    if isinstance(entry, Paper | Topic):
        kind = "paper" if isinstance(entry, Paper) else "topic"
        data = entry_data(entry)
    else:
        data = dict(entry)
    data.pop("key" if kind == "paper" else "id", None)
    return "\n".join([SCHEMA_LINE.format(kind=kind), *body_lines(data, kind)]) + "\n"
