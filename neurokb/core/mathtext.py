"""Finding TeX math in entry Markdown, so renderers can leave it untouched.

Summaries mix Markdown with ``$...$`` and ``$$...$$`` math. Markdown renderers that know nothing
of math (the terminal's) treat ``_`` and ``\\,`` inside it as emphasis and escapes and mangle the
formula; splitting the text first lets each renderer decide what to do with a math span.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

# $$...$$ first (may span lines), then $...$ that does not start or end with a space (so that
# "costs $5 and $6" is not math) and whose "$" follows neither "\" nor "$", never across a
# blank line. Both start with the literal "$", so the regex engine skips to each "$" at once.
_MATH = re.compile(
    r"\$(?:\$(?P<display>.+?)\$\$"
    r"|(?<![\\$]\$)(?P<inline>[^\s$](?:[^$\n]|\n(?!\n))*?(?<![\s\\]))\$(?!\d))",
    re.S,
)


@dataclass(frozen=True)
class Math:
    """A math span: its TeX source and whether it is displayed on its own line."""

    tex: str
    display: bool


def find_math(text: str) -> Iterator[tuple[int, int, Math]]:
    """Each math span of ``text`` with its start and end offsets (delimiters included)."""
    for match in _MATH.finditer(text):
        display = match.group("display") is not None
        tex = (match.group("display") if display else match.group("inline")).strip()
        yield match.start(), match.end(), Math(tex, display)


def split_math(text: str) -> list[str | Math]:
    """``"a $x_i$ b"`` -> ``["a ", Math("x_i", False), " b"]``; text outside math is unchanged."""
    parts: list[str | Math] = []
    last = 0
    for start, end, math in find_math(text):
        if start > last:
            parts.append(text[last:start])
        parts.append(math)
        last = end
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
