"""The safe Markdown subset of entry text: one scanner that validates it and renders it.

Entries arrive by pull request from strangers, so their text is data, never markup. The
fields that allow Markdown (a paper's ``summary``, ``abstract`` and ``notes``, a topic's
``summary``) allow only this subset:

- paragraphs (a blank line between them) and tables (``| a | b |`` rows, the second row
  ``| --- | --- |``);
- emphasis: ``*word*``, ``_word_``, ``**strong**``;
- inline code: ```code```;
- links ``[label](target)`` whose target is ``http://``, ``https://``, ``mailto:`` or a
  relative path, with no title;
- math: ``$x_i$`` inline and ``$$ ... $$`` displayed (TeX, typeset by KaTeX);
- citations of papers in the knowledge base: ``[@key]``, ``[@a; @b]``, ``[see @key, p. 3]``.

Everything else is shown as written. What looks like markup outside the subset is refused by
:func:`check` (``neurokb validate``, rule NKB032): raw HTML and HTML comments, character
references (``&amp;``), attribute lists (``{: ...}``), images, link titles, reference-style
links and footnotes, and any other link target (``javascript:``, ``data:`` ...).

:func:`render` turns any text, valid or not, into Markdown for the site in which only the
subset is markup: every other character that Markdown, HTML or the site's extensions would
read is backslash-escaped (the site enables ``pymdownx.escapeall``, which prints an escaped
character as itself), link targets are percent-encoded, and math and code are emitted as
inline HTML whose content is escaped, so nothing in them is read as Markdown either. The site
never relies on validation having run. Both functions share one scanner, so what validate
accepts and what the site shows cannot drift apart.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import NamedTuple
from urllib.parse import quote

from neurokb.core.mathtext import find_math

# -- citations ---------------------------------------------------------------------------------
# A bracket holding an @key, not followed by "(" or "[" (that would be a Markdown link).
CITATION_GROUP = re.compile(r"\[([^\[\]\n]*@[a-z0-9][^\[\]\n]*)\](?![(\[])")
# One item of a group: optional prefix, @key (at the start or after a space; -@key when the
# sentence names the author, so only the year is shown), optional locator.
_ITEM = re.compile(
    r"^(?P<pre>.*?)(?:(?<=\s)|^)(?P<minus>-?)@(?P<key>[a-z0-9][a-z0-9_-]*)(?P<post>.*)$", re.S
)


class CitationItem(NamedTuple):
    """One cited work of a group: ``[see @key, p. 3]`` -> ("see", "key", ", p. 3", False)."""

    pre: str
    key: str
    post: str
    year_only: bool = False  # [-@key]


Cite = Callable[[list[CitationItem]], str]


def parse_citation_group(text: str) -> list[CitationItem] | None:
    """The items of ``[...]``'s inside, or None when it is not a citation ("[mail a@b.org]")."""
    items = []
    for raw in text.split(";"):
        match = _ITEM.match(raw.strip())
        if match is None:
            return None
        items.append(
            CitationItem(
                match["pre"].strip(), match["key"], match["post"].strip(), bool(match["minus"])
            )
        )
    return items


# -- escaping ----------------------------------------------------------------------------------
# Characters that start Markdown, math, HTML or a site extension's syntax (emoji ":x:",
# details "???", admonitions "!!!", tabs "===", character references "&..;").
_SPECIAL = re.compile(r"([\\`*_{}\[\]()<>#+!|$~^=:&?-])")
# ASCII punctuation: what a backslash escapes in Markdown (the character is then literal).
_PUNCTUATION = frozenset(r"""!"#$%&'()*+,-./:;<=>?@[\]^_`{|}~""")


def escape(value: str) -> str:
    """``value`` as literal text in the site's Markdown: no emphasis, links, math or HTML."""
    return _SPECIAL.sub(r"\\\1", value)


# -- link targets ------------------------------------------------------------------------------
_SCHEME = re.compile(r"^([A-Za-z][A-Za-z0-9+.-]*):")
_ALLOWED_SCHEMES = frozenset({"http", "https", "mailto"})
_BAD_IN_TARGET = re.compile(r"[\s\x00-\x1f\x7f<>\"\\`]")
# Characters a link target keeps as they are; every other one is percent-encoded.
_URL_SAFE = "/:?#@!$&+,;=%-._~"


def code_span(text: str) -> str:
    """``text`` as one inline code span of the subset: shown exactly as written, whatever it holds.

    Tools that write notes (the importers) quote outside text this way, so a file called
    ``<stdin>`` or a BibTeX note with ``\\href`` neither renders nor fails validation. The fence
    is one backtick longer than any run inside; a space pads text that starts or ends with one.
    """
    text = " ".join(text.splitlines())
    fence = "`" * (max((len(run) for run in _CODE.findall(text)), default=0) + 1)
    pad = " " if text[:1] == "`" or text[-1:] == "`" or not text.strip() else ""
    return f"{fence}{pad}{text}{pad}{fence}"


def target_allowed(target: str) -> bool:
    """True for ``http(s)://``, ``mailto:`` and relative targets without odd characters.

    A colon before the first ``/``, ``?`` or ``#`` means a scheme, and only three are allowed:
    that refuses ``javascript:`` in any case and ``javascript\\:`` alike.
    """
    if not target or _BAD_IN_TARGET.search(target) or _CHAR_REF.search(target):
        return False
    scheme = _SCHEME.match(target)
    if scheme:
        return scheme.group(1).lower() in _ALLOWED_SCHEMES
    head = re.split(r"[/?#]", target, maxsplit=1)[0]
    return ":" not in head


def href(target: str) -> str:
    """``target`` percent-encoded for a Markdown link: it cannot end the link or add markup.

    Brackets, parentheses, quotes, spaces and non-ASCII become ``%XX``; ``&`` becomes
    ``&amp;`` so that Markdown cannot keep a character reference (``&#106;``) in the link.
    """
    return quote(target, safe=_URL_SAFE).replace("&", "&amp;")


# -- the scanner -------------------------------------------------------------------------------
@dataclass(frozen=True)
class Finding:
    """Markup outside the subset at ``offset`` (0-based, in the text as given)."""

    offset: int
    length: int
    message: str
    hint: str

    def snippet(self, text: str) -> str:
        """The refused markup as written (its first line), to find it in the file."""
        return text[self.offset : self.offset + self.length].split("\n", 1)[0]


_HINT_HTML = (
    "entry text is shown as written, never as HTML: remove the tag, or put code in `backticks`"
)
_HINT_REF = "write the character itself (&, <, é ...)"
_HINT_ATTR = "attribute lists are not allowed in entry text: remove the braces"
_HINT_LINK = (
    "links may point only to http://, https://, mailto: or a relative path, written "
    "[label](target) without a title"
)
_HINT_IMAGE = "images are not allowed in entry text: link to the image with [label](https://...)"
_HINT_REFLINK = "write the link inline, as [label](https://...)"

# A tag (a name, then a space, "/", ">" or an autolink's ":"), a comment, a declaration or a
# processing instruction; "a <b, c" and "x <3" are text.
_HTML = re.compile(r"</?[A-Za-z][A-Za-z0-9-]*(?=[\s/>:])[^\s<>]{0,40}>?|<!--|<![A-Za-z]|<\?")
_CHAR_REF = re.compile(r"&(?:#[0-9]{1,8}|#[xX][0-9a-fA-F]{1,8}|[A-Za-z][A-Za-z0-9]{1,31});")
_ATTR_LIST = re.compile(r"\{\s*(?::|[.#][\w-]|[A-Za-z_][\w-]*\s*=)")
_LINK_DEFINITION = re.compile(r"\[[^\]\n]+\]:")
_CODE = re.compile(r"`+")


@dataclass(frozen=True)
class _Token:
    """One piece of the text: ``kind`` is text, code, math, link, citation or bad."""

    kind: str
    start: int
    end: int
    value: str = ""  # code content, TeX, link target, or the literal text
    label: tuple[_Token, ...] = ()  # a link's label, scanned on its own
    display: bool = False  # display math
    items: tuple[CitationItem, ...] = ()
    finding: Finding | None = None


def _atoms(text: str) -> dict[int, _Token]:
    """Code spans and math spans by start offset: nothing inside them is markup.

    A code span is a backtick run closed by a run of the same length; math is found outside
    code (:func:`neurokb.core.mathtext.find_math`, the rule the terminal uses too).
    """
    atoms: dict[int, _Token] = {}
    blanked = text
    pos = 0
    while "`" in text and (opener := _CODE.search(text, pos)) is not None:
        closer = _CODE.search(text, opener.end())
        while closer is not None and len(closer.group()) != len(opener.group()):
            closer = _CODE.search(text, closer.end())
        if closer is None:
            pos = opener.end()
            continue
        start, end = opener.start(), closer.end()
        atoms[start] = _Token("code", start, end, text[opener.end() : closer.start()])
        blanked = blanked[:start] + " " * (end - start) + blanked[end:]
        pos = end
    if "$" in text:
        for start, end, math in find_math(blanked):
            atoms[start] = _Token("math", start, end, math.tex, display=math.display)
    return atoms


def _next_atom(atoms: dict[int, _Token], starts: list[int], pos: int, stop: int) -> int:
    """The start of the first code or math span at or after ``pos`` (``stop`` if none)."""
    index = bisect_left(starts, pos)
    return starts[index] if index < len(starts) and starts[index] < stop else stop


def _closing(text: str, pos: int, stop: int, atoms: dict[int, _Token], pair: str) -> int:
    """The index of the bracket closing the one at ``pos`` (-1 if none before ``stop`` or a
    blank line); brackets inside code, math or after a backslash do not count."""
    opening, closing = pair
    stops = _BRACKET_STOPS[pair]
    starts = sorted(atoms)
    depth = 0
    index = pos
    while index < stop:
        found = stops.search(text, index, stop)
        candidate = found.start() if found else stop
        atom = _next_atom(atoms, starts, index, stop)
        if atom <= candidate and atom < stop:
            index = atoms[atom].end
            continue
        if candidate >= stop:
            return -1
        index = candidate
        char = text[index]
        if char == "\\":
            index += 2
            continue
        if char == "\n":
            if text.startswith("\n", index + 1):
                return -1
        elif char == opening:
            depth += 1
        elif char == closing:
            depth -= 1
            if depth == 0:
                return index
        index += 1
    return -1


_BRACKET_STOPS = {"[]": re.compile(r"[\\\n\[\]]"), "()": re.compile(r"[\\\n()]")}
_TRIGGER = re.compile(r"[\\!\[<&{]")


def _scan(
    text: str, start: int, stop: int, atoms: dict[int, _Token], *, label: bool = False
) -> Iterator[_Token]:
    """The tokens of ``text[start:stop]``: literal text, code, math, links, citations, and
    markup outside the subset. In a link ``label`` brackets are text (no nested links)."""
    pos = literal_from = start
    starts = sorted(atoms)

    def flush(upto: int) -> Iterator[_Token]:
        if upto > literal_from:
            yield _Token("text", literal_from, upto, text[literal_from:upto])

    while pos < stop:
        # Jump to the next character that can start something (in C, not letter by letter).
        found = _TRIGGER.search(text, pos, stop)
        pos = min(found.start() if found else stop, _next_atom(atoms, starts, pos, stop))
        if pos >= stop:
            break
        char = text[pos]
        token: _Token | None = None
        if pos in atoms and atoms[pos].end <= stop:
            token = atoms[pos]
        elif char == "\\" and pos + 1 < stop and text[pos + 1] in _PUNCTUATION:
            pos += 2  # a Markdown escape: the next character is literal
            continue
        elif char == "!" and text.startswith("![", pos):
            token = _bad(pos, 2, "image '!['", _HINT_IMAGE)
        elif char == "[" and not label:
            token = _bracket(text, pos, stop, atoms)
        elif char == "<" and (match := _HTML.match(text, pos, stop)):
            token = _bad(pos, match.end() - pos, f"raw HTML '{match.group()}'", _HINT_HTML)
        elif char == "&" and (match := _CHAR_REF.match(text, pos, stop)):
            what = f"character reference '{match.group()}'"
            token = _bad(pos, match.end() - pos, what, _HINT_REF)
        elif char == "{" and (match := _ATTR_LIST.match(text, pos, stop)):
            token = _bad(pos, match.end() - pos, f"attribute list '{match.group()}'", _HINT_ATTR)
        if token is None:
            pos += 1
            continue
        yield from flush(pos)
        yield token
        pos = literal_from = token.end
    yield from flush(stop)


def _bad(offset: int, length: int, what: str, hint: str) -> _Token:
    """Markup outside the subset: shown as written, and a finding for validate."""
    finding = Finding(offset, length, f"{what} is not allowed", hint)
    return _Token("bad", offset, offset + length, finding=finding)


def _bracket(text: str, pos: int, stop: int, atoms: dict[int, _Token]) -> _Token | None:
    """What a ``[`` at ``pos`` starts: a citation, a link, markup we refuse, or nothing."""
    line_start = text.rfind("\n", 0, pos) + 1
    if not text[line_start:pos].strip() and (definition := _LINK_DEFINITION.match(text, pos)):
        shown = definition.group()
        return _bad(pos, len(shown), f"link definition '{shown}'", _HINT_REFLINK)
    if text.startswith("[^", pos) and (close := text.find("]", pos, stop)) > pos:
        return _bad(pos, close + 1 - pos, f"footnote '{text[pos : close + 1]}'", _HINT_REFLINK)
    citation = CITATION_GROUP.match(text, pos, stop)
    if citation and (items := parse_citation_group(citation.group(1))) is not None:
        return _Token("citation", pos, citation.end(), items=tuple(items))
    close = _closing(text, pos, stop, atoms, "[]")
    if close < 0:
        return None
    after = close + 1
    if text.startswith("[", after):
        end = text.find("]", after, stop)
        end = end + 1 if end >= 0 else after + 1
        return _bad(pos, end - pos, f"reference-style link '{text[pos:end]}'", _HINT_REFLINK)
    if not text.startswith("(", after):
        return None
    end = _closing(text, after, stop, atoms, "()")
    if end < 0:
        return None
    target = text[after + 1 : end].strip()
    if not target_allowed(target):
        return _bad(pos, end + 1 - pos, f"link target '{target}'", _HINT_LINK)
    label = tuple(_scan(text, pos + 1, close, atoms, label=True))
    return _Token("link", pos, end + 1, target, label=label)


def _tokens(text: str) -> list[_Token]:
    return list(_scan(text, 0, len(text), _atoms(text)))


def _findings(tokens: tuple[_Token, ...] | list[_Token]) -> Iterator[Finding]:
    for token in tokens:
        if token.finding is not None:
            yield token.finding
        yield from _findings(token.label)


def check(text: str) -> list[Finding]:
    """Every piece of ``text`` that is markup outside the subset, in order (empty = valid)."""
    if not _TRIGGER.search(text):  # most summaries: no character that could start any
        return []
    return sorted(_findings(_tokens(text)), key=lambda f: f.offset)


# -- rendering ---------------------------------------------------------------------------------
# A writer's backslash escape (kept: literal either way), or a character to escape.
_LITERAL = re.compile(r"\\[!-/:-@\[-`{-~]|[\\`{}\[\]()<>#+!|$~^=:&?-]")


def _literal(text: str) -> str:
    """Text outside code, math and links: only emphasis (``*``, ``_``) stays markup."""
    return _LITERAL.sub(lambda m: m.group() if len(m.group()) == 2 else "\\" + m.group(), text)


def math_html(tex: str, *, display: bool = False) -> str:
    """TeX as the inline HTML the site's math script typesets; nothing in it is markup.

    Display math is a span of class ``nkb-display`` in a paragraph of its own (the script
    typesets it displayed, the style sheet makes it a block), not a ``<div>``: that works
    inside indented blocks too, where Markdown would not see an HTML block.
    """
    body = re.sub(r"\n\s*\n", "\n", tex.strip())
    body = "\n".join(line.rstrip() for line in body.splitlines())
    if not display:
        body = " ".join(body.split())
    opening, closing = (r"\[", r"\]") if display else (r"\(", r"\)")
    kind = "arithmatex nkb-display" if display else "arithmatex"
    return f'<span class="{kind}">{escape(opening + body + closing)}</span>'


def _render(tokens: tuple[_Token, ...] | list[_Token], text: str, cite: Cite | None) -> str:
    out = []
    for token in tokens:
        raw = text[token.start : token.end]
        if token.kind == "text":
            out.append(_literal(raw))
        elif token.kind == "code":
            out.append(f"<code>{escape(token.value)}</code>")
        elif token.kind == "math":
            html = math_html(token.value, display=token.display)
            out.append(f"\n\n{html}\n\n" if token.display else html)
        elif token.kind == "link":
            label = _render(token.label, text, None)
            out.append(f"[{label}]({href(token.value)})")
        elif token.kind == "citation" and cite is not None:
            out.append(cite(list(token.items)))
        else:  # refused markup, or a citation where none can be resolved: shown as written
            out.append(escape(raw))
    return "".join(out)


_TABLE_ROW = re.compile(r"\|.*\|")
_TABLE_RULE = re.compile(r"\|(?:\s*:?-+:?\s*\|)+")
_CELL_SEPARATOR = re.compile(r"(?<!\\)\|")


def _blocks(lines: list[str]) -> Iterator[tuple[bool, list[str]]]:
    """Runs of lines, each a table (``True``: rows after a blank line, the second a rule
    row) or anything else."""
    index = 0
    other: list[str] = []
    while index < len(lines):
        starts = index == 0 or not lines[index - 1]
        rows = 0
        while index + rows < len(lines) and _TABLE_ROW.fullmatch(lines[index + rows]):
            rows += 1
        if starts and rows >= 2 and _TABLE_RULE.fullmatch(lines[index + 1]):
            if other:
                yield False, other
                other = []
            yield True, lines[index : index + rows]
            index += rows
        else:
            other.append(lines[index])
            index += 1
    if other:
        yield False, other


def _table(rows: list[str], cite: Cite | None) -> str:
    """A table with each cell rendered on its own; only the rule row is kept as it is."""
    out = []
    for number, row in enumerate(rows):
        if number == 1:
            out.append(row)
            continue
        cells = _CELL_SEPARATOR.split(row[1:-1])
        out.append("| " + " | ".join(_render_flat(c.strip(), cite) for c in cells) + " |")
    return "\n".join(out)


def _render_flat(text: str, cite: Cite | None) -> str:
    return _render(_tokens(text), text, cite)


def render(text: str, cite: Cite | None = None) -> str:
    """``text`` as site Markdown in which only the subset is markup (see the module doc).

    ``cite`` turns a citation's items into Markdown (a linked label); without it a citation
    is shown as written. Lines lose their indentation, which Markdown would read as code.
    """
    lines = [line.strip() for line in text.strip().splitlines()]
    parts = [
        _table(block, cite) if table else _render_flat("\n".join(block), cite)
        for table, block in _blocks(lines)
    ]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(parts)).strip("\n")
