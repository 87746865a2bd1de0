"""A paper the models would keep as it is, built without running Pydantic.

Validating a paper with :meth:`Paper.model_validate` was a fifth of a first index build's
worker time, and nearly every entry of a library is already in the form the models keep:
ints that are ints, dates that are dates, canonical identifiers, names written "Family,
Given". For such an entry, :func:`paper_if_unchanged` checks each value against the same rules
the model applies (the same normalisers, the same markup checks), does the only changes it can
do exactly as the model does (white space stripped from text and squashed in it, a name split
at its commas, a type name made its enum member), and builds the model from the values
directly, nested models too.

The check is deliberately narrow: anything it is not sure of (a type Pydantic would coerce, an
identifier a normaliser would rewrite, an unknown key, a missing field) answers None, and the
caller validates as before, so every error, and every other change, comes from Pydantic. Tests
compare the two paths on many random and mutated entries; a field added to the models is not
in :data:`_PAPER` and sends its entries to Pydantic until it is.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from typing import Any

from neurokb.core import normalize, safemarkdown, titlemarkup
from neurokb.core.models import (
    _SUFFIXES,
    Correction,
    Equation,
    Paper,
    PaperType,
    Person,
)

__all__ = ["paper_if_unchanged"]

# Stricter than the models' patterns (``\Z`` for the alias's ``$``): enough for what they keep.
_KEY = re.compile(r"[a-z0-9][a-z0-9_-]*\Z")
# A list of keys joined by newlines (which no key holds): one match checks them all.
_KEYS = re.compile(r"[a-z0-9][a-z0-9_-]*(?:\n[a-z0-9][a-z0-9_-]*)*\Z")
_ALIAS = re.compile(r"[^\s,{}()\"#%'=\\~]+\Z")
_TYPES: dict[str, PaperType] = {member.value: member for member in PaperType}


class _Changed(Exception):
    """A value the models would change or refuse: validate the entry with Pydantic."""


def _text(value: Any) -> str:
    """``Text``: white space squashed, as the model does, and not empty.

    The model strips (``str_strip_whitespace``, Unicode's white space) and then squashes
    (Python's, a superset): squashing alone gives the same text.
    """
    if type(value) is not str:
        raise _Changed
    text = " ".join(value.split())
    if not text:
        raise _Changed
    return text


def _markdown_plain(value: Any) -> str:
    """``Markdown``: stripped, as the model does, and not empty.

    The model strips twice (``str_strip_whitespace``, Unicode's white space, then
    ``str.strip``, a superset): ``str.strip`` alone gives the same text. A summary written as
    a YAML block ends with a newline, which this strips.
    """
    if type(value) is not str:
        raise _Changed
    text = value.strip()
    if not text:
        raise _Changed
    return text


def _markdown(value: Any) -> str:
    """``SafeMarkdown``: :func:`_markdown_plain`, with no markup outside the subset."""
    text = _markdown_plain(value)
    if safemarkdown.check(text):
        raise _Changed
    return text


def _title(value: Any) -> str:
    text = _text(value)
    try:
        titlemarkup.check(text)
    except ValueError:
        raise _Changed from None
    return text


def _pages(value: Any) -> str:
    text = _text(value)
    if "–" in text or "--" in text:  # Paper._en_dash would rewrite them
        raise _Changed
    return text


def _key(value: Any) -> str:
    if type(value) is not str or not _KEY.match(value):
        raise _Changed
    return value


def _keys(value: Any) -> list[str]:
    """A list of keys, checked in one pass in C (a paper cites a dozen)."""
    if type(value) is not list:
        raise _Changed
    if value:
        if set(map(type, value)) != {str}:
            raise _Changed
        joined = "\n".join(value)  # a key with a newline of its own would pass as two
        if joined.count("\n") != len(value) - 1 or not _KEYS.match(joined):
            raise _Changed
    return value[:]


def _alias(value: Any) -> str:
    if type(value) is not str or not _ALIAS.match(value):
        raise _Changed
    return value


def _normalised(func: Callable[[str], str], canonical: str = r"(?!)") -> Callable[[Any], str]:
    """An identifier its normaliser returns as it is (so already stripped, already canonical).

    ``canonical`` matches a subset of the canonical forms (no prefix, no upper case, no
    space), which the normaliser is then known to return as they are, without calling it.
    """
    known = re.compile(canonical).match

    def check(value: Any) -> str:
        if type(value) is not str:
            raise _Changed
        if known(value):
            return value
        try:
            same = func(value) == value
        except ValueError:
            raise _Changed from None
        if not same:
            raise _Changed
        return value

    return check


def _year(value: Any) -> int:
    if type(value) is not int or not 1600 <= value <= 2100:
        raise _Changed
    return value


def _month(value: Any) -> int:
    if type(value) is not int or not 1 <= value <= 12:
        raise _Changed
    return value


def _date(value: Any) -> dt.date:
    if type(value) is not dt.date:  # not a datetime, not a string Pydantic would parse
        raise _Changed
    return value


def _bool(value: Any) -> bool:
    if type(value) is not bool:
        raise _Changed
    return value


def _type(value: Any) -> PaperType:
    if type(value) is not str or (member := _TYPES.get(value)) is None:
        raise _Changed
    return member


def _list(check: Callable[[Any], Any]) -> Callable[[Any], list[Any]]:
    def each(value: Any) -> list[Any]:
        if type(value) is not list:
            raise _Changed
        return [check(item) for item in value]

    return each


def _stripped(value: Any) -> str:
    """A plain ``str`` field of a model with ``str_strip_whitespace``: already stripped."""
    if type(value) is not str or value.strip() != value:
        raise _Changed
    return value


class _Shape:
    """How to check and build one model: a check per field, the fields that may be None,
    and the defaults of those not given, in the model's field order."""

    def __init__(
        self, model: type, checks: dict[str, Callable[[Any], Any]], optional: frozenset[str]
    ) -> None:
        fields = model.model_fields
        if unknown := (checks.keys() | optional) - fields.keys():
            raise TypeError(f"{model.__name__} has no field {sorted(unknown)}")
        self.model = model
        self.checks = checks
        self.optional = optional
        self.required = frozenset(n for n, info in fields.items() if info.is_required())
        self.template = {n: None if info.is_required() else info.default
                         for n, info in fields.items()}  # fmt: skip
        self.factories = tuple(
            (n, info.default_factory) for n, info in fields.items() if info.default_factory
        )

    def fields(self, data: Any) -> dict[str, Any]:
        """Each value of ``data`` as the model keeps it; an unknown key is Pydantic's."""
        if type(data) is not dict:
            raise _Changed
        checks, optional = self.checks, self.optional
        out = {}
        for name, value in data.items():
            if value is None and name in optional:
                out[name] = None
                continue
            check = checks.get(name) if type(name) is str else None
            if check is None:
                raise _Changed
            out[name] = check(value)
        return out

    def build(self, fields: dict[str, Any]) -> Any:
        """The model of checked values, as Pydantic leaves it: the fields in order, the
        defaults filled in, and the fields set those the data gave."""
        if not self.required <= fields.keys():
            raise _Changed  # a field is missing: Pydantic's error
        values = self.template.copy()
        values.update(fields)  # keeps the template's order
        for name, factory in self.factories:
            if name not in fields:
                values[name] = factory()
        return _made(self.model, values, set(fields))


def _made(model: type, values: dict[str, Any], fields_set: set[str]) -> Any:
    """A model of its field values in order, as :func:`neurokb.core.models._unpickled` makes
    one (and Pydantic's ``model_construct``): no extra fields, no private attributes."""
    made = model.__new__(model)
    _set(made, "__dict__", values)
    _set(made, "__pydantic_fields_set__", fields_set)
    _set(made, "__pydantic_extra__", None)
    _set(made, "__pydantic_private__", None)
    return made


_set = object.__setattr__
_PERSON = _Shape(
    Person,
    {"family": _stripped, "given": _stripped, "suffix": _stripped, "literal": _stripped,
     "orcid": _normalised(normalize.normalize_orcid)},
    frozenset({"orcid"}),
)  # fmt: skip


def _people(value: Any) -> list[Person]:
    """Authors or editors: each name as :meth:`Person._from_string` splits it, or a mapping
    of stripped fields (the loop is inline: most papers list several names)."""
    if type(value) is not list:
        raise _Changed
    people = []
    for name in value:
        if type(name) is not str:
            people.append(_person(name))
            continue
        parts = name.split(",")
        if len(parts) == 2:
            family, given = parts[0].strip(), parts[1].strip()
            if family and given:
                values = {"family": family, "given": given, "suffix": "", "literal": "",
                          "orcid": None}  # fmt: skip
                people.append(_made(Person, values, {"family", "given"}))
                continue
        elif len(parts) == 3:
            family, suffix, given = (part.strip() for part in parts)
            if family and given and suffix and suffix.lower() in _SUFFIXES:
                values = {"family": family, "given": given, "suffix": suffix, "literal": "",
                          "orcid": None}  # fmt: skip
                people.append(_made(Person, values, {"family", "suffix", "given"}))
                continue
        raise _Changed
    return people


def _person(value: Any) -> Person:
    """A person given as a mapping: its fields already stripped, a name it can be cited by."""
    fields = _PERSON.fields(value)
    family, literal = fields.get("family", ""), fields.get("literal", "")
    if not (family or literal) or (literal and (family or fields.get("given", ""))):
        raise _Changed  # Person._has_name refuses it
    return _PERSON.build(fields)


_EQUATION = _Shape(Equation, {"latex": _markdown_plain, "caption": _text}, frozenset({"caption"}))
_CORRECTION = _Shape(
    Correction,
    {"field": _text, "source_value": _text, "value": _text, "source": _text, "note": _text},
    frozenset({"note"}),
)


def _nested(shape: _Shape) -> Callable[[Any], Any]:
    return lambda value: shape.build(shape.fields(value))


_PAPER = _Shape(
    Paper,
    {
        "key": _key,
        "ids": _list(_alias),
        "title": _title,
        "authors": _people,
        "et_al": _bool,
        "year": _year,
        "month": _month,
        "type": _type,
        "genre": _text,
        "venue": _text,
        "volume": _text,
        "issue": _text,
        "pages": _pages,
        "publisher": _text,
        "location": _text,
        "edition": _text,
        "series": _text,
        "editors": _people,
        "isbn": _text,
        "doi": _normalised(normalize.normalize_doi, r"10\.[0-9]{4,9}/[-._;()/:a-z0-9]+\Z"),
        "arxiv": _normalised(normalize.normalize_arxiv, r"[0-9]{2}(?:0[1-9]|1[0-2])\.[0-9]{4,5}\Z"),
        "pmid": _normalised(normalize.normalize_pmid),
        "url": _normalised(normalize.normalize_url),
        "urldate": _date,
        "language": _text,
        "keywords": _list(_text),
        "topics": _keys,
        "cites": _keys,
        "implementations": _keys,
        "summary": _markdown,
        "abstract": _markdown,
        "notes": _markdown,
        "corrections": _list(_nested(_CORRECTION)),
        "equations": _list(_nested(_EQUATION)),
        "added": _date,
    },
    # The fields typed ``X | None``: None is kept as None.
    frozenset({"month", "genre", "venue", "volume", "issue", "pages", "publisher", "location",
               "edition", "series", "isbn", "doi", "arxiv", "pmid", "url", "urldate",
               "language", "summary", "abstract", "notes", "added"}),
)  # fmt: skip


def paper_if_unchanged(data: dict[Any, Any]) -> Paper | None:
    """The :class:`Paper` that ``Paper.model_validate(data)`` would return, when the data is
    already in exactly the form the model keeps; None when Pydantic must decide."""
    try:
        fields = _PAPER.fields(data)
        if not fields.get("authors") and not fields.get("editors"):
            return None  # Paper._has_creator refuses it
        return _PAPER.build(fields)
    except _Changed:
        return None
