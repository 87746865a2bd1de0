"""The ``@type{key, field = {value}, ...}`` syntax shared by the BibTeX and BibLaTeX writers.

Field *values* are prepared by the writers (encoded, protected); this module only lays them
out, so both writers produce byte-identical layout and the escaping rules live elsewhere.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from neurokb.cite import latex
from neurokb.cite.dates import MONTH_MACROS
from neurokb.cite.names import bib_names
from neurokb.models import Paper


@dataclass
class BibEntry:
    """One entry; ``fields`` holds already-prepared TeX values in output order."""

    entry_type: str
    key: str
    fields: list[tuple[str, str]] = field(default_factory=list)
    macros: frozenset[str] = frozenset()  # names whose value is a bare macro (month = jun)

    def add(self, name: str, value: str | None, *, bare: bool = False) -> None:
        if value:
            self.fields.append((name, value))
            if bare:
                self.macros = self.macros | {name}

    def render(self) -> str:
        width = max((len(name) for name, _ in self.fields), default=0)
        lines = [f"@{self.entry_type}{{{self.key},"]
        for name, value in self.fields:
            shown = value if name in self.macros else "{" + value + "}"
            lines.append(f"  {name.ljust(width)} = {shown},")
        lines.append("}")
        return "\n".join(lines)


def text(value: str | None) -> str | None:
    """A free-text value (venue, publisher ...) encoded for TeX."""
    return latex.encode(value) if value else None


def pages(paper: Paper) -> str | None:
    """``1514--1541``: TeX's en dash between page numbers."""
    return paper.pages.replace("-", "--") if paper.pages else None


def common_head(entry: BibEntry, paper: Paper) -> None:
    """Author, editor and title: the same in both dialects."""
    entry.add("author", bib_names(paper.authors))
    entry.add("title", latex.title(paper.title))
    if paper.editors:
        entry.add("editor", bib_names(paper.editors))


def month_macro(paper: Paper) -> str | None:
    return MONTH_MACROS[paper.month - 1] if paper.month else None


def join(entries: Iterable[BibEntry]) -> str:
    rendered = [entry.render() for entry in entries]
    return "\n\n".join(rendered) + "\n" if rendered else ""
