"""``neurokb cite``'s answer as data: references in a style, or one file in an export format.

The CLI prints it; keeping the choice between a CSL style and an export format here keeps
the face free of citation logic.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from neurokb.cite.render import format_references, in_text
from neurokb.cite.writers import WRITERS, export
from neurokb.core.cited import Cited
from neurokb.core.models import Paper

__all__ = ["Cited", "cite"]


def cite(papers: Sequence[Paper], style: str = "apa", fmt: str = "text", *,
         detailed: bool = False) -> Cited:  # fmt: skip
    """The references of ``papers``; ``detailed`` adds each one's in-text label, in input order."""
    papers = list(papers)
    if fmt in WRITERS:
        return Cited(style, fmt, text=export(papers, fmt))
    references = format_references(papers, style, fmt, order="style")
    items: list[dict[str, Any]] = []
    if detailed:
        labels = in_text(papers, style)
        ordered = format_references(papers, style, fmt, order="input")
        items = [
            {"key": p.key, "reference": ref, "in_text": label}
            for p, ref, label in zip(papers, ordered, labels, strict=True)
        ]
    return Cited(style, fmt, references=references, items=items)
