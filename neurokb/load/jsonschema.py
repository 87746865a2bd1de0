"""JSON Schema for entry files, for editors (yaml-language-server) and external tools.

Generated from the Pydantic models, then adjusted to describe the *file* rather than the model:
the key/id comes from the file name, and a person may be written as a "Family, Given" string.
The generated schemas are also committed under ``neurokb/schemas/`` so that the
``# yaml-language-server: $schema=../../neurokb/schemas/paper.schema.json`` line in an entry
works in an editor without running anything; a test keeps the two in sync.
"""

from __future__ import annotations

import copy
import json
from typing import Any

from neurokb.core.models import Paper, Topic

SCHEMA_LINE = "# yaml-language-server: $schema=../../neurokb/schemas/{kind}.schema.json"
_MODELS = {"paper": (Paper, "key"), "topic": (Topic, "id")}

_PERSON_STRING = {
    "type": "string",
    "pattern": r"^[^,]+,( *(Jr\.?|Sr\.?|II|III|IV|V) *,)? *[^,]+$",
    "description": "'Family, Given' or 'Family, Suffix, Given'",
}


def entry_schema(kind: str) -> dict[str, Any]:
    """The JSON Schema of a ``paper`` or ``topic`` file."""
    model, id_field = _MODELS[kind]
    schema = copy.deepcopy(model.model_json_schema())
    schema["properties"].pop(id_field, None)
    schema["required"] = [name for name in schema.get("required", []) if name != id_field]
    schema["$id"] = f"https://neurokb.org/schemas/{kind}.schema.json"
    schema["title"] = f"neurokb {kind} entry"
    schema["additionalProperties"] = False
    person = schema.get("$defs", {}).get("Person")
    if person is not None:
        schema["$defs"]["Person"] = {"anyOf": [_PERSON_STRING, person], "title": "Person"}
    return schema


def schema_text(kind: str) -> str:
    return json.dumps(entry_schema(kind), indent=2, ensure_ascii=False) + "\n"
