"""Pandoc-style citations in hand-written pages: ``[@key]`` -> linked citation + bibliography.

Writers of ``kb/*.md`` cite papers as they would in pandoc: ``[@hopfield1982neural]``,
``[@oja1982simplified; @hopfield1982neural]`` or ``[see @zenke2018superspike, p. 3]``. Each
citation becomes an in-text label linking to the paper's page, and the cited papers are listed
under "References" at the end of the page. Labels are made for all the page's citations at once,
so that two papers of one author and year become 2015a and 2015b, as in the reference list.
The syntax itself is read by :mod:`neurokb.core.textcites`, shared with ``validate`` and the CLI;
topic narratives and paper summaries use the same links without a bibliography. Unknown keys
are returned as problems with their line, for the plugin to report (as a warning, which
``mkdocs build --strict`` turns into a failure).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from neurokb.cite import export, format_references, in_text
from neurokb.core import safemarkdown
from neurokb.core.errors import did_you_mean
from neurokb.core.kb import KnowledgeBase
from neurokb.core.models import Paper
from neurokb.core.textcites import Item, cited_keys, rewrite
from neurokb.site import md, urls
from neurokb.site.buildcache import BuildCache

_YEAR_AT_END = re.compile(r"\d{4}[a-z]?$")  # of an author-date label; numeric styles keep theirs


@dataclass(frozen=True)
class CitationProblem:
    line: int
    key: str
    suggestions: tuple[str, ...]

    def message(self, page: str) -> str:
        hint = f" (did you mean {', '.join(self.suggestions)}?)" if self.suggestions else ""
        return f"{page}:{self.line}: unknown citation key '@{self.key}'{hint}"


@dataclass(frozen=True)
class Processed:
    markdown: str
    cited: tuple[str, ...]  # keys in order of first citation
    problems: tuple[CitationProblem, ...]


def process_citations(
    markdown: str,
    kb: KnowledgeBase,
    page_src: str,
    style: str = "apa",
    *,
    references: bool = True,
    cache: BuildCache | None = None,
) -> Processed:
    """Replace ``[@key]`` groups in ``markdown`` and, with ``references``, append the
    bibliography of what was cited (entry text on generated pages has its own paper lists)."""
    cited: dict[str, None] = {}
    problems: list[CitationProblem] = []

    def collect(items: list[Item], line: int) -> None:
        for key in (item.key for item in items):
            if key in kb.papers:
                cited[key] = None
            else:
                guesses = tuple(did_you_mean(key, list(kb.papers)))
                problems.append(CitationProblem(line, key, guesses))

    if "@" in markdown:
        rewrite(markdown, collect)
    if not cited and not problems:
        return Processed(markdown, (), ())
    papers = [kb.papers[k] for k in cited]
    labels = dict(zip(cited, cited_labels(papers, style, cache), strict=True))

    def link(items: list[Item], line: int) -> str:
        parts = []
        for pre, key, post, year_only in items:
            if key not in labels:
                parts.append(f"**@{key}?**")
                continue
            label = md.link(
                _label(labels[key], year_only), urls.relative(page_src, urls.paper(key))
            )
            parts.append(" ".join(filter(None, [pre, label])) + post)  # authors: entry data
        return "(" + "; ".join(parts) + ")"

    result = rewrite(markdown, link)
    if papers and references:
        result = result.rstrip("\n") + "\n\n" + bibliography(papers, page_src, style, cache)
    return Processed(result, tuple(cited), tuple(problems))


def bibliography(
    papers: list[Paper], page_src: str, style: str = "apa", cache: BuildCache | None = None
) -> str:
    """The "References" section in the style's order, each entry linked to its paper's page."""
    by_ref = dict(zip(references(papers, style, "markdown", cache=cache), papers, strict=True))
    ordered = references(papers, style, "markdown", order="style", cache=cache)
    items = [
        f"- {ref} [:material-arrow-right-circle:]"
        f'({urls.relative(page_src, urls.paper(by_ref[ref].key))} "{by_ref[ref].label}")'
        for ref in ordered
    ]
    return (
        '## References\n\n<div class="nkb-references" markdown>\n\n'
        + "\n".join(items)
        + "\n\n</div>\n"
    )


def entry_text(
    markdown: str,
    kb: KnowledgeBase,
    page_src: str,
    style: str = "apa",
    cache: BuildCache | None = None,
) -> str:
    """An entry's Markdown field (summary, notes, a topic narrative) for a generated page.

    Only the safe subset is markup (:func:`neurokb.core.safemarkdown.render`); a citation
    ``[@key]`` becomes the style's in-text label linked to the paper's page,
    ``(Zenke & Ganguli, 2018)``, ``[-@key]`` the year alone, and a key the KB lacks is shown
    as written (``validate`` reports it, NKB050).
    """
    keys = dict.fromkeys(k for _, k in cited_keys(markdown) if k in kb.papers)
    labels = dict(zip(keys, cited_labels([kb.papers[k] for k in keys], style, cache), strict=True))

    def cite(items: list[safemarkdown.CitationItem]) -> str:
        parts = []
        for item in items:
            if item.key not in labels:
                label = md.text(f"@{item.key}")
            else:
                text = _label(labels[item.key], item.year_only)
                label = md.link(text, urls.relative(page_src, urls.paper(item.key)))
            parts.append(" ".join(filter(None, [md.text(item.pre), label])) + md.text(item.post))
        return "(" + "; ".join(parts) + ")"

    return safemarkdown.render(markdown, cite)


def _label(label: str, year_only: bool) -> str:
    """A style's in-text label without its brackets; only the year for ``[-@key]``."""
    label = label.strip().removeprefix("(").removesuffix(")")
    if year_only and (year := _YEAR_AT_END.search(label)):
        return year.group(0)  # "Hebb, 1949" -> "1949": the sentence names Hebb
    return label


def _data(papers: list[Paper]) -> list[str]:
    """What citeproc reads of ``papers``: all of their data, in order (the cache key)."""
    return [p.model_dump_json() for p in papers]


def cited_labels(papers: list[Paper], style: str, cache: BuildCache | None = None) -> list[str]:
    """:func:`neurokb.cite.in_text` of ``papers``, from ``cache`` when they are unchanged:
    a citeproc run costs about 20 ms, and a warm build would otherwise make a thousand."""
    if cache is None:
        return in_text(papers, style)
    return cache.remember("labels", [style, *_data(papers)], lambda: in_text(papers, style))


def references(
    papers: list[Paper],
    style: str,
    output: str = "text",
    order: str = "input",
    cache: BuildCache | None = None,
) -> list[str]:
    """:func:`neurokb.cite.format_references`, from ``cache`` when ``papers`` are unchanged."""
    if cache is None:
        return format_references(papers, style, output, order)
    return cache.remember(
        "references",
        [style, output, order, *_data(papers)],
        lambda: format_references(papers, style, output, order),
    )


def exported(papers: list[Paper], fmt: str, cache: BuildCache | None = None) -> str:
    """:func:`neurokb.cite.export`, from ``cache`` when ``papers`` are unchanged (BibTeX
    encodes every name and title to LaTeX, a tenth of a warm build before it was kept). A
    BibTeX file of many papers is made of the kept entries of each, so editing one paper
    re-encodes one entry, not the whole knowledge base's and every topic's file."""
    if cache is None:
        return export(papers, fmt)
    if fmt == "bibtex" and len(papers) > 1:  # entries stand alone: a blank line between them
        entries = [exported([paper], fmt, cache).removesuffix("\n") for paper in papers]
        return "\n\n".join(entries) + "\n"
    return cache.remember("export", [fmt, *_data(papers)], lambda: export(papers, fmt))
