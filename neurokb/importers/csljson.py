"""Records from CSL-JSON (Zotero, pandoc, our own ``neurokb export --format csl-json``).

The inverse of :mod:`neurokb.cite.csl`: CSL types map back through the same type table, and
a ``non-dropping-particle`` ("van") rejoins the family name as our entries write it.
"""

from __future__ import annotations

import json
import re
from typing import Any

from neurokb.cite.types import CSL_GENRE, KINDS
from neurokb.importers.names import organisation, person
from neurokb.importers.records import ImportFailed, Record, SourceProblem
from neurokb.models import PaperType

_ARXIV_NOTE = re.compile(r"^arxiv:\s*(\S+)\s*$", re.IGNORECASE | re.MULTILINE)
_BY_CSL = {kind.csl: (paper_type, kind) for paper_type, kind in reversed(KINDS.items())}
_BY_CSL["post"] = _BY_CSL["post-weblog"]
_BY_GENRE = {genre.lower(): paper_type for paper_type, genre in CSL_GENRE.items()}


class _Shape(ValueError):
    """A field of an item that is not the CSL-JSON shape (the message says which and how)."""


def _people(items: Any, field: str) -> list[Any]:
    if not isinstance(items, list):
        raise _Shape(f"'{field}' must be a list of names ({{...}}), not {_kind(items)}")
    out = []
    for item in items:
        if not isinstance(item, dict):
            raise _Shape(f"'{field}' must hold names ({{...}}), not {_kind(item)}")
        if item.get("literal"):
            out.append(organisation(item["literal"]))
        else:
            family = " ".join(filter(None, [item.get("non-dropping-particle"), item["family"]]))
            given = " ".join(filter(None, [item.get("given"), item.get("dropping-particle")]))
            out.append(person(family, given, item.get("suffix", "")))
    return out


def record_from_item(item: dict[str, Any], origin: str) -> Record:
    paper_type, kind = _BY_CSL.get(item.get("type", ""), (PaperType.MISC, KINDS[PaperType.MISC]))
    paper_type = _BY_GENRE.get(str(item.get("genre", "")).lower(), paper_type)
    kind = KINDS[paper_type]
    parts = (item.get("issued") or {}).get("date-parts") or [[]]
    number = str(item.get("number", ""))
    data = {
        "title": item.get("title"),
        "authors": _people(item.get("author", []), "author"),
        "year": parts[0][0] if parts[0] else None,
        "month": parts[0][1] if len(parts[0]) > 1 else None,
        "type": paper_type.value,
        "venue": item.get(kind.csl_venue),
        "volume": item.get("volume"),
        "issue": item.get("issue"),
        "pages": item.get("page"),
        "publisher": item.get("publisher") if kind.csl_venue != "publisher" else None,
        "editors": _people(item.get("editor", []), "editor"),
        "isbn": item.get("ISBN"),
        "doi": item.get("DOI"),
        "arxiv": number.removeprefix("arXiv:") if number.startswith("arXiv:") else None,
        "pmid": item.get("PMID"),
        "url": item.get("URL") if "arxiv.org/abs/" not in str(item.get("URL", "")) else None,
    }
    if not data["arxiv"] and "arxiv.org/abs/" in str(item.get("URL", "")):
        data["arxiv"] = str(item["URL"]).split("arxiv.org/abs/")[1]
    if not data["arxiv"] and (match := _ARXIV_NOTE.search(str(item.get("note", "")))):
        data["arxiv"] = match.group(1)
    data = {k: str(v) if k in {"volume", "issue", "pages"} else v for k, v in data.items() if v}
    return Record(data, origin, f"item {item.get('id', '?')}")


def parse(text: str, origin: str) -> tuple[list[Record], list[SourceProblem]]:
    """Records from a CSL-JSON document (a list of items, or one item).

    A file that is not that shape fails as a whole; an item that cannot be read is one problem
    naming the item, and the other items are still imported.
    """
    hint = "export CSL-JSON again (Zotero: Export > CSL JSON), a list of {...} items"
    try:
        items = json.loads(text)
    except (ValueError, RecursionError) as exc:
        raise ImportFailed(f"{origin} is not JSON ({exc})", hint) from None
    if isinstance(items, dict):
        items = [items]
    if not isinstance(items, list):
        raise ImportFailed(
            f"{origin} is not CSL-JSON: a list of items was expected, not {_kind(items)}", hint
        )
    records, problems = [], []
    for index, item in enumerate(items):
        where = f"{origin} item {index}"
        if not isinstance(item, dict):
            problems.append(SourceProblem(where, f"is {_kind(item)}, not an item ({{...}})"))
            continue
        try:
            records.append(record_from_item(item, origin))
        except KeyError as exc:
            problems.append(SourceProblem(where, f"cannot be read: no {exc} field where needed"))
        except _Shape as exc:
            problems.append(SourceProblem(where, f"cannot be read: {exc}"))
        except (TypeError, AttributeError, IndexError, ValueError) as exc:
            problems.append(
                SourceProblem(where, f"cannot be read: a field has the wrong shape ({exc})")
            )
    return records, problems


def _kind(value: Any) -> str:
    """``a number``, ``text``, ``null``: what a JSON value is, in words."""
    names = {bool: "true or false", int: "a number", float: "a number", str: "text",
             list: "a list", dict: "an item", type(None): "null"}  # fmt: skip
    return names.get(type(value), type(value).__name__)
