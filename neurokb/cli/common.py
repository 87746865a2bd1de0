"""What every command shares: exit codes, the ``--json`` option, KB discovery and output.

Commands print results on stdout (human text, or one JSON document with ``--json``) and
diagnostics (warnings, progress, errors) on stderr, so ``neurokb list --json | jq`` is never
polluted. Library errors (:class:`~neurokb.core.errors.NeuroKBError`) become one message and a
hint with exit code 1 at this boundary, never a traceback.

Everything printed for people goes through this module's consoles or :func:`echo`, which show
entry text and arguments literally: no Rich markup, control characters as escapes (see
:mod:`neurokb.cli.terminal`). ``--json`` documents carry the exact data.
"""

from __future__ import annotations

import json
import os
import re
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from enum import IntEnum
from pathlib import Path
from typing import TYPE_CHECKING, Any

from neurokb.core.errors import NeuroKBError

if TYPE_CHECKING:  # the models load slowly; commands answered from the index never need them
    import typer
    from rich.console import Console

    from neurokb.core.kb import KnowledgeBase
    from neurokb.graph.build import Algorithms
    from neurokb.library import Library


# C0 controls except tab and newline, DEL, and the C1 controls (U+0080-U+009F: some terminals
# read U+009B as CSI, the start of an escape sequence).
CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def printable(text: str) -> str:
    """``text`` with each control character written as an escape: ESC as ``\\x1b``."""
    if not CONTROL.search(text):  # nearly always: one scan in C
        return text
    return CONTROL.sub(lambda match: f"\\x{ord(match[0]):02x}", text)


class Exit(IntEnum):
    OK = 0  # also for "already done"
    DATA = 1  # invalid data, not found, user error
    USAGE = 2  # bad arguments (Typer/Click's own code)


# Typer's side of the commands, loaded with Typer itself (see :mod:`neurokb.cli.face`).
_FACE = ("App", "JsonOption", "LimitOption", "boundary")


def __getattr__(name: str) -> Any:
    """``stdout`` and ``stderr``, the rich Consoles, made on first use; and :data:`_FACE`.

    Importing rich costs over 10 ms, which commands printing plain text or JSON (``validate``,
    ``--json`` answers) need not pay, and Typer costs ~40 ms, which the read commands
    answered by :mod:`neurokb.cli.quick` need not pay. Code in this module reaches the consoles
    through :func:`_err`.
    """
    if name in _FACE:
        from neurokb.cli import face

        return getattr(face, name)
    if name not in ("stdout", "stderr"):
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    from neurokb.cli.terminal import SafeConsole

    console = SafeConsole(stderr=name == "stderr", soft_wrap=True)
    globals()[name] = console
    return console


def _err() -> Console:
    return sys.modules[__name__].stderr  # type: ignore[no-any-return]


@dataclass
class Session:
    """One invocation's options given before the command (``neurokb --kb DIR --no-cache CMD``)
    and what they opened. The root callback makes one per invocation, keeps it on the Typer
    context (``ctx.obj``) and makes it :func:`current` until that context closes, so nothing
    survives from one invocation to the next, in a test run or anywhere else."""

    kb_dir: Path | None = None
    use_index: bool = True
    _library: Library | None = field(default=None, repr=False)
    _told: set[str] = field(default_factory=set, repr=False)

    def root(self) -> Path:
        """The KB folder: ``--kb``, else ``$NEUROKB_DIR``, else the cwd or its nearest ancestor."""
        from neurokb.load.files import find_root

        if self.kb_dir is not None:
            return self.kb_dir if (self.kb_dir / "entries").is_dir() else find_root(self.kb_dir)
        if env := os.environ.get("NEUROKB_DIR"):
            return Path(env)
        return find_root()

    def library(self, *, quiet: bool = False) -> Library:
        """The KB's :class:`~neurokb.library.Library` (over the index unless ``--no-cache``);
        warns once on stderr about files that could not be loaded."""
        if self._library is None:
            from neurokb.library import open_library

            self._library = open_library(
                self.root(), use_index=self.use_index, progress=progress_bar(),
                bypassed=self._bypass, one_shot=True,
            )  # fmt: skip
            if not quiet:
                count, broken = self._library.problems()
                if count:
                    warn_broken(count, broken)
        return self._library

    def kb(self, *, quiet: bool = False) -> KnowledgeBase:
        """Every entry, for commands that need the whole KB (paths, statistics, exports)."""
        return self.library(quiet=quiet).whole()

    def _bypass(self, reason: str) -> None:
        """Warn, once per reason, that the index cannot be used; the files are read instead."""
        if reason in self._told:
            return
        self._told.add(reason)
        say(
            "warning:", f"cannot use the index: {reason}; reading the entry files directly (slower)"
        )


_current: ContextVar[Session] = ContextVar("neurokb_session")


def begin(ctx: typer.Context, current: Session) -> None:
    """Make ``current`` the session of the invocation ``ctx`` runs, until ``ctx`` closes."""
    ctx.obj = current
    token = _current.set(current)
    ctx.call_on_close(lambda: _current.reset(token))


@contextmanager
def within(current: Session) -> Iterator[None]:
    """Make ``current`` the session of the command run inside (the quick path's :func:`begin`,
    with no Typer context to close)."""
    token = _current.set(current)
    try:
        yield
    finally:
        _current.reset(token)


def session() -> Session:
    """The running invocation's :class:`Session` (a new one for a command run on its own)."""
    found = _current.get(None)
    if found is None:
        found = Session()
        _current.set(found)
    return found


def kb_root() -> Path:
    """The KB folder of this invocation (see :meth:`Session.root`)."""
    return session().root()


def open_library(*, quiet: bool = False) -> Library:
    """This invocation's :class:`~neurokb.library.Library` (see :meth:`Session.library`)."""
    return session().library(quiet=quiet)


def algorithms() -> Algorithms:
    """The reference implementations as the graph takes them (imports every algorithm)."""
    from neurokb.algorithms.base import registry
    from neurokb.graph.keys import algorithm_nodes

    return algorithm_nodes(registry())


def open_kb(*, quiet: bool = False) -> KnowledgeBase:
    """This invocation's whole KnowledgeBase (see :meth:`Session.kb`)."""
    return session().kb(quiet=quiet)


def warn_broken(count: int, broken: list[str]) -> None:
    say(
        "warning:",
        f"{count} problem(s) in {len(broken)} file(s); "
        f"answering from the valid entries (run `neurokb validate`): {', '.join(broken[:5])}"
        + (" ..." if len(broken) > 5 else ""),
    )


_LABEL_STYLES = {"error:": "red", "warning:": "yellow", "note:": "yellow", "hint:": "dim"}


def say(label: str, message: str) -> None:
    """``label message`` on stderr (``error:``, ``warning:``, ``note:``, ``hint:``), the label
    styled and the message shown as written, whatever brackets or escapes it quotes."""
    line = f"{label} {message}"
    if "stderr" not in globals() and "\t" not in line and not _styled_stream(sys.stderr):
        # What the Rich console would write there (no styles, no wrapping: soft_wrap), without
        # importing Rich (~25 ms) for the note of a warm query whose stderr is a pipe or file.
        sys.stderr.write(printable(line) + "\n")
        return
    from neurokb.cli.terminal import styled

    _err().print(styled((label, _LABEL_STYLES.get(label, "bold")), " ", message))


def _styled_stream(stream: Any) -> bool:
    """Whether Rich would draw styles on ``stream``: a terminal, or one it is told to treat as
    such (``FORCE_COLOR``, ``TTY_COMPATIBLE``, as Rich reads them)."""
    if os.environ.get("TTY_COMPATIBLE", "") in ("0", "1") or "FORCE_COLOR" in os.environ:
        return True  # decided by Rich itself
    try:
        return bool(stream.isatty())
    except (AttributeError, ValueError):
        return True


def echo(text: str, *, nl: bool = True, err: bool = False, exact: bool = False) -> None:
    """Plain text for people, with control characters escaped (``\\x1b``).

    ``exact`` output (an export format or Markdown that a script may capture) is written
    unchanged when it goes to a file or pipe, and escaped only on a terminal.
    """
    stream = sys.stderr if err else sys.stdout
    if not exact or stream.isatty():
        text = printable(text)
    if "\x1b" not in text and _utf8(stream):
        # What Click's echo writes here (it changes only ANSI codes, or a stream not set up
        # for UTF-8), without importing Typer and Click (~45 ms) for a warm ``cite``.
        stream.write(text + "\n" if nl else text)
        stream.flush()
        return
    import typer

    typer.echo(text, nl=nl, err=err)


def _utf8(stream: Any) -> bool:
    encoding = getattr(stream, "encoding", None) or ""
    return encoding.lower().replace("_", "-") in ("utf-8", "utf8")


def progress_bar() -> Callable[[int, int], None] | None:
    """A progress callback that draws on a terminal only, for loads that take a while.

    A load may have several phases (building the index, then restoring from it): each
    reports up to its own total, and a finished bar makes room for the next one. The bar
    shows the expected time left. It is redrawn by the callback itself, never by a thread of
    its own: a first build forks worker processes between its chunks, which is unsafe once
    a thread runs (:mod:`neurokb.load.parallel`).
    """
    if not sys.stderr.isatty():
        return None
    from rich.progress import BarColumn, Progress, TaskProgressColumn, TimeRemainingColumn

    bar: dict[str, Any] = {}

    def update(done: int, total: int) -> None:
        if total < 2000:
            return
        if "p" not in bar:
            columns = (BarColumn(), TaskProgressColumn(), TimeRemainingColumn(), "left")
            bar["p"] = Progress(*columns, console=_err(), transient=True, auto_refresh=False)
            bar["p"].start()
            bar["t"] = bar["p"].add_task("", total=total)
        bar["p"].update(bar["t"], completed=done, total=total, refresh=True)
        if done >= total:
            bar.pop("p").stop()

    return update


def print_json(data: Any) -> None:
    sys.stdout.write(json.dumps(data, indent=2, ensure_ascii=False, default=str) + "\n")


class Stop(Exception):
    """A command ending with exit ``code`` once it has said why on stderr (see :func:`fail`).

    Typer's faces turn it into ``typer.Exit`` (:func:`neurokb.cli.face.boundary`), the quick
    path (:mod:`neurokb.cli.quick`) into the process's exit code: the command bodies raise the
    same thing either way and never import Typer.
    """

    def __init__(self, code: int) -> None:
        super().__init__(code)
        self.code = code


def fail(message: str, hint: str = "", code: Exit = Exit.DATA) -> Stop:
    """Print an error (and hint) on stderr and return the :class:`Stop` to raise."""
    say("error:", message)
    if hint:
        say("hint:", hint)
    return Stop(int(code))


def answered(func: Callable[..., Any], *args: Any, **kwargs: Any) -> int:
    """Run a command body; the exit code, library errors made one message and code 1.

    The one place that turns errors into messages: a traceback never reaches the user.
    """
    try:
        func(*args, **kwargs)
    except Stop as stop:
        return stop.code
    except NeuroKBError as exc:
        return fail(str(exc), exc.hint).code
    except BrokenPipeError:  # `neurokb list | head`
        sys.stderr.close()
        return 0
    except OSError as exc:  # a file system problem no library code expected: one line
        where = f"{exc.filename}: " if exc.filename else ""
        return fail(
            f"{where}{exc.strerror or exc}", "check the file and run the command again"
        ).code
    return 0
