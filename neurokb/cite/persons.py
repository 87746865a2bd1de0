"""Person names in each output format; one place decides literal (organisation) handling."""

from __future__ import annotations

from neurokb.cite.latex import encode
from neurokb.core.models import Person


def bib_name(person: Person) -> str:
    """``Zenke, Friedemann``, ``Howard, III, Matthew A.``; an organisation in extra braces.

    BibTeX parses ``van Rossum, Mark`` correctly (lower-case ``van`` is the "von" part), so
    particles need no special treatment; an organisation must be braced or BibTeX would split
    ``Allen Institute`` into a given and a family name.
    """
    if person.literal:
        return "{" + encode(person.literal) + "}"
    parts = [person.family, person.suffix, person.given] if person.suffix else [
        person.family, person.given]  # fmt: skip
    return ", ".join(encode(part) for part in parts if part)


def bib_names(people: list[Person]) -> str:
    return " and ".join(bib_name(person) for person in people)


def csl_name(person: Person) -> dict[str, str]:
    if person.literal:
        return {"literal": person.literal}
    name = {"family": person.family, "given": person.given, "suffix": person.suffix}
    return {key: value for key, value in name.items() if value}


def ris_name(person: Person) -> str:
    """RIS wants ``Family, Given, Suffix`` (RIS spec 2011, AU tag)."""
    if person.literal:
        return person.literal
    return ", ".join(part for part in (person.family, person.given, person.suffix) if part)
