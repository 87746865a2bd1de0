"""The read commands answered without Typer: ``show``, ``search``, ``list``, ``related``, ``cite``.

A warm query at 100,000 papers may take 0.15 s for the whole process; importing Typer and
Click alone takes ~40 ms of it. This module reads the usual command lines of the read
commands itself: ``neurokb [--kb DIR] [--no-cache] COMMAND`` with the command's own options
(long or short, ``--name=value`` too) and arguments, and calls the same work the Typer
commands call (:mod:`neurokb.cli.showview`, :mod:`neurokb.cli.reads`), so the answer is
the same bytes.

Anything else, or anything it is unsure of, is left to Typer, which answers it exactly as
before: ``--help`` and ``--version``, other commands, unknown or repeated options, a missing
or extra argument, a value Typer would reject (``--limit 0``, ``--year abc``, ``--kb FILE``),
an option value starting with ``-``, ``--``, ``-n5``-style short options, empty values and
shell completion (``_NEUROKB_COMPLETE`` set).
So help, usage errors and their exit code 2 are Typer's own. ``tests/test_quick.py`` runs
each case both ways and compares stdout, stderr and exit codes.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Callable
from pathlib import Path
from typing import Any


class _Unhandled(Exception):
    """A command line the quick path leaves to Typer."""


# An option's name -> (destination, takes a value). Short and long names as Typer declares
# them in neurokb.cli.commands; values of non-repeatable options may be given once only here.
_JSON = {"--json": ("as_json", False)}
_LIMIT = {"--limit": ("limit", True), "-n": ("limit", True)}
_LIST = {
    "--topic": ("topic", True), "-t": ("topic", True),
    "--author": ("author", True), "-a": ("author", True),
    "--year": ("year", True), "-y": ("year", True),
    "--type": ("type", True), "--venue": ("venue", True),
    "--sort": ("sort", True), "-s": ("sort", True),
    "--reverse": ("reverse", False), "-r": ("reverse", False),
}  # fmt: skip
_REPEATABLE = {"topic", "author", "type", "venue"}
_ROOT = {"--kb": ("kb", True), "--no-cache": ("no_cache", False)}
_CITE = {"--style": ("style", True), "-s": ("style", True),
         "--format": ("fmt", True), "-f": ("fmt", True)}  # fmt: skip
OPTIONS = {"show": _JSON, "search": _JSON | _LIMIT, "related": _JSON | _LIMIT,
           "list": _JSON | _LIMIT | _LIST, "cite": _JSON | _CITE}  # fmt: skip
"""Each command's options as its Typer command declares them (``tests/test_quick.py``
compares the two, so an option added there cannot be read wrongly here)."""
LIMITS = {"search": 10, "related": 10, "list": 50}
"""Each command's default ``--limit``, as its Typer command declares it (compared too)."""


def _read(tokens: list[str], spec: dict[str, tuple[str, bool]], *, until_argument: bool = False
          ) -> tuple[dict[str, Any], list[str], int]:  # fmt: skip
    """Options (``dest -> value``; flags True, repeatable options lists) and arguments read
    from ``tokens``, and how many tokens were read. ``until_argument`` stops at the first
    argument (a group's options end at its command's name)."""
    options: dict[str, Any] = {}
    arguments: list[str] = []
    i = 0
    while i < len(tokens):
        token = tokens[i]
        if not token.startswith("-"):
            if not token:
                raise _Unhandled
            if until_argument:
                break
            arguments.append(token)
            i += 1
            continue
        name, equals, value = token.partition("=") if token.startswith("--") else (token, "", "")
        if name not in spec:
            raise _Unhandled
        dest, takes_value = spec[name]
        i += 1
        if not takes_value:
            if equals:
                raise _Unhandled
            options[dest] = True
            continue
        if not equals:
            if i == len(tokens):
                raise _Unhandled
            value, i = tokens[i], i + 1
        if not value or value.startswith("-"):
            raise _Unhandled
        if dest in _REPEATABLE:
            options.setdefault(dest, []).append(value)
        elif dest in options:
            raise _Unhandled
        else:
            options[dest] = value
    return options, arguments, i


def _limit(options: dict[str, Any], default: int) -> int:
    """``--limit`` as Typer reads it (an integer of at least 1), for plain digits only."""
    value = options.get("limit")
    if value is None:
        return default
    if not (value.isascii() and value.isdigit()) or int(value) < 1:
        raise _Unhandled
    return int(value)


def _kb_dir(value: str | None) -> Path | None:
    """``--kb`` (else ``$NEUROKB_DIR``, when not empty) as Typer takes it: a path that is not
    a file and, when it exists, readable."""
    if value is None:
        value = os.environ.get("NEUROKB_DIR") or None
        if value is None:
            return None
    try:
        found = os.stat(value)
    except (OSError, ValueError):
        return Path(value)
    if stat.S_ISREG(found.st_mode) or not os.access(value, os.R_OK):
        raise _Unhandled
    return Path(value)


def _show(tokens: list[str]) -> Callable[[], None]:
    options, arguments, _ = _read(tokens, OPTIONS["show"])
    if len(arguments) != 1:
        raise _Unhandled
    from neurokb.cli.showview import show

    return lambda: show(arguments[0], bool(options.get("as_json")))


def _search(tokens: list[str]) -> Callable[[], None]:
    options, arguments, _ = _read(tokens, OPTIONS["search"])
    if not arguments:
        raise _Unhandled
    limit = _limit(options, LIMITS["search"])
    from neurokb.cli.reads import search

    return lambda: search(arguments, limit, bool(options.get("as_json")))


def _related(tokens: list[str]) -> Callable[[], None]:
    options, arguments, _ = _read(tokens, OPTIONS["related"])
    if len(arguments) != 1:
        raise _Unhandled
    limit = _limit(options, LIMITS["related"])
    from neurokb.cli.reads import related

    return lambda: related(arguments[0], limit, bool(options.get("as_json")))


def _list(tokens: list[str]) -> Callable[[], None]:
    options, arguments, _ = _read(tokens, OPTIONS["list"])
    if arguments:
        raise _Unhandled
    limit = _limit(options, LIMITS["list"])
    from neurokb.core.errors import NeuroKBError
    from neurokb.core.papertype import PaperType
    from neurokb.search.filters import SortBy

    types = options.get("type", [])
    sort = options.get("sort", SortBy.YEAR.value)
    if any(t not in PaperType._value2member_map_ for t in types):
        raise _Unhandled
    if sort not in SortBy._value2member_map_:
        raise _Unhandled
    years = None
    if "year" in options:
        from neurokb.search.query import parse_years  # ~1.5 ms: only when a year is given

        try:
            years = parse_years(options["year"])
        except NeuroKBError:
            raise _Unhandled from None
    from neurokb.cli.reads import list_filters, listing

    filters = list_filters(
        options.get("topic", ()),
        options.get("author", ()),
        years,
        [PaperType(t) for t in types],
        options.get("venue", ()),
    )

    reverse, as_json = bool(options.get("reverse")), bool(options.get("as_json"))
    return lambda: listing(filters, SortBy(sort), reverse, limit, as_json)


def _cite(tokens: list[str]) -> Callable[[], None]:
    options, arguments, _ = _read(tokens, OPTIONS["cite"])
    if not arguments:
        raise _Unhandled
    from neurokb.cli.reads import CITE_FORMATS, cite

    fmt = options.get("fmt", "text")
    if fmt not in CITE_FORMATS:  # Typer's choice error, as it words it
        raise _Unhandled
    style, as_json = options.get("style", "apa"), bool(options.get("as_json"))
    return lambda: cite(arguments, style, fmt, as_json)


_COMMANDS: dict[str, Callable[[list[str]], Callable[[], None]]] = {
    "show": _show, "search": _search, "list": _list, "related": _related, "cite": _cite,
}  # fmt: skip


def answer(argv: list[str]) -> int | None:
    """Run ``neurokb ARGV`` when it is a read command's usual line: its exit code; None to
    leave the line to Typer (nothing has been printed or opened then)."""
    if os.environ.get("_NEUROKB_COMPLETE"):  # a shell asks Typer to complete a word
        return None
    try:
        options, _, at = _read(argv, _ROOT, until_argument=True)
        if at == len(argv) or argv[at] not in _COMMANDS:
            raise _Unhandled
        run = _COMMANDS[argv[at]](argv[at + 1 :])
        kb_dir = _kb_dir(options.get("kb"))
    except _Unhandled:
        return None
    from neurokb.cli.common import Session, answered, within

    try:
        with within(Session(kb_dir=kb_dir, use_index=not options.get("no_cache"))):
            return answered(run)
    except KeyboardInterrupt:  # as Typer ends an interrupted command: silently, 130
        return 130
