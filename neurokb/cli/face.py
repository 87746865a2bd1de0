"""Typer's side of the commands: the shared options and :class:`App`, whose commands all pass
through :func:`boundary`.

Kept apart from :mod:`neurokb.cli.common` so that the read commands answered without Typer
(:mod:`neurokb.cli.quick`) never import it; ``common`` still hands these names out.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Annotated, Any

import typer

from neurokb.cli.common import answered

JsonOption = Annotated[bool, typer.Option("--json", help="Print one JSON document on stdout.")]
LimitOption = Annotated[
    int, typer.Option("--limit", "-n", min=1, help="Show at most this many results.")
]


def boundary(func: Callable[..., Any]) -> Callable[..., Any]:
    """Library errors as a message and exit code 1 (:func:`~neurokb.cli.common.answered`),
    ending the command the way Typer ends one."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> None:
        code = answered(func, *args, **kwargs)
        if code:
            raise typer.Exit(code)

    return wrapper


class App(typer.Typer):
    """A Typer app whose commands all pass through :func:`boundary`."""

    def command(self, *args: Any, **kwargs: Any) -> Callable[[Callable[..., Any]], Any]:
        register = super().command(*args, **kwargs)

        def decorate(func: Callable[..., Any]) -> Any:
            register(boundary(func))
            return func

        return decorate
