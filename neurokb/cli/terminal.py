"""The terminal as entry text meets it: shown as written, never as markup or control codes.

Titles, names and topic names come from strangers' pull requests, and command arguments from
anyone. Two things must never happen when they are printed: Rich reading ``[/x]`` or ``[bold]``
in them as markup (a closing tag that matches nothing raises ``MarkupError`` and took queries
down), and an escape sequence or BEL in them reaching the terminal raw (it can retitle the
window, clear the screen or hide lines). So the consoles here have markup and emoji codes off
for every string, and control characters become visible escapes (``\\x1b``) on the way in
(:meth:`SafeConsole.render_str`, where widths are measured) and again on the way out
(:meth:`SafeConsole.render`, which also covers Markdown and hand-built ``Text``). Styling is
given as data, not markup: :func:`styled` pairs text with a style.

Imported only when something is drawn (Rich costs over 10 ms to import, see ``common``).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from rich.console import Console, ConsoleOptions, RenderableType
from rich.segment import Segment
from rich.text import Text

from neurokb.cli.common import CONTROL, printable


def styled(*parts: str | tuple[str, str]) -> Text:
    """Text from plain parts and ``(text, style)`` pairs, every part shown as written.

    ``styled(("error:", "red"), " ", message)`` replaces the markup ``f"[red]error:[/] {message}"``,
    which broke on a message quoting ``[/x]``.
    """
    text = Text()
    for part in parts:
        if isinstance(part, str):
            text.append(printable(part))
        else:
            text.append(printable(part[0]), style=part[1])
    return text


class SafeConsole(Console):
    """A Rich console that prints every string literally (see the module docstring)."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.update(markup=False, emoji=False, highlight=False)
        super().__init__(**kwargs)

    def render_str(self, text: str, **kwargs: Any) -> Text:
        """Strings (printed, table cells, titles) become Text without markup or emoji codes."""
        kwargs.update(markup=False, emoji=False)
        return super().render_str(printable(text), **kwargs)

    def render(
        self, renderable: RenderableType, options: ConsoleOptions | None = None
    ) -> Iterable[Segment]:
        """Rich's rendering, with control characters in text segments made visible.

        Rich's own cursor moves and styles travel as control segments and styles, never as the
        text of a segment, so they pass unchanged.
        """
        for segment in super().render(renderable, options):
            if segment.control is None and CONTROL.search(segment.text):
                yield Segment(printable(segment.text), segment.style)
            else:
                yield segment
