"""Turning Pydantic validation errors into contributor-facing problems with rule codes.

Rewording is keyed on the error ``type`` (``missing``, ``extra_forbidden``, ``int_parsing``,
our own ``doi_format`` ...), never on Pydantic's message text, so an upgrade of Pydantic cannot
silently change what contributors read. Each error's ``loc`` is mapped back to a line and column
through the :class:`~neurokb.load.yamlsrc.Document` marks; a missing field points at its parent.
"""

from __future__ import annotations

import re
from typing import Any

from pydantic import BaseModel, ValidationError

from neurokb.core.errors import Problem, did_you_mean
from neurokb.core.models import Equation, Person
from neurokb.load.yamlsrc import Document

_CUSTOM_CODES = {
    "doi_format": "NKB014",
    "arxiv_format": "NKB015",
    "url_format": "NKB016",
    "person_name": "NKB017",
    "pmid_format": "NKB018",
}

_EXPECTED = {
    "int_parsing": "a whole number",
    "int_type": "a whole number",
    "int_from_float": "a whole number",
    "float_parsing": "a number",
    "float_type": "a number",
    "string_type": "text",
    "list_type": "a list (lines starting with '- ')",
    "dict_type": "a mapping (indented 'field: value' lines)",
    "model_type": "a mapping (indented 'field: value' lines)",
    "model_attributes_type": "a mapping (indented 'field: value' lines)",
    "bool_type": "true or false",
    "bool_parsing": "true or false",
    "date_type": "a date written YYYY-MM-DD",
    "date_parsing": "a date written YYYY-MM-DD",
    "date_from_datetime_parsing": "a date written YYYY-MM-DD",
    "date_from_datetime_inexact": "a date written YYYY-MM-DD",
}

# Where an unknown field sits, to suggest the field the contributor meant.
_NESTED_MODELS: dict[str, type[BaseModel]] = {
    "authors": Person,
    "editors": Person,
    "equations": Equation,
}


def field_path(loc: tuple[Any, ...]) -> str:
    """``('authors', 2, 'family')`` -> ``authors[2].family``."""
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else str(part)
    return out


def _clean_loc(loc: tuple[Any, ...]) -> tuple[Any, ...]:
    # Pydantic inserts validator names such as 'function-after[...]' into loc for some errors.
    return tuple(p for p in loc if isinstance(p, int) or "[" not in str(p))


# Number forms of YAML 1.1 that the reader keeps as text (see yamlsrc._Walker._scalar), with
# how to read each one, for the hint.
_YAML11_FORMS = (
    (re.compile(r"([-+]?)0x([0-9a-f_]+)\Z", re.I), "hexadecimal", 16),
    (re.compile(r"([-+]?)0o([0-7_]+)\Z", re.I), "octal", 8),
    (re.compile(r"([-+]?)0b([01_]+)\Z", re.I), "binary", 2),
    (re.compile(r"([-+]?)([0-9][0-9_]*(?::[0-5]?[0-9])+)\Z"), "base 60", 60),
)


def yaml11_number_hint(name: str, value: Any) -> str:
    """A hint for a number written in a YAML 1.1 form (``0x7E0``, ``0o17``, ``33:36``), or ''."""
    if not isinstance(value, str):
        return ""
    for pattern, base_name, base in _YAML11_FORMS:
        if match := pattern.match(value.strip()):
            sign, digits = match.groups()
            if base == 60:
                number = 0
                for part in digits.replace("_", "").split(":"):
                    number = number * 60 + int(part)
            else:
                number = int(digits.replace("_", ""), base)
            number = -number if sign == "-" else number
            return (
                f"'{value}' is {number} written in {base_name} in some YAML versions and text in "
                f"others; write the number in decimal digits, e.g. {name}: {number}"
            )
    return ""


def _show(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def problems_from_validation(
    exc: ValidationError, doc: Document, path: str, model: type[BaseModel]
) -> list[Problem]:
    """One problem per Pydantic error, each positioned and worded by its error type."""
    problems = []
    for error in exc.errors(include_url=False):
        loc = _clean_loc(tuple(error["loc"]))
        kind = error["type"]
        name = field_path(loc)
        hint = ""
        if kind == "missing":
            code, message = "NKB010", f"missing required field '{name}'"
            line, column = doc.position(loc[:-1])
        elif kind == "no_creator":  # a model-level rule: authors, or editors for an edited work
            code, message, name = "NKB010", "missing required field 'authors'", "authors"
            hint = "list the authors; for an edited book or proceedings, list 'editors' instead"
            line, column = doc.position(loc)
        elif kind == "extra_forbidden":
            code = "NKB011"
            message = f"unknown field '{name}'"
            owner = _owner_model(loc, model)
            guesses = did_you_mean(str(loc[-1]), list(owner.model_fields))
            allowed = ", ".join(f for f in owner.model_fields if f not in {"key", "id"})
            hint = f"did you mean '{guesses[0]}'?" if guesses else f"known fields: {allowed}"
            line, column = doc.position(loc, key=True)
        elif kind == "markdown_subset":
            code, message = "NKB032", f"'{name}': {error['msg']}"
            ctx = error.get("ctx", {})
            hint = ctx.get("nkb_hint", "")
            line, column = _text_position(doc, loc, ctx)
        elif kind in _CUSTOM_CODES:
            code, message = _CUSTOM_CODES[kind], f"'{name}': {error['msg']}"
            line, column = doc.position(loc)
        elif kind in _EXPECTED:
            code = "NKB012"
            message = f"'{name}' must be {_EXPECTED[kind]} (got {_show(error.get('input'))})"
            hint = yaml11_number_hint(name, error.get("input")) if kind == "int_parsing" else ""
            line, column = doc.position(loc)
        elif kind == "enum":
            code = "NKB013"
            allowed = error.get("ctx", {}).get("expected", "")
            message = f"'{name}' must be one of {allowed} (got {_show(error.get('input'))})"
            line, column = doc.position(loc)
        elif kind in {"too_short", "string_too_short"}:
            code, message = "NKB013", f"'{name}' must not be empty"
            line, column = doc.position(loc)
        else:
            code = "NKB013"
            message = f"'{name}': {error['msg']} (got {_show(error.get('input'))})"
            line, column = doc.position(loc)
        problems.append(Problem(code, message, path, line, column, name, hint))
    return problems


def _text_position(doc: Document, loc: tuple[Any, ...], ctx: dict[str, Any]) -> tuple[int, int]:
    """Where refused markup stands in the file: the same occurrence of its snippet, searched
    from the start of the field's value (exact for block, folded and quoted text alike unless
    YAML folding split the snippet); the value's own position when it cannot be found."""
    line, column = doc.position(loc)
    snippet, occurrence = str(ctx.get("nkb_snippet", "")), int(ctx.get("nkb_occurrence", 0))
    if not snippet or not doc.text:
        return line, column
    lines = doc.text.split("\n")
    index = sum(len(text) + 1 for text in lines[: line - 1]) + column - 1
    for _ in range(occurrence + 1):
        found = doc.text.find(snippet, index)
        if found < 0:
            return line, column
        index = found + len(snippet)
    start = doc.text.rfind("\n", 0, found) + 1
    return doc.text.count("\n", 0, found) + 1, found - start + 1


def _owner_model(loc: tuple[Any, ...], model: type[BaseModel]) -> type[BaseModel]:
    if len(loc) >= 3 and loc[0] in _NESTED_MODELS:
        return _NESTED_MODELS[str(loc[0])]
    return model
