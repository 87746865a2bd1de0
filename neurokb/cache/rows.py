"""Entries and problems to index rows and back, without validating twice.

An entry is stored as the JSON of ``model_dump(mode="json")`` of the *validated* model, so it
is already normalised; reading it back uses ``model_construct``, which trusts the data and
skips every validator. That is safe only because the index is rebuilt whenever the code that
validates changes (see :func:`neurokb.cache.db.code_fingerprint`).

``model_construct`` does not recurse, so nested models, enums and dates are rebuilt by a
converter derived once per model class from its field annotations: a field added to a model
needs no change here.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import enum
import json
import types
import typing
from collections.abc import Callable
from functools import cache
from typing import Any

from pydantic import BaseModel

from neurokb.cache.packing import pack
from neurokb.core.errors import Problem
from neurokb.core.models import Paper, Topic

MODELS: dict[str, type[Paper] | type[Topic]] = {"papers": Paper, "topics": Topic}

Convert = Callable[[Any], Any]


def dump_entry(entry: BaseModel, key: str = "") -> bytes:
    """The JSON form of ``model_dump(mode="json")``, written by Pydantic's serializer in one
    call (a quarter of the time of dumping and encoding in Python), packed for ``entries``
    (the view ``files`` gives it back as text; ``key``, the file name's, is left out)."""
    return pack(entry.model_dump_json(), key)


def load_entry(kind: str, text: str) -> Paper | Topic:
    """The entry of a ``files.entry`` text (already unpacked by the view)."""
    return construct(MODELS[kind], json.loads(text))


def construct(model: type[BaseModel], data: dict[str, Any]) -> Any:
    """``model`` built from the JSON form of a validated instance, with no validation."""
    converters = _converters(model)
    values = {
        name: (converters[name](value) if name in converters and value is not None else value)
        for name, value in data.items()
    }
    return model.model_construct(**values)


@cache
def _converters(model: type[BaseModel]) -> dict[str, Convert]:
    """For each field whose JSON form differs from its Python form, how to convert it back."""
    out = {}
    for name, info in model.model_fields.items():
        convert = _converter(info.annotation)
        if convert is not None:
            out[name] = convert
    return out


def _converter(annotation: Any) -> Convert | None:
    origin, args = typing.get_origin(annotation), typing.get_args(annotation)
    if origin is typing.Annotated:
        return _converter(args[0])
    if origin in (typing.Union, types.UnionType):
        inner = [arg for arg in args if arg is not type(None)]
        return _converter(inner[0]) if len(inner) == 1 else None
    if origin is list:
        item = _converter(args[0]) if args else None
        return (lambda values: [item(v) for v in values]) if item else None
    if isinstance(annotation, type):
        if issubclass(annotation, BaseModel):
            return lambda value, model=annotation: construct(model, value)
        if issubclass(annotation, enum.Enum):
            return annotation
        if issubclass(annotation, dt.date):
            return dt.date.fromisoformat
    return None


def dump_problems(problems: list[Problem]) -> str:
    if not problems:  # nearly every file: what json.dumps gives, without its call
        return "[]"
    return json.dumps([dataclasses.astuple(p) for p in problems], ensure_ascii=False)


def load_problems(text: str) -> list[Problem]:
    return [Problem(*fields) for fields in json.loads(text)]
