"""The markup a stored title may hold, and its forms in each output.

Titles come from BibTeX libraries where braces protect capitals (``A {Bayesian} model of {V1}``),
where ``$...$`` is math and ``\\emph`` italics. Dropping that markup on import loses the casing
styles need and turns formulas into backslash soup, so a title keeps three kinds of span
(documented in CONTRIBUTING.md, "Title markup"):

- ``{...}``: keep these capitals (BibTeX braces; CSL ``<span class="nocase">``);
- ``$...$``: inline TeX math, written verbatim to BibTeX and rendered by KaTeX on the site;
- ``<i>...</i>``: italics (BibTeX ``\\emph{}``; CSL rich text ``<i>``).

Anything else is literal text: ``<`` and ``&`` outside ``<i>``/``</i>`` are characters, never
HTML. ``\\$``, ``\\{`` and ``\\}`` write a literal dollar or brace.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from dataclasses import dataclass

_LITERAL = {"\\$": "$", "\\{": "{", "\\}": "}"}


@dataclass(frozen=True)
class Span:
    """A marked span: ``kind`` is ``"nocase"``, ``"i"`` or ``"math"`` (whose body is TeX)."""

    kind: str
    body: tuple[str | Span, ...] | str


Part = str | Span


def parse(title: str) -> list[Part]:
    """The title as text and spans; ValueError names the first unbalanced brace, $ or <i>."""
    parts, _ = _parse(title, 0, None)
    return parts


def _parse(title: str, pos: int, closer: str | None) -> tuple[list[Part], int]:
    out: list[Part] = []
    buffer: list[str] = []

    def flush() -> None:
        if buffer:
            out.append("".join(buffer))
            buffer.clear()

    while pos < len(title):
        two = title[pos : pos + 2]
        if two in _LITERAL:
            buffer.append(_LITERAL[two])
            pos += 2
        elif closer and title.startswith(closer, pos):
            flush()
            return out, pos + len(closer)
        elif title[pos] == "}":
            raise ValueError(f"'}}' at character {pos + 1} closes no '{{' (write \\}} for a brace)")
        elif title[pos] == "{":
            flush()
            body, pos = _parse(title, pos + 1, "}")
            out.append(Span("nocase", tuple(body)))
        elif title.startswith("<i>", pos):
            flush()
            body, pos = _parse(title, pos + 3, "</i>")
            out.append(Span("i", tuple(body)))
        elif title.startswith("</i>", pos):
            raise ValueError(f"'</i>' at character {pos + 1} closes no '<i>'")
        elif title[pos] == "$":
            end = pos + 1
            while end < len(title) and (title[end] != "$" or title[end - 1] == "\\"):
                end += 1
            if end >= len(title):
                raise ValueError(f"'$' at character {pos + 1} opens math that is never closed")
            flush()
            out.append(Span("math", title[pos + 1 : end]))
            pos = end + 1
        else:
            buffer.append(title[pos])
            pos += 1
    if closer:
        raise ValueError(f"'{closer}' is missing: a '{{' or '<i>' is never closed")
    flush()
    return out, pos


@dataclass(frozen=True)
class Form:
    """How one output writes each kind of part; :func:`render` walks the parts with it."""

    text: Callable[[str], str]
    italic: Callable[[str], str]
    nocase: Callable[[str], str]
    math: Callable[[str], str] = lambda tex: f"${tex}$"


def render(parts: list[Part] | tuple[Part, ...], form: Form) -> str:
    out = []
    for part in parts:
        if isinstance(part, str):
            out.append(form.text(part))
        elif part.kind == "math":
            out.append(form.math(part.body))  # type: ignore[arg-type]
        elif part.kind == "i":
            out.append(form.italic(render(part.body, form)))  # type: ignore[arg-type]
        else:
            out.append(form.nocase(render(part.body, form)))  # type: ignore[arg-type]
    return "".join(out)


STORED = Form(
    text=lambda t: t.replace("{", "\\{").replace("}", "\\}").replace("$", "\\$"),
    italic=lambda inner: f"<i>{inner}</i>",
    nocase=lambda inner: "{" + inner + "}",
)
PLAIN = Form(text=str, italic=str, nocase=str)
CSL = Form(
    text=lambda t: html.escape(t, quote=False),
    italic=lambda inner: f"<i>{inner}</i>",
    nocase=lambda inner: f'<span class="nocase">{inner}</span>',
)


def unparse(parts: list[Part] | tuple[Part, ...]) -> str:
    """The stored form of parsed parts: ``unparse(parse(t)) == t`` up to escapes."""
    return render(parts, STORED)


def check(title: str) -> str:
    """The title unchanged if its markup is well formed (a Pydantic after-validator).

    A title without any mark cannot be malformed; most have none, and parsing them
    character by character was a sixth of validating a paper.
    """
    if has_markup(title):
        parse(title)
    return title


def has_markup(title: str) -> bool:
    return any(mark in title for mark in ("{", "}", "$", "<i>", "</i>"))


def plain(title: str) -> str:
    """The title as text: braces and ``<i>`` dropped, math kept as ``$...$``."""
    if not has_markup(title):
        return title
    return render(parse(title), PLAIN)


def csl(title: str) -> str:
    """CSL rich text: ``<span class="nocase">``, ``<i>``; math left as ``$...$``.

    CSL processors read ``<``, ``>`` and ``&`` in a title as markup, so literal ones are
    escaped as HTML entities, as Zotero writes them.
    """
    if not has_markup(title) and not any(c in title for c in "<>&"):
        return title
    return render(parse(title), CSL)


def from_csl(text: str) -> str:
    """The inverse of :func:`csl`: CSL rich text (Zotero, pandoc) to stored markup."""
    text = text.replace("{", "\\{").replace("}", "\\}")
    text = re.sub(r'<span class="nocase">(.*?)</span>', r"{\1}", text)
    text = re.sub(r"<(/?)(?:i|em)>", r"<\1i>", text)
    text = re.sub(r"</?(?:b|sup|sub|span[^>]*)>", "", text)
    return html.unescape(text)
