"""The cold check behind ``neurokb validate``: every file read and checked, no entry kept.

``validate`` reports problems and counts entries; it never shows one. So for each entry that
validates, a file reader hands on only what the cross-entry checks read of it (:class:`Facts`),
and the Pydantic model is dropped where it was made. With worker processes
(:mod:`neurokb.load.parallel`) that is what crosses the pipe: at 100k papers, pickling the
models and unpickling them in the parent cost a third as much as reading the files, and the
parent's share of it delayed the checks, which can only start once every file is in.

The problems are exactly those of :func:`~neurokb.load.loader.load_kb`: the same per-file
reading, the same checks (:func:`~neurokb.load.loader.checked`), on the same values.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import NamedTuple

from neurokb.core.errors import Problem
from neurokb.core.models import Paper, Topic
from neurokb.load.files import KIND_NAMES, entry_names
from neurokb.load.loader import Progress, _read_jobs, checked, gc_paused
from neurokb.load.parallel import run_split


class Facts(NamedTuple):
    """What the cross-entry checks (:mod:`neurokb.load.checks`) read of an entry, by the
    model's field names; a topic has no title, cites or identifiers. A check that comes to
    read another field needs it here (tests/test_loader_parallel.py compares with load_kb)."""

    title: str = ""
    topics: list[str] = []  # noqa: RUF012 - never changed: the checks only read
    cites: list[str] = []  # noqa: RUF012
    implementations: list[str] = []  # noqa: RUF012
    ids: list[str] = []  # noqa: RUF012
    doi: str | None = None
    arxiv: str | None = None
    pmid: str | None = None
    summary: str | None = None
    notes: str | None = None
    parents: list[str] = []  # noqa: RUF012
    related: list[str] = []  # noqa: RUF012

    @classmethod
    def of(cls, entry: Paper | Topic) -> Facts:
        if isinstance(entry, Paper):
            return cls(
                entry.title, entry.topics, entry.cites, entry.implementations, entry.ids,
                entry.doi, entry.arxiv, entry.pmid, entry.summary, entry.notes,
            )  # fmt: skip
        return cls(summary=entry.summary, parents=entry.parents, related=entry.related)


@dataclass(frozen=True)
class Checked:
    """What ``validate`` reports: every problem (sorted) and how many entries are valid."""

    problems: tuple[Problem, ...]
    papers: int
    topics: int


def check_kb(
    root: Path,
    progress: Progress | None = None,
    *,
    workers: int = 1,
    prefer: frozenset[str] = frozenset(),
) -> Checked:
    """Every problem of the KB at ``root``, as :func:`~neurokb.load.loader.load_kb` finds them
    (``workers`` and ``prefer`` as there)."""
    with gc_paused():
        names, stray = entry_names(root)
        jobs = [(kind, name) for kind in KIND_NAMES for name in names[kind]]
        read = partial(_read_jobs, str(root), keep=Facts.of)
        results = run_split(read, jobs, workers, progress)
        papers, topics, problems, _ = checked(root, results, stray, prefer, workers=workers)
        return Checked(problems, len(papers), len(topics))
