"""Records from CSL-JSON (Zotero, pandoc, our own ``neurokb export --format csl-json``).

The inverse of :mod:`neurokb.cite.csl`: CSL types map back through the same type table, and
a ``non-dropping-particle`` ("van") rejoins the family name as our entries write it. The
item's ``id`` (or ``citation-key``) is the source key the import keeps; a final name
``{"literal": "others"}`` is the et-al marker; rich text in the title (``<i>``,
``<span class="nocase">``) becomes the title markup of :mod:`neurokb.core.titlemarkup`.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from typing import Any

from neurokb.cite.latex import canonical_title
from neurokb.cite.types import CSL_GENRE, KINDS
from neurokb.core import titlemarkup
from neurokb.core.models import ALIAS_PATTERN, PaperType
from neurokb.importers.authors import organisation, person
from neurokb.importers.records import ImportFailed, Record, SourceProblem

_ALIAS = re.compile(ALIAS_PATTERN)
_ARXIV_NOTE = re.compile(r"^arxiv:\s*(\S+)\s*$", re.IGNORECASE | re.MULTILINE)
# A kind told apart only by its CSL genre (a course is a "webpage" with genre "Online course")
# is never the default for its CSL type.
_BY_CSL = {kind.csl: (paper_type, kind) for paper_type, kind in reversed(KINDS.items())
           if paper_type not in CSL_GENRE}  # fmt: skip
_BY_CSL["post"] = _BY_CSL["post-weblog"]
_BY_GENRE = {genre.lower(): paper_type for paper_type, genre in CSL_GENRE.items()}


class _Shape(ValueError):
    """A field of an item that is not the CSL-JSON shape (the message says which and how)."""


def _people(items: Any, field: str) -> tuple[list[Any], bool]:
    """The names and whether the list ended with the et-al marker ``{"literal": "others"}``."""
    if not isinstance(items, list):
        raise _Shape(f"'{field}' must be a list of names ({{...}}), not {_kind(items)}")
    out = []
    et_al = bool(items) and items[-1] == {"literal": "others"}
    for item in items[:-1] if et_al else items:
        if not isinstance(item, dict):
            raise _Shape(f"'{field}' must hold names ({{...}}), not {_kind(item)}")
        if item.get("literal"):
            out.append(organisation(item["literal"]))
        else:
            family = " ".join(filter(None, [item.get("non-dropping-particle"), item["family"]]))
            given = " ".join(filter(None, [item.get("given"), item.get("dropping-particle")]))
            out.append(person(family, given, item.get("suffix", "")))
    return out, et_al


def _title(text: Any) -> Any:
    if not isinstance(text, str):
        return text
    title = titlemarkup.from_csl(text)
    try:
        titlemarkup.parse(title)
    except ValueError:  # a lone "$" is a dollar, not math
        title = title.replace("$", "\\$")
    return canonical_title(title)


def _number(item: dict[str, Any], paper_type: PaperType) -> tuple[str | None, str | None]:
    """CSL ``number``: an arXiv id, a report's number (our issue) or an article number."""
    number = str(item.get("number", "") or "")
    if not number or number.startswith("arXiv:"):
        return None, None
    if paper_type is PaperType.REPORT:
        return number, None
    return None, number


def _source_key(item: dict[str, Any]) -> str:
    """``citation-key``, else an ``id`` that looks like one (not Zotero's item URIs)."""
    key = str(item.get("citation-key") or item.get("id") or "")
    return key if _ALIAS.match(key) and "/" not in key and not key.isdigit() else ""


def _accessed(item: dict[str, Any]) -> dt.date | None:
    parts = ((item.get("accessed") or {}).get("date-parts") or [[]])[0]
    try:
        return dt.date(*(int(p) for p in parts)) if len(parts) == 3 else None
    except (TypeError, ValueError):
        return None


def record_from_item(item: dict[str, Any], origin: str) -> Record:
    paper_type, kind = _BY_CSL.get(item.get("type", ""), (PaperType.MISC, KINDS[PaperType.MISC]))
    paper_type = _BY_GENRE.get(str(item.get("genre", "")).lower(), paper_type)
    kind = KINDS[paper_type]
    parts = (item.get("issued") or {}).get("date-parts") or [[]]
    number = str(item.get("number", ""))
    authors, authors_et_al = _people(item.get("author", []), "author")
    editors, editors_et_al = _people(item.get("editor", []), "editor")
    issue_number, article_number = _number(item, paper_type)
    keywords = [k.strip() for k in re.split(r"[,;]", str(item.get("keyword", ""))) if k.strip()]
    data = {
        "ids": [_source_key(item)],
        "title": _title(item.get("title")),
        "authors": authors,
        "et_al": authors_et_al if authors else editors_et_al,
        "year": parts[0][0] if parts[0] else None,
        "month": parts[0][1] if len(parts[0]) > 1 else None,
        "type": paper_type.value,
        "genre": item.get("genre") if paper_type not in _BY_GENRE.values() else None,
        "venue": item.get(kind.csl_venue),
        "volume": item.get("volume"),
        "issue": item.get("issue") or issue_number,
        "pages": item.get("page") or article_number,
        "publisher": item.get("publisher") if kind.csl_venue != "publisher" else None,
        "location": item.get("publisher-place"),
        "edition": item.get("edition"),
        "series": item.get("collection-title") if kind.csl_venue != "collection-title" else None,
        "editors": editors,
        "isbn": item.get("ISBN"),
        "doi": item.get("DOI"),
        "arxiv": number.removeprefix("arXiv:") if number.startswith("arXiv:") else None,
        "pmid": item.get("PMID"),
        "url": item.get("URL") if "arxiv.org/abs/" not in str(item.get("URL", "")) else None,
        "urldate": _accessed(item),
        "language": item.get("language"),
        "keywords": keywords,
        "abstract": item.get("abstract"),
    }
    if not data["arxiv"] and "arxiv.org/abs/" in str(item.get("URL", "")):
        data["arxiv"] = str(item["URL"]).split("arxiv.org/abs/")[1]
    if not data["arxiv"] and (match := _ARXIV_NOTE.search(str(item.get("note", "")))):
        data["arxiv"] = match.group(1)
    data = {k: str(v) if k in {"volume", "issue", "pages", "edition"} else v
            for k, v in data.items() if v and v != [""]}  # fmt: skip
    return Record(data, origin, f"item {item.get('id', '?')}", key=data.get("ids", [""])[0])


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
