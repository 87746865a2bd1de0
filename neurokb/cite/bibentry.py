"""The ``@type{key, field = {value}, ...}`` syntax shared by the BibTeX and BibLaTeX writers.

Field *values* are prepared by the writers (encoded, protected); this module only lays them
out, so both writers produce byte-identical layout and the escaping rules live elsewhere.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from neurokb.cite import latex
from neurokb.cite.dates import MONTH_MACROS
from neurokb.cite.fields import is_article_number
from neurokb.cite.persons import bib_names
from neurokb.core.models import Paper


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
    """``1514--1541``: TeX's en dash between page numbers.

    An article number stays one token: its hyphens are braced (``ENEURO.0533{-}19.2020``) so
    that the styles' ``n.dashify`` does not turn them into page-range dashes.
    """
    if not paper.pages:
        return None
    if is_article_number(paper.pages):
        return latex.encode(paper.pages).replace("-", "{-}")
    return paper.pages.replace("-", "--")


def names(people: list, et_al: bool) -> str | None:
    """``A and B and others``: BibTeX's own marker of an incomplete list."""
    if not people:
        return None
    return bib_names(people) + (" and others" if et_al else "")


def common_head(entry: BibEntry, paper: Paper) -> None:
    """Aliases, author, editor and title: the same in both dialects.

    ``ids`` (BibLaTeX's aliases) lets ``\\cite{Montavon2018}`` resolve in a document built from
    an export; classic BibTeX ignores the field, and ``neurokb add`` reads it back.
    """
    entry.add("ids", ", ".join(paper.ids) if paper.ids else None)
    entry.add("author", names(paper.authors, paper.et_al))
    entry.add("title", latex.title(paper.title))
    if paper.editors:
        entry.add("editor", names(paper.editors, paper.et_al and not paper.authors))


def common_tail(entry: BibEntry, paper: Paper, venue_field: str, location_field: str) -> None:
    """Fields after the identifiers, written alike by both dialects."""
    if venue_field != "series" or not paper.venue:  # a book's venue is its series
        entry.add("series", text(paper.series))
    entry.add("edition", text(paper.edition))
    entry.add(location_field, text(paper.location))
    entry.add("urldate", paper.urldate.isoformat() if paper.urldate else None)
    entry.add("language", text(paper.language))
    entry.add("keywords", text(", ".join(paper.keywords)) if paper.keywords else None)
    entry.add("abstract", text(paper.abstract))


def month_macro(paper: Paper) -> str | None:
    return MONTH_MACROS[paper.month - 1] if paper.month else None


def join(entries: Iterable[BibEntry]) -> str:
    rendered = [entry.render() for entry in entries]
    return "\n\n".join(rendered) + "\n" if rendered else ""
