"""Tables drawn as plain text, byte for byte as Rich draws them to a file or a pipe.

A warm ``list`` or ``related`` at 100,000 papers may take 0.15 s for the whole process, and
Rich spent ~40 ms of it importing itself and laying out a 50-row table whose only output, on
a file or pipe, is plain text. This module lays out the one kind of table the query commands
draw (:mod:`neurokb.cli.tables`: Rich's ``SIMPLE_HEAD`` box, one space of padding each side,
a left-justified title, not expanded) with Rich's own rules, step by step: each column
measured (its widest line, its longest word, ``min_width``/``max_width``), widths collapsed
when the table is too wide, each cell word-wrapped (long words folded or cut with an
ellipsis, ``no_wrap`` cells cut), justified left or right, padded, and the rows drawn with
the header aligned to the bottom and cells to the top.

It answers only what it knows it draws exactly as Rich does: cell text made of characters
Rich measures as one cell without its Unicode tables (Latin, Greek, Cyrillic: ``RANGES``),
no tab anywhere. For anything else :func:`render` returns None and the caller draws the
table with Rich. Styles are not drawn: the caller uses this only where Rich would draw none
(:func:`neurokb.cli.tables.plain_width`). ``tests/test_plaintable.py`` compares the two on
thousands of random tables and widths.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from itertools import pairwise
from typing import NamedTuple

# Characters whose width is one cell by Rich's own short list (rich.cells checks a string
# against these ranges before it consults its Unicode tables): printable Latin-1 but the soft
# hyphen, Latin Extended-A/B, IPA and spacing modifiers, Greek and Cyrillic.
RANGES = ((0x20, 0x7E), (0xA0, 0xAC), (0xAE, 0x2FF), (0x370, 0x482))
_BEYOND = re.compile("[^\n\x20-\x7e\xa0-\xac\xae-\u02ff\u0370-\u0482]")  # RANGES, newline

_WORD = re.compile(r"\s*\S+\s*")  # a word and the space after it, as Rich wraps words
_TRAILING_SPACE = re.compile(r"\s+$")
_ELLIPSIS = "…"
_PAD = 1  # spaces either side of a cell


class Column(NamedTuple):
    """A column as Rich's ``Table.add_column`` takes it (the options the commands use)."""

    header: str
    justify: str = "left"  # "left" or "right"
    no_wrap: bool = False
    overflow: str = "ellipsis"  # "ellipsis" or "fold"
    min_width: int | None = None
    max_width: int | None = None
    style: str = ""  # drawn by Rich only (no styles here)
    ratio: int | None = None  # only an expanded Rich table uses it; these never expand


def drawable(text: str) -> bool:
    """Whether cell ``text`` is laid out here exactly as Rich lays it out."""
    return _BEYOND.search(text) is None


def render(
    columns: Sequence[Column], rows: Sequence[Sequence[str]], width: int, title: str | None
) -> str | None:
    """The table as Rich prints it on a ``width``-column console with ``soft_wrap`` and no
    styles; None when some text is beyond :func:`drawable` (draw it with Rich then).

    Cell text and the title must already be printable (control characters escaped).
    """
    grid = [[c.header for c in columns], *[list(row) for row in rows]]
    if any(not drawable(cell) for row in grid for cell in row) or "\t" in (title or ""):
        return None
    if width < 1:
        return ""  # Rich draws nothing on a console with no room
    by_column = [[row[i] for row in grid] for i in range(len(columns))]
    widths = _widths(columns, by_column, width - (len(columns) + 1))
    out: list[str] = []
    if title and sum(widths) + len(columns) + 1 >= 1:
        out.append(title)  # drawn unwrapped: soft_wrap prints the title as written
    out.append(" " * (sum(widths) + len(columns) + 1))  # the box's top edge: blank
    for index, row in enumerate(grid):
        cells = [
            _cell(text, w, column) for text, w, column in zip(row, widths, columns, strict=True)
        ]
        height = max(len(lines) for lines in cells)
        shaped = []
        for lines, w in zip(cells, widths, strict=True):
            blank = [" " * w] * (height - len(lines))
            lines = blank + lines if index == 0 else lines + blank  # header to the bottom
            shaped.append(lines + [" " * w] * (max(1, height) - len(lines)))
        out.extend(" " + " ".join(line) + " " for line in zip(*shaped, strict=True))
        if index == 0:
            out.append(" " + "─".join("─" * w for w in widths) + " ")
    out.append(" " * (sum(widths) + len(columns) + 1))  # the bottom edge: blank
    return "\n".join(out) + "\n"


def _normalized(low: int, high: int) -> tuple[int, int]:
    """A (minimum, maximum) pair made sane: 0 <= minimum <= maximum."""
    low = min(max(0, low), high)
    return max(0, low), max(0, low, high)


def _within(measure: tuple[int, int], available: int) -> tuple[int, int]:
    """A measurement limited to ``available``, as Rich measures what it renders: normalized,
    capped, nothing when under one cell."""
    low, high = _normalized(*measure)
    low, high = min(low, available), min(high, available)
    return (0, 0) if high < 1 else _normalized(low, high)


def _measure(text: str, available: int) -> tuple[int, int]:
    """A padded cell's (minimum, maximum) width given ``available`` cells: its longest word
    and its widest line, plus the padding."""
    if available < 1:
        return 0, 0
    if available - 2 * _PAD < 1:
        padded = available, available
    else:
        lines = text.splitlines()
        high = max(map(len, lines)) if lines else 0
        words = text.split()
        low, high = _within((max(map(len, words)) if words else high, high), available)
        padded = min(low + 2 * _PAD, available), min(high + 2 * _PAD, available)
    return _within(padded, available)


def _measure_column(column: Column, cells: Sequence[str], available: int) -> tuple[int, int]:
    """A column's (minimum, maximum) width, its header included, clamped by its limits."""
    if available < 1:
        return 0, 0
    measured = [_measure(cell, available) for cell in cells]
    low = max(m[0] for m in measured) if measured else 1
    high = max(m[1] for m in measured) if measured else available
    low, high = min(low, available), min(high, available)
    if column.min_width is not None:
        floor = max(0, column.min_width + 2 * _PAD)
        low, high = max(low, floor), max(high, floor)
    if column.max_width is not None:
        ceiling = column.max_width + 2 * _PAD
        low, high = min(low, ceiling), min(high, ceiling)
    return low, high


def _widths(columns: Sequence[Column], cells: list[list[str]], available: int) -> list[int]:
    """Each column's width, padding included: its widest content, narrowed as Rich narrows a
    table wider than ``available`` (wrappable columns first, widest first, then all evenly)."""
    widths = [
        _measure_column(c, cs, available)[1] or 1 for c, cs in zip(columns, cells, strict=True)
    ]
    if sum(widths) <= available:
        return widths
    widths = _collapse(widths, [not c.no_wrap for c in columns], available)
    if sum(widths) > available:
        widths = _reduce(sum(widths) - available, [1] * len(widths), widths, widths)
    return [_measure_column(c, cs, w)[1] for c, cs, w in zip(columns, cells, widths, strict=True)]


def _collapse(widths: list[int], wrappable: list[bool], available: int) -> list[int]:
    """Narrow the widest wrappable columns, step by step down to the next widest, until the
    table fits or no wrappable column is left to narrow."""
    excess = sum(widths) - available
    if not any(wrappable):
        return widths
    while sum(widths) and excess > 0:
        widest = max(w for w, ok in zip(widths, wrappable, strict=True) if ok)
        second = max(
            w if ok and w != widest else 0 for w, ok in zip(widths, wrappable, strict=True)
        )
        shares = [1 if ok and w == widest else 0 for w, ok in zip(widths, wrappable, strict=True)]
        if not any(shares) or widest == second:
            break
        limit = [min(excess, widest - second)] * len(widths)
        widths = _reduce(excess, shares, limit, widths)
        excess = sum(widths) - available
    return widths


def _reduce(total: int, shares: list[int], limits: list[int], values: list[int]) -> list[int]:
    """``values`` less ``total`` shared out by ``shares``, each cut at most its limit, the
    rounding carried to the next share (Rich's ``ratio_reduce``)."""
    shares = [share if limit else 0 for share, limit in zip(shares, limits, strict=True)]
    left_shares = sum(shares)
    if not left_shares:
        return values[:]
    left = total
    out = []
    for share, limit, value in zip(shares, limits, values, strict=True):
        if share and left_shares > 0:
            cut = min(limit, round(share * left / left_shares))
            out.append(value - cut)
            left -= cut
            left_shares -= share
        else:
            out.append(value)
    return out


def _cell(text: str, width: int, column: Column) -> list[str]:
    """A cell's lines, each ``width`` characters: wrapped, justified, padded."""
    inner = width - 2 * _PAD
    if inner < 1:
        return []  # Rich renders nothing in a cell with no room inside its padding
    overflow = column.overflow
    lines: list[str] = []
    for line in text.split("\n"):
        if column.no_wrap:
            pieces = [line]
        else:
            offsets = _breaks(line, inner, fold=overflow == "fold")
            bounds = [0, *offsets, len(line)]
            pieces = [_rstrip_end(line[a:b], inner) for a, b in pairwise(bounds)]
        if column.justify == "right":
            pieces = [_truncate(p.rstrip(), inner, overflow) for p in pieces]
            pieces = [" " * (inner - len(p)) + p for p in pieces]
        else:
            pieces = [_truncate(p, inner, overflow, pad=True) for p in pieces]
        lines.extend(_truncate(p, inner, overflow) for p in pieces)
    pad = " " * _PAD
    return [pad + _fit(line, inner) + pad for line in lines]


def _breaks(text: str, width: int, *, fold: bool) -> list[int]:
    """Where a line of ``text`` breaks to fit ``width`` (Rich's word wrap, ``divide_line``):
    a word moves to the next line when it does not fit; a word longer than a line is folded
    into line-long pieces, or left whole to be cut."""
    breaks: list[int] = []
    column = 0
    match = _WORD.match(text, 0)
    while match is not None:
        start, end = match.span()
        word = match.group()
        length = len(word.rstrip())
        if width - column >= length:
            column += len(word)
        elif length > width:
            if fold:
                pieces = [word[i : i + width] for i in range(0, len(word), width)]
                for number, piece in enumerate(pieces, 1):
                    if start:
                        breaks.append(start)
                    if number == len(pieces):
                        column = len(piece)
                    else:
                        start += len(piece)
            else:
                if start:
                    breaks.append(start)
                column = len(word)
        elif column and start:
            breaks.append(start)
            column = len(word)
        match = _WORD.match(text, end)
    return breaks


def _rstrip_end(text: str, size: int) -> str:
    """Drop trailing space beyond ``size`` (a wrapped line keeps the space that fits)."""
    excess = len(text) - size
    if excess > 0:
        space = _TRAILING_SPACE.search(text)
        if space is not None:
            return text[: -min(len(space.group()), excess)]
    return text


def _truncate(text: str, width: int, overflow: str, *, pad: bool = False) -> str:
    """``text`` cut to ``width`` (with an ellipsis unless folding); padded when asked."""
    length = len(text)
    if length > width:
        text = _fit(text, width - 1) + _ELLIPSIS if overflow == "ellipsis" else _fit(text, width)
    if pad and length < width:
        text += " " * (width - length)
    return text


def _fit(text: str, width: int) -> str:
    """``text`` cut or padded with spaces to ``width`` characters."""
    return text + " " * (width - len(text)) if len(text) < width else text[:width]
