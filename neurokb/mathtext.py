"""Finding TeX math in entry Markdown, so renderers can leave it untouched.

Summaries mix Markdown with ``$...$`` and ``$$...$$`` math. Markdown renderers that know nothing
of math (the terminal's) treat ``_`` and ``\\,`` inside it as emphasis and escapes and mangle the
formula; splitting the text first lets each renderer decide what to do with a math span.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# $$...$$ first (may span lines), then $...$ that does not start or end with a space (so that
# "costs $5 and $6" is not math), never across a blank line.
_MATH = re.compile(
    r"\$\$(?P<display>.+?)\$\$|(?<![\\$])\$(?P<inline>[^\s$](?:[^$\n]|\n(?!\n))*?(?<![\s\\]))\$(?!\d)",
    re.S,
)


@dataclass(frozen=True)
class Math:
    """A math span: its TeX source and whether it is displayed on its own line."""

    tex: str
    display: bool


def split_math(text: str) -> list[str | Math]:
    """``"a $x_i$ b"`` -> ``["a ", Math("x_i", False), " b"]``; text outside math is unchanged."""
    parts: list[str | Math] = []
    last = 0
    for match in _MATH.finditer(text):
        if match.start() > last:
            parts.append(text[last : match.start()])
        display = match.group("display") is not None
        parts.append(
            Math((match.group("display") if display else match.group("inline")).strip(), display)
        )
        last = match.end()
    if last < len(text):
        parts.append(text[last:])
    return parts


def math_as_code(text: str) -> str:
    """Markdown in which every math span is code, so a math-unaware renderer shows it verbatim."""
    out = []
    for part in split_math(text):
        if isinstance(part, Math):
            out.append(f"\n```latex\n{part.tex}\n```\n" if part.display else f"`{part.tex}`")
        else:
            out.append(part)
    return "".join(out)
