"""A paper as the terminal views read it, over its stored JSON form: no Pydantic model.

Importing the models costs about 0.17 s, more than a warm ``show``, ``search``, ``list`` or
``related`` at 100k papers may take in all. Answers from the index therefore hand the faces a
:class:`PaperView` over the entry's ``model_dump(mode="json")`` form (what the index stores),
with the few attributes the views read. The name and label rules live here, once, and the
models use them too (:attr:`neurokb.core.models.Person.display`,
:attr:`~neurokb.core.models.Paper.label`).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any


def display_name(family: str, given: str, suffix: str | None, literal: str | None) -> str:
    """``Friedemann Zenke``; ``Matthew A. Howard III``; an organisation's name as written."""
    if literal:
        return literal
    name = " ".join(part for part in (given, family) if part)
    return f"{name} {suffix}".strip() if suffix else name


def inverted_name(family: str, given: str, suffix: str | None, literal: str | None) -> str:
    """``Zenke, Friedemann`` — the canonical YAML string form."""
    if literal:
        return literal
    parts = [family, suffix, given] if suffix else [family, given]
    return ", ".join(part for part in parts if part)


def label_of(families: Sequence[str], et_al: bool, year: int) -> str:
    """Short human label: ``Zenke & Ganguli 2018`` / ``Hassabis et al. 2017``."""
    if len(families) == 1 and not et_al:
        who = families[0]
    elif len(families) == 2 and not et_al:
        who = f"{families[0]} & {families[1]}"
    else:
        who = f"{families[0]} et al."
    return f"{who} {year}"


class PaperView:
    """The read side of a :class:`~neurokb.core.models.Paper`, over its JSON form ``data``.

    Offers what the faces read: the fields by name, :attr:`label`, :attr:`author_names` and
    ``model_dump(mode="json")`` (the data itself, for :mod:`neurokb.core.serialize`).
    """

    __slots__ = ("data",)

    def __init__(self, data: Mapping[str, Any]) -> None:
        self.data = data

    def __getattr__(self, name: str) -> Any:
        try:
            return self.data.get(name)
        except AttributeError:  # during copy/pickle, before __init__
            raise AttributeError(name) from None

    def __repr__(self) -> str:
        return f"PaperView({self.data.get('key')!r})"

    def model_dump(self, mode: str = "json") -> dict[str, Any]:
        """The JSON form, as ``Paper.model_dump(mode="json")`` gives it."""
        return dict(self.data)

    @property
    def creators(self) -> list[Mapping[str, Any]]:
        return list(self.data.get("authors") or self.data.get("editors") or ())

    @property
    def label(self) -> str:
        families = [c.get("family") or c.get("literal") or "" for c in self.creators]
        return label_of(families, bool(self.data.get("et_al")), self.data["year"])

    @property
    def author_names(self) -> list[str]:
        """Each author as "Given Family"."""
        return [person_display(a) for a in self.data.get("authors") or ()]


def person_display(person: Mapping[str, Any]) -> str:
    """:func:`display_name` of a person's JSON form."""
    return display_name(
        person.get("family") or "", person.get("given") or "", person.get("suffix"),
        person.get("literal"),
    )  # fmt: skip


def person_inverted(person: Mapping[str, Any]) -> str:
    """:func:`inverted_name` of a person's JSON form."""
    return inverted_name(
        person.get("family") or "", person.get("given") or "", person.get("suffix"),
        person.get("literal"),
    )  # fmt: skip


def best_spelling_of(people: Sequence[Mapping[str, Any]]) -> str:
    """:func:`neurokb.graph.identity.best_spelling` over people's JSON forms: the fullest
    spelling (longest given name, then the last inverted form), displayed."""
    return person_display(
        max(people, key=lambda p: (len(p.get("given") or ""), person_inverted(p)))
    )
