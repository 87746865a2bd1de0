"""Formatted references and in-text citations through citeproc-py, with our corrections.

citeproc-py does the CSL work; :mod:`neurokb.cite.fixups` then repairs what it renders
differently from citeproc-js (the reference processor) for our data. Differences that remain
are listed, with reasons, in ``tests/data/goldens/known_differences.yaml``.

Each call builds a fresh processor: citeproc-py keeps per-bibliography state, and a cache of
results that outlived one ``mkdocs serve`` rebuild would serve stale references. The parsed
style is another matter: parsing it and looking up its macros were two thirds of a run, so
each style is parsed once per process and its lookups are kept (:func:`load_style`,
:func:`neurokb.cite.citeproc_patches.memoise`), and a run renders only the part its caller
asks for. :func:`slow_path` turns all of that off, to check the output is the same either
way (``tests/cite/test_render_fast.py``).
"""

from __future__ import annotations

import threading
import warnings
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
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


#: Parsed styles by file, its state on disk and the et-al override; see :func:`load_style`.
_STYLES: dict[tuple[Path, tuple[int, ...], int | None], CitationStylesStyle] = {}
_slow = False  # set by slow_path()
#: A kept style is shared: one run at a time sets its formatter and walks its tree.
_lock = threading.RLock()


@contextmanager
def slow_path() -> Iterator[None]:
    """Within this block every run is made as before the speed-ups: its style parsed afresh,
    no lookups kept, labels and entries both rendered, citeproc-py as it ships (with the
    corrections). It is the reference the fast path is tested against, byte for byte."""
    global _slow
    before, _slow = _slow, True
    try:
        yield
    finally:
        _slow = before


def load_style(style: str, et_al_use_first: int | None = None) -> CitationStylesStyle:
    """The parsed style, adjusted where citeproc-py reads CSL differently; parsed once per
    process and file state, then reused (a run changes nothing in it that outlives the run).

    A user's ``.csl`` file is kept by its state on disk too (inode, size, modification and
    change times), so that an edit during ``mkdocs serve`` is read again.

    ``text-case="title"`` on a label is ignored by citeproc-py ("eds." for APA's "Eds."):
    a label is one word, so ``capitalize-first`` is the same thing.

    ``et_al_use_first`` overrides the citation's setting, for name disambiguation.
    """
    citeproc_patches.apply()  # every run goes through here: the processor is corrected first
    path = style_path(style)
    if _slow:
        return _parse(style, path, et_al_use_first)
    stat = path.stat()
    state = (stat.st_ino, stat.st_size, stat.st_mtime_ns, stat.st_ctime_ns)
    where = path if path.is_absolute() else path.resolve()
    csl_style = _STYLES.get((where, state, et_al_use_first))
    if csl_style is None:
        csl_style = _parse(style, path, et_al_use_first)
        citeproc_patches.memoise(csl_style)
        for old in [k for k in _STYLES if k[0] == where and k[1] != state]:
            del _STYLES[old]  # the file changed: its old parses are never asked for again
        _STYLES[(where, state, et_al_use_first)] = csl_style
    return csl_style


def _parse(style: str, path: Path, et_al_use_first: int | None) -> CitationStylesStyle:
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
    *,
    entries: bool = True,
    labels: bool = True,
) -> tuple[CitationStylesStyle, Rendered]:
    """One processor run over ``papers``: their bibliography entries and in-text labels.

    A caller that needs only one of the two skips the other (``entries``/``labels``): the
    bibliography is rendered after the labels and reads nothing they leave behind, and the
    labels read only the sorted bibliography's order. :func:`slow_path` renders both always.
    """
    fmt = _formatter(output)
    if _slow:
        entries = labels = True
    with _lock:
        csl_style = load_style(style, et_al_use_first)
        source = CiteProcJSON(_items(papers, output))
        bibliography = CitationStylesBibliography(csl_style, source, fmt)
        item = CitationItem if _slow else _KeptItem
        citations = [Citation([item(paper.key)]) for paper in papers]
        for citation in citations:
            bibliography.register(citation)
        # citeproc-py sorts on *formatted* keys, so "<i>On Learning" sorted before "Deep" in
        # HTML: sort on plain text, then render in the requested format.
        csl_style.root.formatter = formatter.plain
        bibliography.sort()
        csl_style.root.formatter = fmt
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # citeproc-py warns about CSL features it skips
            found = (
                {
                    paper.key: str(bibliography.cite(citation, _missing))
                    for paper, citation in zip(papers, citations, strict=True)
                }
                if labels
                else {}
            )
            made = [str(entry) for entry in bibliography.bibliography()] if entries else []
        keys = [str(item.reference.key) for item in bibliography.items]
    return csl_style, Rendered(keys, dict(zip(keys, made, strict=entries)), found)


class _KeptItem(CitationItem):
    """A cited item that finds its CSL data once per run, not on each of the hundreds of
    times the style reads a variable (a property chain through the citation and the
    bibliography's source)."""

    @property
    def reference(self) -> Any:
        try:
            return self.__dict__["_reference"]
        except KeyError:
            found = self.__dict__["_reference"] = CitationItem.reference.fget(self)
            return found


def render(
    papers: Iterable[Paper],
    style: str = "apa",
    output: str = "text",
    *,
    entries: bool = True,
    labels: bool = True,
) -> Rendered:
    """Cite each paper once (in the given order) and build the bibliography; with
    ``entries`` or ``labels`` false, that part is left empty (and not paid for)."""
    papers = list(_unique(papers))
    by_key = {paper.key: paper for paper in papers}
    with style_errors(style):
        csl_style, rendered = _run(papers, style, output, entries=entries, labels=labels)
        if rendered.labels and _adds_names(csl_style):
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
            _, again = _run(group, style, "text", use_first, entries=False)
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
    rendered = render(papers, style, output, labels=False)
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
    rendered = render(papers, style, "text", entries=False)
    return [rendered.labels[paper.key] for paper in papers]
