"""Formatted references and in-text citations through citeproc-py, with our corrections.

citeproc-py does the CSL work; :mod:`neurokb.cite.fixups` then repairs what it renders
differently from citeproc-js (the reference processor) for our data. Differences that remain
are listed, with reasons, in ``tests/data/goldens/known_differences.yaml``.

Each call builds a fresh processor: citeproc-py keeps per-bibliography state, and a cache that
outlived one ``mkdocs serve`` rebuild would serve stale references.
"""

from __future__ import annotations

import warnings
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from citeproc import (
    Citation,
    CitationItem,
    CitationStylesBibliography,
    CitationStylesStyle,
    formatter,
)
from citeproc.source.json import CiteProcJSON

from neurokb.cite import citeproc_patches, escaping, fixups, html_format, markdown_format
from neurokb.cite.csl import OTHERS, to_csl
from neurokb.cite.styles import style_errors, style_path
from neurokb.core import titlemarkup
from neurokb.core.errors import NeuroKBError
from neurokb.core.models import Paper

FORMATTERS: dict[str, Any] = {
    "text": formatter.plain,
    "html": html_format,
    "markdown": markdown_format,
}
_UNSUPPORTED = {"citation-key"}  # CSL 1.0.2 variables citeproc-py warns about
_CSL = "{http://purl.org/net/xbiblio/csl}"


@dataclass
class Rendered:
    """One processor run: entries in the style's order, and what fixups need to know."""

    keys: list[str]  # bibliography order
    entries: dict[str, str]
    labels: dict[str, str]  # in-text citation per key


def _formatter(output: str) -> Any:
    try:
        return FORMATTERS[output]
    except KeyError:
        raise NeuroKBError(
            f"unknown output '{output}'", f"use one of: {', '.join(FORMATTERS)}"
        ) from None


#: Stands in for the "et al." marker while citeproc-py renders (it knows no such marker);
#: :func:`neurokb.cite.fixups.et_al` turns it, with the "&"/"and" before it, into "et al.".
ET_AL_NAME = "Zzneurokbetal"


def _item(paper: Paper, output: str) -> dict[str, Any]:
    """The CSL item citeproc-py gets: a plain-text title, the et-al marker as a stand-in name,
    and the text masked for ``output`` (:mod:`neurokb.cite.escaping`)."""
    item = {k: v for k, v in to_csl(paper).items() if k not in _UNSUPPORTED}
    item["title"] = titlemarkup.plain(paper.title)
    for role in ("author", "editor"):
        if item.get(role) and item[role][-1] == OTHERS:
            item[role][-1] = {"family": ET_AL_NAME}
    return escaping.mask_item(item, output)


def _items(papers: list[Paper], output: str = "text") -> list[dict[str, Any]]:
    return [_item(p, output) for p in papers]


def load_style(style: str, et_al_use_first: int | None = None) -> CitationStylesStyle:
    """A freshly parsed style, adjusted where citeproc-py reads CSL differently.

    ``text-case="title"`` on a label is ignored by citeproc-py ("eds." for APA's "Eds."):
    a label is one word, so ``capitalize-first`` is the same thing.

    ``et_al_use_first`` overrides the citation's setting, for name disambiguation.
    """
    citeproc_patches.apply()  # every run goes through here: the processor is corrected first
    path = style_path(style)
    with style_errors(style):
        csl_style = CitationStylesStyle(str(path), validate=False)
        for part in ("citation", "bibliography"):
            if csl_style.root.find(f"{_CSL}{part}") is None:
                raise ValueError(f"it has no <{part}> element")
    for node in csl_style.root.iter(f"{_CSL}label"):
        if node.get("text-case") == "title":
            node.set("text-case", "capitalize-first")
    if et_al_use_first is not None:
        csl_style.root.find(f"{_CSL}citation").set("et-al-use-first", str(et_al_use_first))
    return csl_style


def _run(
    papers: list[Paper],
    style: str,
    output: str,
    et_al_use_first: int | None = None,
) -> tuple[CitationStylesStyle, Rendered]:
    fmt = _formatter(output)
    csl_style = load_style(style, et_al_use_first)
    source = CiteProcJSON(_items(papers, output))
    bibliography = CitationStylesBibliography(csl_style, source, fmt)
    citations = [Citation([CitationItem(paper.key)]) for paper in papers]
    for citation in citations:
        bibliography.register(citation)
    # citeproc-py sorts on *formatted* keys, so "<i>On Learning" sorted before "Deep" in HTML:
    # sort on plain text, then render in the requested format.
    csl_style.root.formatter = formatter.plain
    bibliography.sort()
    csl_style.root.formatter = fmt
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # citeproc-py warns about CSL features it skips
        labels = {
            paper.key: str(bibliography.cite(citation, _missing))
            for paper, citation in zip(papers, citations, strict=True)
        }
        entries = [str(entry) for entry in bibliography.bibliography()]
    keys = [str(item.reference.key) for item in bibliography.items]
    return csl_style, Rendered(keys, dict(zip(keys, entries, strict=True)), labels)


def render(papers: Iterable[Paper], style: str = "apa", output: str = "text") -> Rendered:
    """Cite each paper once (in the given order) and build the bibliography."""
    papers = list(_unique(papers))
    by_key = {paper.key: paper for paper in papers}
    with style_errors(style):
        csl_style, rendered = _run(papers, style, output)
        if _adds_names(csl_style):
            _add_names(papers, style, rendered, csl_style)
        if output == "html":  # escape first: the fixups read tags such as "<i>et al.</i>."
            rendered.entries = {k: html_format.finish(v) for k, v in rendered.entries.items()}
            rendered.labels = {k: html_format.finish(v) for k, v in rendered.labels.items()}
        fixed = fixups.apply(rendered, [by_key[k] for k in rendered.keys], csl_style, output)
    fixed.entries = {k: escaping.unmask(v, output) for k, v in fixed.entries.items()}
    fixed.labels = {k: escaping.unmask(v, output) for k, v in fixed.labels.items()}
    return fixed


def _adds_names(csl_style: CitationStylesStyle) -> bool:
    citation = csl_style.root.find(f"{_CSL}citation")
    return citation is not None and citation.get("disambiguate-add-names") == "true"


def _add_names(
    papers: list[Paper], style: str, rendered: Rendered, csl_style: CitationStylesStyle
) -> None:
    """Name disambiguation (CSL ``disambiguate-add-names``), which citeproc-py lacks.

    Papers whose in-text labels collide while their author lists differ get more names
    before "et al." until the labels differ: "(Hassabis, Kumaran, et al., 2017)" and
    "(Hassabis, Summerfield, et al., 2017)". Identical author lists are left to year suffixes.
    """
    clashes: dict[str, list[Paper]] = {}
    for paper in papers:
        clashes.setdefault(rendered.labels[paper.key], []).append(paper)
    start = int(csl_style.root.find(f"{_CSL}citation").get("et-al-use-first", "1"))
    for group in clashes.values():
        if len(group) < 2 or len({tuple(p.authors) for p in group}) < len(group):
            continue
        for use_first in range(start + 1, max(len(p.authors) for p in group) + 1):
            _, again = _run(group, style, "text", use_first)
            if len({again.labels[p.key] for p in group}) == len(group):
                rendered.labels.update(again.labels)
                break


def _missing(item: Any) -> None:  # pragma: no cover - every item is registered first
    raise NeuroKBError(f"no CSL item for '{item.key}'")


def _unique(papers: Iterable[Paper]) -> Iterable[Paper]:
    seen: set[str] = set()
    for paper in papers:
        if paper.key not in seen:
            seen.add(paper.key)
            yield paper


def format_references(
    papers: Iterable[Paper], style: str = "apa", output: str = "text", order: str = "input"
) -> list[str]:
    """One formatted reference per paper.

    ``order="input"`` returns them in the order given (what a paper page wants);
    ``order="style"`` in the style's bibliography order (alphabetical for APA, citation order
    for numeric styles). Year suffixes and numbers are assigned as in a bibliography of all of
    ``papers``.
    """
    papers = list(_unique(papers))
    rendered = render(papers, style, output)
    keys = rendered.keys if order == "style" else [paper.key for paper in papers]
    return [rendered.entries[key] for key in keys]


def format_reference(paper: Paper, style: str = "apa", output: str = "text") -> str:
    """The reference of one paper on its own (``neurokb show``, a paper page)."""
    return format_references([paper], style, output)[0]


def in_text(papers: Iterable[Paper], style: str = "apa") -> list[str]:
    """In-text citation labels, one per paper, e.g. ``(Zenke & Ganguli, 2018)`` or ``[1]``.

    All papers count as cited in one document, so labels are disambiguated against each other
    (``2015a``/``2015b``, numbers in order of first citation).
    """
    papers = list(_unique(papers))
    rendered = render(papers, style, "text")
    return [rendered.labels[paper.key] for paper in papers]
