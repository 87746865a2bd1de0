"""The console entry point: the read commands answered by :mod:`neurokb.cli.quick`, anything
else by the Typer application (:mod:`neurokb.cli.root`, whose names this module hands out).

Typer and Click take ~40 ms to import, a quarter of what a warm ``show`` or ``search`` may
take at 100,000 papers; the quick path parses the read commands' usual arguments itself and
leaves every other line (``--help``, usage errors, other commands) to Typer, which answers
it as before.
"""

from __future__ import annotations

import sys
from typing import Any


def main() -> None:
    """Console-script entry point."""
    from neurokb.cli.quick import answer

    code = answer(sys.argv[1:])
    if code is not None:
        sys.exit(code)
    from neurokb.cli.root import app

    sys.exit(app(prog_name="neurokb"))


def __getattr__(name: str) -> Any:
    """``app``, ``COMMANDS`` and the rest of :mod:`neurokb.cli.root`, loaded on first use
    (never for a dunder name: the import system asks for ``__path__`` on every import)."""
    if name.startswith("__"):
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    from neurokb.cli import root

    try:
        return getattr(root, name)
    except AttributeError:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}") from None
