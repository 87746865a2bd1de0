"""Rendering a :class:`~neurokb.review.Review` as GitHub-flavoured Markdown (a PR comment).

Short things (citations, links, field tables) are shown inline; long prose (a new summary, the
diff of a changed one) goes into ``<details>`` blocks so the comment stays scannable.
"""

from __future__ import annotations

import difflib

from neurokb.errors import Problem
from neurokb.models import Paper, Topic
from neurokb.review import DUPLICATE_CODES, EntryChange, FieldChange, Link, Review

#: The first line of every review comment; the workflow finds its previous comment by it.
HEADING = "## neurokb review"
_CELL_LIMIT = 120


def _cell(text: str) -> str:
    text = text.replace("|", "\\|").replace("\n", " ")
    return text if len(text) <= _CELL_LIMIT else text[: _CELL_LIMIT - 1] + "…"


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
    lines += [f"> {change.citation}", ""]
    lines.append(f"- **Topics:** {_keys(paper.topics)}")
    lines.append(f"- **Cites:** {_keys(paper.cites)}")
    if paper.implementations:
        lines.append(f"- **Implementations:** {_keys(paper.implementations)}")
    ids = [
        f"doi `{paper.doi}`" if paper.doi else "",
        f"arXiv `{paper.arxiv}`" if paper.arxiv else "",
    ]
    ids += [f"PubMed `{paper.pmid}`" if paper.pmid else "", paper.url or ""]
    lines.append(f"- **Identifiers:** {', '.join(i for i in ids if i) or 'none'}")
    lines.append("")
    if paper.summary:
        words = len(paper.summary.split())
        lines += [*_details(f"Summary ({words} words)", paper.summary), ""]
    if paper.notes:
        lines += [*_details("Notes (provenance)", paper.notes), ""]
    return lines


def _new_topic(change: EntryChange) -> list[str]:
    topic = change.entry
    if not isinstance(topic, Topic):
        return [f"#### `{change.key}`", "", f"`{change.path}` does not validate yet.", ""]
    return [
        f"#### `{change.key}` — {topic.name}",
        "",
        f"- **Parents:** {_keys(topic.parents)}",
        f"- **Related:** {_keys(topic.related)}",
        "",
        *_details(f"Summary ({len(topic.summary.split())} words)", topic.summary),
        "",
    ]


def _prose_diff(change: FieldChange) -> str:
    diff = difflib.unified_diff(
        change.before.splitlines(), change.after.splitlines(), "before", "after", lineterm=""
    )
    return "```diff\n" + "\n".join(diff) + "\n```"


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
    where = f"`{problem.path}:{problem.line}`"
    lead = "**likely duplicate** " if problem.code in DUPLICATE_CODES else ""
    return f"- {lead}{where} {problem.severity} {problem.code}: {problem.message}. {problem.fix}"


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
