"""``[@key]`` citations in Markdown text: the syntax, found once for every face.

Topic narratives, paper summaries and notes, and the hand-written pages of the site cite papers
as pandoc does: ``[@hopfield1982neural]``, ``[@oja1982simplified; @hopfield1982neural]`` or
``[see @zenke2018superspike, p. 3]``, and ``Hebb [-@hebb1949organization] proposed`` when the
sentence already names the author (the year alone is shown). This module only reads that syntax: :func:`rewrite` hands
each citation group to a callback, :func:`cited_keys` lists the keys with their lines (for
``validate``), and :func:`plain_citations` writes them as "Oja 1982" for the terminal. The site
turns the same groups into links (:mod:`neurokb.site.citations`). Code spans and fenced code are
left alone so that the syntax can be documented.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping

from neurokb.core.models import Paper

# The syntax of one group (items, [-@key]) is the safe subset's: one parser for site and CLI.
from neurokb.core.safemarkdown import CitationItem as Item
from neurokb.core.safemarkdown import parse_citation_group as parse_group

# A bracket holding an @key, not followed by "(" or "[" (that would be a Markdown link). It may
# run over a line break, as wrapped text does, but not over a blank line (see _one_paragraph).
_GROUP = re.compile(r"\[([^\[\]]*@[a-z0-9][^\[\]]*)\](?![(\[])")
_BLANK_LINE = re.compile(r"\n[ \t]*\n")
_FENCE = re.compile(r"^\s*(`{3,}|~{3,})")
_CODE_SPAN = re.compile(r"(`+).+?\1")


Rewrite = Callable[[list[Item], int], str | None]  # None keeps the group as written


def rewrite(markdown: str, rewrite_group: Rewrite) -> str:
    """Apply ``rewrite_group(items, line)`` to every citation outside code; ``line`` (from 1) is
    where the citation starts."""
    out: list[str] = []
    run: list[str] = []  # consecutive lines outside fenced code
    run_start = 1
    fence: str | None = None

    def flush() -> None:
        if run:
            out.append(_outside_fences("".join(run), run_start, rewrite_group))
            run.clear()

    for number, line in enumerate(markdown.splitlines(keepends=True), start=1):
        opener = _FENCE.match(line)
        if fence is not None:
            if opener and opener.group(1)[0] == fence[0] and len(opener.group(1)) >= len(fence):
                fence = None
            out.append(line)
        elif opener:
            flush()
            fence = opener.group(1)
            out.append(line)
        else:
            if not run:
                run_start = number
            run.append(line)
    flush()
    return "".join(out)


def _outside_fences(text: str, first_line: int, rewrite_group: Rewrite) -> str:
    """``text`` (lines without fenced code) with the citations outside code spans rewritten."""

    def groups(start: int, end: int) -> str:
        def one(match: re.Match[str]) -> str:
            inside = match.group(1)
            items = None if _BLANK_LINE.search(inside) else parse_group(inside)
            line = first_line + text.count("\n", 0, start + match.start())
            done = None if items is None else rewrite_group(items, line)
            return match.group(0) if done is None else done

        return _GROUP.sub(one, text[start:end])

    out, last = [], 0
    for span in _CODE_SPAN.finditer(text):
        out.append(groups(last, span.start()))
        out.append(span.group(0))
        last = span.end()
    out.append(groups(last, len(text)))
    return "".join(out)


def cited_keys(markdown: str) -> list[tuple[int, str]]:
    """Every cited key with the line (from 1) it is cited on, in order of appearance."""
    found: list[tuple[int, str]] = []

    def collect(items: list[Item], line: int) -> None:
        found.extend((line, item.key) for item in items)

    if "@" in markdown:  # most summaries cite nothing: skip the line-by-line scan
        rewrite(markdown, collect)
    return found


def plain_citations(markdown: str, papers: Mapping[str, Paper]) -> str:
    """Citations as readers of plain text expect them: ``[@a; see @b, p. 3]`` ->
    "(Hebb 1949; see Oja 1982, p. 3)", with each paper's :attr:`Paper.label` ("Zenke & Ganguli
    2018", "Hassabis et al. 2017"; the year alone for ``[-@key]``). A key missing from ``papers`` stays as written, so that a
    broken citation is visible rather than silently dropped."""

    def label(items: list[Item], line: int) -> str | None:
        if any(item.key not in papers for item in items):
            return None
        parts = [
            " ".join(filter(None, (item.pre, _plain_label(papers[item.key], item)))) + item.post
            for item in items
        ]
        return "(" + "; ".join(parts) + ")"

    return rewrite(markdown, label) if "@" in markdown else markdown


def _plain_label(paper: Paper, item: Item) -> str:
    return str(paper.year) if item.year_only else paper.label
