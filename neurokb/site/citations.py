"""Pandoc-style citations in hand-written pages: ``[@key]`` -> linked citation + bibliography.

Writers of ``kb/*.md`` cite papers as they would in pandoc: ``[@hopfield1982neural]``,
``[@oja1982simplified; @hopfield1982neural]`` or ``[see @zenke2018superspike, p. 3]``. Each
citation becomes an in-text label linking to the paper's page, and the cited papers are listed
under "References" at the end of the page. Labels are made for all the page's citations at once,
so that two papers of one author and year become 2015a and 2015b, as in the reference list.
Code spans and fenced code are left alone so that the syntax can be documented. Unknown keys
are returned as problems with their line, for the plugin to report (as a warning, which
``mkdocs build --strict`` turns into a failure).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from neurokb.cite import format_references, in_text
from neurokb.errors import did_you_mean
from neurokb.kb import KnowledgeBase
from neurokb.models import Paper
from neurokb.safemarkdown import CITATION_GROUP, CitationItem, parse_citation_group, render
from neurokb.site import md, urls

_FENCE = re.compile(r"^\s*(`{3,}|~{3,})")
_CODE_SPAN = re.compile(r"(`+).+?\1")

Item = CitationItem
Rewrite = Callable[[list[Item], int], str]


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


parse_group = parse_citation_group


def rewrite(markdown: str, rewrite_group: Rewrite) -> str:
    """Apply ``rewrite_group(items, line)`` to every citation outside code."""

    def outside_code(text: str, line: int) -> str:
        def one(match: re.Match[str]) -> str:
            items = parse_group(match.group(1))
            return match.group(0) if items is None else rewrite_group(items, line)

        return CITATION_GROUP.sub(one, text)

    out: list[str] = []
    fence: str | None = None
    for number, line in enumerate(markdown.splitlines(keepends=True), start=1):
        opener = _FENCE.match(line)
        if fence is not None:
            if opener and opener.group(1)[0] == fence[0] and len(opener.group(1)) >= len(fence):
                fence = None
            out.append(line)
            continue
        if opener:
            fence = opener.group(1)
            out.append(line)
            continue
        last = 0
        for span in _CODE_SPAN.finditer(line):
            out.append(outside_code(line[last : span.start()], number))
            out.append(span.group(0))
            last = span.end()
        out.append(outside_code(line[last:], number))
    return "".join(out)


def process_citations(
    markdown: str, kb: KnowledgeBase, page_src: str, style: str = "apa"
) -> Processed:
    """Replace ``[@key]`` groups in ``markdown`` and append the bibliography of what was cited."""
    cited: dict[str, None] = {}
    problems: list[CitationProblem] = []

    def collect(items: list[Item], line: int) -> str:
        for _, key, _ in items:
            if key in kb.papers:
                cited[key] = None
            else:
                guesses = tuple(did_you_mean(key, list(kb.papers)))
                problems.append(CitationProblem(line, key, guesses))
        return ""

    rewrite(markdown, collect)
    if not cited and not problems:
        return Processed(markdown, (), ())
    papers = [kb.papers[k] for k in cited]
    labels = dict(zip(cited, in_text(papers, style), strict=True))

    def link(items: list[Item], line: int) -> str:
        parts = []
        for pre, key, post in items:
            if key not in labels:
                parts.append(f"**@{key}?**")
                continue
            label = labels[key].strip().removeprefix("(").removesuffix(")")
            href = urls.relative(page_src, urls.paper(key))
            parts.append(" ".join(filter(None, [pre, f"[{label}]({href})"])) + post)
        return "(" + "; ".join(parts) + ")"

    result = rewrite(markdown, link)
    if papers:
        result = result.rstrip("\n") + "\n\n" + bibliography(papers, page_src, style)
    return Processed(result, tuple(cited), tuple(problems))


def bibliography(papers: list[Paper], page_src: str, style: str = "apa") -> str:
    """The "References" section in the style's order, each entry linked to its paper's page."""
    by_ref = dict(zip(format_references(papers, style, "markdown"), papers, strict=True))
    ordered = format_references(papers, style, "markdown", order="style")
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


def entry_text(markdown: str, kb: KnowledgeBase, page_src: str) -> str:
    """An entry's Markdown field (summary, notes ...) for a generated page.

    Only the safe subset is markup (:func:`neurokb.safemarkdown.render`); a citation
    ``[@key]`` becomes the paper's label linked to its page, ``(Zenke & Ganguli 2018)``, and
    a key the KB lacks is shown as written.
    """

    def cite(items: list[Item]) -> str:
        parts = []
        for pre, key, post in items:
            if key in kb.papers:
                label = md.link(kb.papers[key].label, urls.relative(page_src, urls.paper(key)))
            else:
                label = md.text(f"@{key}")
            parts.append(" ".join(filter(None, [md.text(pre), label])) + md.text(post))
        return "(" + "; ".join(parts) + ")"

    return render(markdown, cite)
