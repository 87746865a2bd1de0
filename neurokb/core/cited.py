"""``neurokb cite``'s answer as plain data, apart from the citation code.

:mod:`neurokb.cite.citing` makes it; a warm ``neurokb cite KEY`` answered from the index
makes it too, and must not import the citation code (citeproc and the models) to do so.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Cited:
    """References of some papers: ``text`` for an export format, else ``references``."""

    style: str
    format: str
    text: str | None = None  # the whole file of an export format (bibtex, ris ...)
    references: list[str] = field(default_factory=list)  # in the style's bibliography order
    items: list[dict[str, Any]] = field(default_factory=list)  # input order, when detailed

    def as_json(self) -> dict[str, Any]:
        """The ``cite --json`` document (shape in :mod:`neurokb.core.serialize`)."""
        if self.text is not None:
            return {"format": self.format, "text": self.text}
        return {"style": self.style, "format": self.format, "references": self.items}
