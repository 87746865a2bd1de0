"""Reading an ``entries/`` tree into a :class:`~neurokb.core.kb.KnowledgeBase`, collecting every problem.

The loader never stops at the first bad file: each file is read, parsed and validated on its
own, its problems are collected, and the valid entries go into the knowledge base. Query commands
therefore keep working with a broken entry present (they warn), while ``neurokb validate`` and
the strict site build fail on any error.
"""

from __future__ import annotations

import gc
import os
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from neurokb.core.errors import Problem
from neurokb.core.kb import KnowledgeBase, Source
from neurokb.core.models import KEY_PATTERN, Entry, Paper, Topic
from neurokb.load.checks import Context, run_checks, unloaded_references
from neurokb.load.diagnostics import problems_from_validation
from neurokb.load.files import (
    KIND_NAMES,
    Unreadable,
    entry_files,
    entry_names,
    find_root,
    located,
    read_entry_bytes,
)
from neurokb.load.parallel import run_split
from neurokb.load.unchanged import paper_if_unchanged
from neurokb.load.yamlsrc import Document, YamlIssue, decode, parse

KINDS: dict[str, tuple[type[Entry], str]] = {"papers": (Paper, "key"), "topics": (Topic, "id")}
__all__ = [
    "KINDS", "FileResult", "assemble", "entry_files", "find_root", "gc_paused", "load_kb",
    "read_entry", "read_entry_at",
]  # fmt: skip
_KEY_RE = re.compile(KEY_PATTERN)

Progress = Callable[[int, int], None]


@dataclass
class FileResult:
    """What one file gave: the entry (or None), its problems, and its positions.

    ``doc`` is kept only for a file that could not be loaded; see :class:`~neurokb.core.kb.Source`.
    """

    kind: str
    key: str
    path: str
    entry: Paper | Topic | None
    problems: list[Problem]
    doc: Document | None


def _rel(root: Path, path: Path) -> str:
    if ".." not in path.parts:
        try:  # paths built from root (the loader's own): a string operation, no system calls
            return path.relative_to(root).as_posix()
        except ValueError:
            pass
    try:
        return located(path).relative_to(os.path.realpath(root)).as_posix()
    except ValueError:
        return path.as_posix()


def read_entry(
    kind: str, path: Path, root: Path, raw: bytes | None = None, *, rel: str | None = None
) -> FileResult:
    """Read, parse and validate one entry file; all its own problems are in the result.

    ``rel`` is the path relative to ``root`` when the caller knows it (saves path arithmetic
    that costs more than validation at 100k files).
    """
    return _read_entry(kind, path.stem, path.name, path, raw, rel or _rel(root, path), root)


def read_entry_at(kind: str, file: str, root: Path, raw: bytes | None = None) -> FileResult:
    """:func:`read_entry` of the file ``entries/<kind>/<name>`` at the path ``file``, on plain
    strings (a Path per file cost a tenth of reading it in a first index build)."""
    name = os.path.basename(file)
    key = os.path.splitext(name)[0]
    return _read_entry(kind, key, name, file, raw, f"entries/{kind}/{name}", root)


def _read_entry(
    kind: str,
    key: str,
    name: str,
    file: str | Path,
    raw: bytes | None,
    rel: str,
    root: str | Path,
) -> FileResult:
    """:func:`read_entry` on plain strings: :func:`load_kb` makes no Path per file (see there).

    The file is read by :func:`~neurokb.load.files.read_entry_bytes`: a link out of the KB, a
    named pipe or a device is refused unopened, a huge file unread.
    """
    model, id_field = KINDS[kind]
    problems: list[Problem] = []
    if not _KEY_RE.match(key):
        suggestion = re.sub(r"[^a-z0-9_-]+", "-", key.lower()).strip("-_") or "newkey"
        problems.append(
            Problem("NKB006", f"file name '{_shown(name)}' is not a valid key", rel,
                    hint=f"rename it to {suggestion}.yaml (lower-case letters, digits, '-', '_')")
        )  # fmt: skip
    try:
        if raw is None:
            raw = read_entry_bytes(file, root)
        doc = parse(decode(raw))
    except YamlIssue as issue:
        problems.append(
            Problem(issue.code, issue.message, rel, issue.line, issue.column, hint=issue.hint)
        )
        return FileResult(kind, key, rel, None, problems, None)
    except Unreadable as refused:
        problems.append(Problem(refused.code, refused.message, rel, hint=refused.hint))
        return FileResult(kind, key, rel, None, problems, None)
    if not isinstance(doc.data, dict):
        got = type(doc.data).__name__
        problems.append(
            Problem("NKB005", f"entry is a {got}, not a mapping of fields", rel, *doc.position(()))
        )
        return FileResult(kind, key, rel, None, problems, doc)
    data = dict(doc.data)
    if id_field in data:
        line, column = doc.position((id_field,), key=True)
        problems.append(
            Problem("NKB011", f"unknown field '{id_field}'", rel, line, column, id_field,
                    f"remove it: the {id_field} is the file name ({key})")
        )  # fmt: skip
    for name in model.TEXT_FIELDS & data.keys():
        if not isinstance(data[name], str) and (name,) in doc.raw:
            data[name] = doc.raw[(name,)]  # YAML read it as a number; keep the text as written
    # With a bad file name the name error is already reported; validate the rest of the entry.
    data[id_field] = key if _KEY_RE.match(key) else "invalid-key"
    # Most papers are already in the form the model keeps: built without Pydantic, the same.
    entry = paper_if_unchanged(data) if model is Paper else None
    if entry is None:
        try:
            entry = model.model_validate(data)
        except ValidationError as exc:
            problems.extend(problems_from_validation(exc, doc, rel, model))
            return FileResult(kind, key, rel, None, problems, doc)
    if problems:  # a bad file name or a stray id field: report, but do not load it
        return FileResult(kind, key, rel, None, problems, doc)
    # A valid entry drops its Document: the positions are re-read if a later check needs them.
    return FileResult(kind, key, rel, entry, problems, None)  # type: ignore[arg-type]


def _shown(name: str) -> str:
    """A file name as one line of text: a newline or other control character escaped."""
    return name if name.isprintable() else repr(name)[1:-1]


def reread(root: Path, path: str) -> Document | None:
    """The entry file at ``path`` (relative to ``root``) parsed again, for its positions;
    None when it changed into something unreadable or is gone since it was loaded."""
    try:
        return parse(decode(read_entry_bytes(root / path, root)))
    except (Unreadable, YamlIssue):
        return None


Checks = Callable[[Callable[[], list[Problem]]], list[Problem]]
"""Given the function that runs the cross-entry checks, their result (run, or stored)."""


def assemble(
    root: Path,
    results: Iterable[FileResult],
    extra: Iterable[Problem] = (),
    prefer: frozenset[str] = frozenset(),
    stored: Checks | None = None,
) -> KnowledgeBase:
    """Build the KnowledgeBase from per-file results and run the cross-entry checks.

    The one assembler: a cold load and a restore from the index (:mod:`neurokb.cache.restore`,
    which passes ``stored`` to reuse the checks' result while no entry changed) both end here.
    ``results`` come in the order of :func:`~neurokb.load.files.entry_names` (papers, then
    topics, by file name). The checks also see the reference fields of files that did not
    validate, so one run reports every problem; ``prefer`` names papers a duplicate is
    reported on (see :mod:`~neurokb.load.checks`).
    """
    papers, topics, problems, sources = checked(root, results, extra, prefer, stored)
    return KnowledgeBase(root, papers, topics, problems, sources)  # type: ignore[arg-type]


def checked(
    root: Path,
    results: Iterable[FileResult],
    extra: Iterable[Problem] = (),
    prefer: frozenset[str] = frozenset(),
    stored: Checks | None = None,
    workers: int = 1,
) -> tuple[dict[str, Any], dict[str, Any], tuple[Problem, ...], dict[str, Source]]:
    """:func:`assemble`'s work: the entries by key (papers, topics), every problem (sorted)
    and every file's source. The entries are those of ``results``: models, or the
    :class:`~neurokb.load.validation.Facts` of a check that keeps no models. ``workers``: see
    :func:`~neurokb.load.checks.run_checks`."""
    papers: dict[str, Any] = {}
    topics: dict[str, Any] = {}
    sources: dict[str, Source] = {}
    again = partial(reread, root)
    problems: list[Problem] = list(extra)
    broken: list[tuple[str, str, list[Problem]]] = []  # files that did not validate
    for result in results:
        problems.extend(result.problems)
        name = f"{result.kind}/{result.key}"  # EntryId(kind, key).name, made once per file
        sources[name] = Source(result.path, result.doc, again)
        if result.entry is not None:
            (papers if result.kind == "papers" else topics)[result.key] = result.entry
        elif _KEY_RE.match(result.key):
            broken.append((name, result.kind, result.problems))

    def check() -> list[Problem]:
        unloaded = {}
        for name, kind, own in broken:  # positions kept, or the file parsed again: a few files
            doc = sources[name].document
            if doc is not None and (refs := unloaded_references(kind, doc.data, own)):
                unloaded[name] = refs
        return run_checks(papers, topics, sources, Context(unloaded, prefer), workers=workers)

    problems.extend(stored(check) if stored else check())
    problems.sort(key=Problem.sort_key)
    return papers, topics, tuple(problems), sources


def load_kb(
    root: Path,
    progress: Progress | None = None,
    *,
    workers: int = 1,
    prefer: frozenset[str] = frozenset(),
) -> KnowledgeBase:
    """Load every entry under ``root/entries`` into a KnowledgeBase (lenient: see module doc).

    ``workers`` above 1 lets a big load fork that many processes in all
    (:func:`neurokb.load.parallel.run_split`): only a one-shot command that runs no threads asks.
    ``prefer``: paper keys a duplicate is reported on (``validate FILE``).
    """
    with gc_paused():
        names, stray = entry_names(root)
        jobs = [(kind, name) for kind in KIND_NAMES for name in names[kind]]
        results = run_split(partial(_read_jobs, str(root)), jobs, workers, progress)
        return assemble(root, results, stray, prefer)


def _read_jobs(
    root: str,
    jobs: Sequence[tuple[str, str]],
    progress: Progress | None = None,
    *,
    keep: Callable[[Paper | Topic], Any] | None = None,
) -> list[FileResult]:
    """Read the files named by ``(kind, file name)`` jobs, in order, reporting every 500.

    ``keep`` turns each valid entry into what the result holds instead of the model (see
    :mod:`neurokb.load.validation`).
    """
    results = []
    for kind, name in jobs:  # plain strings: a Path per file costs more than reading it
        key = os.path.splitext(name)[0]
        path = os.path.join(root, "entries", kind, name)
        result = _read_entry(kind, key, name, path, None, f"entries/{kind}/{name}", root)
        if keep is not None and result.entry is not None:
            result.entry = keep(result.entry)
        results.append(result)
        if progress and len(results) % 500 == 0:
            progress(len(results), len(jobs))
    if progress:
        progress(len(jobs), len(jobs))
    return results


@contextmanager
def gc_paused(*, freeze: bool = False) -> Iterator[None]:
    """Run a block with Python's cycle collector off (reference counting still frees memory).

    A load allocates millions of small dicts, lists and models that all live on, and each
    full pass of the collector walks every one of them: at 10k entries those passes were a
    fifth of a cold ``validate``. Loading makes almost no reference cycles (a few per broken
    file, from exception tracebacks), so nothing is lost by collecting them later.

    Turned back on, the collector still walks everything made in the block once. A command
    whose process ends with the entries alive passes ``freeze=True``: what exists then is
    moved out of the collector's sight for good (:func:`gc.freeze`), which a long-lived process
    (``mkdocs serve``) must not do, as cyclic garbage alive at that moment would never be freed.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if freeze:
            gc.freeze()
        if enabled:
            gc.enable()
