"""Rendering a :class:`~neurokb.review.changes.Review` as GitHub-flavoured Markdown (a PR comment).

Short things (citations, links, field tables) are shown inline; long prose (a new summary, the
diff of a changed one) goes into ``<details>`` blocks so the comment stays scannable.

Entry text is shown as code, never as Markdown: GitHub sanitises HTML in a comment, so a
``<script>`` in a summary would simply vanish and the reviewer would approve text they never
saw. In code it reads exactly as written, which is what the site shows.
"""

from __future__ import annotations

import difflib
import re

from neurokb.core.errors import Problem
from neurokb.core.models import Paper, Topic
from neurokb.review.changes import DUPLICATE_CODES, EntryChange, FieldChange, Link, Review

#: The first line of every review comment; the workflow finds its previous comment by it.
HEADING = "## neurokb review"
_CELL_LIMIT = 120


def _longest_run(text: str, char: str) -> int:
    return max((len(m) for m in re.findall(re.escape(char) + "+", text)), default=0)


def _code(text: str) -> str:
    """``text`` as an inline code span on one line, whatever backticks it holds."""
    text = " ".join(text.split())
    if not text:
        return ""
    ticks = "`" * (_longest_run(text, "`") + 1)
    pad = " " if text.startswith("`") or text.endswith("`") else ""
    return f"{ticks}{pad}{text}{pad}{ticks}"


def _fence(text: str, lang: str = "text") -> str:
    """``text`` as a fenced code block that no line of it can close."""
    fence = "`" * max(3, _longest_run(text, "`") + 1)
    return f"{fence}{lang}\n{text}\n{fence}"


def _cell(text: str) -> str:
    """A table cell showing ``text`` as code; GitHub splits cells at ``|`` even in code."""
    text = text if len(text) <= _CELL_LIMIT else text[: _CELL_LIMIT - 1] + "…"
    return _code(text).replace("|", "\\|")


def _plural(count: int, word: str, words: str = "") -> str:
    return f"{count} {word if count == 1 else words or word + 's'}"


def _details(summary: str, body: str) -> list[str]:
    return ["<details><summary>" + summary + "</summary>", "", body, "", "</details>"]


def _keys(items: list[str] | tuple[str, ...]) -> str:
    return ", ".join(f"`{item}`" for item in items) or "—"


def _new_paper(change: EntryChange) -> list[str]:
    lines = [f"#### `{change.key}`", ""]
    paper = change.entry
    if not isinstance(paper, Paper):
        return [*lines, f"`{change.path}` does not validate yet (see the warnings below).", ""]
    lines += [f"> {_code(change.citation)}", ""]
    lines.append(f"- **Topics:** {_keys(paper.topics)}")
    lines.append(f"- **Cites:** {_keys(paper.cites)}")
    if paper.implementations:
        lines.append(f"- **Implementations:** {_keys(paper.implementations)}")
    named = [("doi", paper.doi), ("arXiv", paper.arxiv), ("PubMed", paper.pmid), ("", paper.url)]
    ids = [f"{name} {_code(value)}".strip() for name, value in named if value]
    lines.append(f"- **Identifiers:** {', '.join(ids) or 'none'}")
    lines.append("")
    if paper.summary:
        words = len(paper.summary.split())
        lines += [*_details(f"Summary ({words} words)", _fence(paper.summary)), ""]
    if paper.notes:
        lines += [*_details("Notes (provenance)", _fence(paper.notes)), ""]
    return lines


def _new_topic(change: EntryChange) -> list[str]:
    topic = change.entry
    if not isinstance(topic, Topic):
        return [f"#### `{change.key}`", "", f"`{change.path}` does not validate yet.", ""]
    return [
        f"#### `{change.key}` — {_code(topic.name)}",
        "",
        f"- **Parents:** {_keys(topic.parents)}",
        f"- **Related:** {_keys(topic.related)}",
        "",
        *_details(f"Summary ({len(topic.summary.split())} words)", _fence(topic.summary)),
        "",
    ]


def _prose_diff(change: FieldChange) -> str:
    diff = difflib.unified_diff(
        change.before.splitlines(), change.after.splitlines(), "before", "after", lineterm=""
    )
    return _fence("\n".join(diff), "diff")


def _modified(change: EntryChange) -> list[str]:
    lines = [f"#### `{change.key}` (`{change.path}`)", ""]
    if change.entry is None:
        return [*lines, "The new version does not validate (see the warnings below).", ""]
    lines += ["| Field | Before | After |", "| --- | --- | --- |"]
    for item in change.fields:
        if item.prose:
            before = f"*{len(item.before.split())} words*"
            lines.append(f"| {item.name} | {before} | *{len(item.after.split())} words* |")
        else:
            lines.append(f"| {item.name} | {_cell(item.before)} | {_cell(item.after)} |")
    lines.append("")
    for item in change.fields:
        if item.prose:
            lines += [*_details(f"{item.name}: what changed", _prose_diff(item)), ""]
    return lines


def _link(link: Link) -> str:
    return f"- `{link.source}` {link.kind.value} `{link.target}`"


def _problem(problem: Problem) -> str:
    where = _code(f"{problem.path}:{problem.line}")
    lead = "**likely duplicate** " if problem.code in DUPLICATE_CODES else ""
    return f"- {lead}{where} {problem.severity} {problem.code}: {_code(problem.message)}. {problem.fix}"


def _section(title: str, body: list[str]) -> list[str]:
    return [f"### {title}", "", *body] if body else []


def render_markdown(review: Review) -> str:
    """The review as Markdown, starting with :data:`HEADING`."""
    papers, topics = review.of("papers", "added"), review.of("topics", "added")
    modified = [c for c in review.changes if c.status == "modified"]
    removed = [c for c in review.changes if c.status == "removed"]
    errors = sum(p.is_error for p in review.problems)
    counts = ", ".join(
        [
            _plural(len(papers), "new paper"),
            _plural(len(topics), "new topic"),
            _plural(len(modified), "changed entry", "changed entries"),
            f"{len(removed)} removed",
        ]
    )
    lines = [
        HEADING,
        "",
        f"Compared with `{review.base}` (merge base `{review.commit}`): {counts}.",
    ]
    if not review.changes:
        return "\n".join([*lines, "", "No entry files changed."]) + "\n"
    status = "✅ validates" if not errors else f"❌ {_plural(errors, 'validation error')}"
    lines += [f"{status}; {_plural(len(review.duplicates), 'likely duplicate')}.", ""]
    lines += _section("New papers", [line for c in papers for line in _new_paper(c)])
    lines += _section("New topics", [line for c in topics for line in _new_topic(c)])
    changed = [c for c in modified if c.fields or c.entry is None]
    layout = [f"`{c.key}`" for c in modified if c not in changed]
    body = [line for c in changed for line in _modified(c)]
    body += (
        [f"Layout or comments only (no field changed): {', '.join(layout)}", ""] if layout else []
    )
    lines += _section("Changed entries", body)
    added = sorted({link for c in review.changes for link in c.added_links})
    dropped = sorted({link for c in review.changes for link in c.removed_links})
    lines += _section("New graph links", [*map(_link, added), ""] if added else [])
    lines += _section("Removed graph links", [*map(_link, dropped), ""] if dropped else [])
    gone = [f"- `{c.key}` (`{c.path}`)" for c in removed]
    lines += _section("Removed entries", [*gone, ""] if gone else [])
    warnings = [*map(_problem, review.problems), *(f"- {note}" for note in review.notes)]
    lines += _section("Warnings", [*warnings, ""] if warnings else [])
    return "\n".join(lines).rstrip("\n") + "\n"
