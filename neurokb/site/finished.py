"""Generated lists of links put into a page as finished HTML, past Python-Markdown's parsers.

Most of a generated page is lists of links: a paper's cites, cited-by and related papers, an
author's papers by year and co-authors, a topic's papers, the index of authors. Each line is
the same shape (``- [Title](key.md) — Zenke & Ganguli 2018``, its text escaped by
:func:`neurokb.site.md.text`), yet Python-Markdown reads every one with its full machinery:
the list parser, a dozen inline patterns run on each text, the link pattern's bracket scans,
the tree walks of MkDocs' link rewriting and the serializer. That was most of the conversion
time of paper, author and topic pages.

:class:`FinishedBlocks` is a preprocessor of the build's one Markdown instance
(:mod:`neurokb.site.convert`). It recognises a block of that exact shape, writes the HTML
Python-Markdown would write for it, and stores it in the instance's HTML stash, leaving the
stash's placeholder as a paragraph of its own; Python-Markdown's own raw-HTML postprocessor
puts the HTML back in the place of that paragraph, with nothing added around it. The page's
Markdown is unchanged (so is its build-cache key); only the way to its HTML is shorter.

Anything that is not exactly that shape stays for Python-Markdown: a block is taken only on a
generated page, right after a heading, followed by a heading or the end, every line a link to
a page of the site (resolved as MkDocs resolves it, the target found and not excluded) with
only escaped text around it. ``tests/site/test_site_finished.py`` compares blocks from random
text with Python-Markdown's HTML, and ``tests/site/test_site_convert.py`` whole built sites.
"""

from __future__ import annotations

import posixpath
import re

from markdown import Markdown
from markdown.preprocessors import Preprocessor
from mkdocs import utils
from mkdocs.structure.files import File, Files

# Escaped text as md.text writes it: a backslash before each special character, any other
# character but a control character, whitespace other than a single space, or a special one.
_SPECIAL = r"\\`*_{}\[\]()<>#+!|$~^=:&?\-"
_CHAR = rf"\\[{_SPECIAL}]|(?!\s)[^{_SPECIAL}\x00-\x1f\x7f-\x9f]| (?! )"
_TEXT = rf"(?:{_CHAR})*"
_LINK = (
    rf"\[(?P<label>{_TEXT})\]"
    r"\((?P<href>[A-Za-z0-9_./-]+\.md)(?: \"(?P<title>[\w,;:.@+-]+(?: [\w,;:.@+-]+)*)\")?\)"
)
_COUNT = r"(?: \((?P<count>[0-9]+)\))?"
_ITEM = re.compile(rf"{_LINK}(?: — (?P<after>{_TEXT}))?{_COUNT}")  # a list's line
_PIECE = re.compile(rf"{_LINK}{_COUNT}(?P<more>, )?")  # one of a paragraph's links
_UNESCAPE = re.compile(r"\\(.)")
_ENTITY = re.compile(r"[&<>]")
_ENTITIES = {"&": "&amp;", "<": "&lt;", ">": "&gt;"}
_ABBREVIATION = re.compile(r"^\*\[", re.M)  # a page with abbreviations marks words everywhere
_BULLET = re.compile(r"- (?=\[)")
_NUMBER = re.compile(r"[0-9]+\. (?=\[)")
_PLAIN = re.compile(r"[A-Za-z][\w ,;:.'’()—-]*")  # a sentence without markup
# A paper's byline: its authors' links, then "*Venue* 30(6), 1-9 · Publisher · Type · Year".
_BYLINE = ('<div class="nkb-byline" markdown>', "</div>")
_FACTS = re.compile(rf"(?:\*(?P<venue>(?! )(?:{_CHAR})+(?<! ))\*)?(?P<rest>(?:{_CHAR}|[()])*)")
BYLINE_PRIORITY = 21  # after the fences (25), before md_in_html (20) reads the byline's div
PRIORITY = -20  # after MkDocs' raw-HTML scan (-10): the stashed HTML has no ids to find


def text_html(escaped: str) -> str:
    """The HTML of escaped text: each character itself, ``& < >`` as entities (what
    pymdownx.escapeall and Python-Markdown's serializer make of it)."""
    plain = _UNESCAPE.sub(r"\1", escaped) if "\\" in escaped else escaped
    return _ENTITY.sub(lambda m: _ENTITIES[m.group()], plain)


class FinishedBlocks(Preprocessor):
    """Replaces the recognised link blocks of one page by stashed HTML (see the module)."""

    def __init__(
        self, md: Markdown, file: File, files: Files, urls: dict[tuple[str, str, str], str | None]
    ) -> None:
        super().__init__(md)
        self.file = file
        self.files = files
        self.urls = urls  # (page folder, URL folder, href) -> final URL, or None: not for us
        self.folder = posixpath.dirname(file.src_uri)
        folder, _, name = file.url.rpartition("/")  # as get_relative_url reads it
        self.url_folder = folder if "." in name else file.url

    def _register(self, md: Markdown) -> None:
        md.preprocessors.register(self, "neurokb_finished", PRIORITY)
        md.preprocessors.register(_Byline(md, self), "neurokb_byline", BYLINE_PRIORITY)

    def run_byline(self, lines: list[str]) -> list[str]:
        """``lines`` with a paper's byline (a ``<div markdown>`` of two paragraphs right
        after the title) replaced by stashed HTML, when it is exactly that shape."""
        if not self.file.generated_by or _ABBREVIATION.search("\n".join(lines)):
            return lines
        try:
            i = lines.index(_BYLINE[0])
        except ValueError:
            return lines
        shape = (
            i >= 2
            and not lines[i - 1]
            and lines[i - 2].startswith("#")
            and i + 4 < len(lines)
            and not lines[i + 2]
            and lines[i + 4] == _BYLINE[1]
            and (i + 5 == len(lines) or not lines[i + 5])
            # md_in_html's HTML parser reads an escaped "<" as a tag all the same: before
            # the byline or in it, one changes what Python-Markdown makes of the div.
            and not any("<" in line or "&" in line for line in lines[: i + 4] if line != lines[i])
        )
        authors = self._links(lines[i + 1]) if shape else None
        facts = _facts_html(lines[i + 3]) if authors is not None else None
        if facts is None:
            return lines
        html = f'<div class="nkb-byline">\n<p>{authors}</p>\n<p>{facts}</p>\n</div>'
        return [*lines[:i], self.md.htmlStash.store(html), *lines[i + 5 :]]

    def run(self, lines: list[str]) -> list[str]:
        if not self.file.generated_by or _ABBREVIATION.search("\n".join(lines)):
            return lines
        out: list[str] = []
        i, n = 0, len(lines)
        while i < n:
            end = self._block_end(lines, i)
            if end is None:
                out.append(lines[i])
                i += 1
                continue
            html = self._html(lines[i:end])
            if html is None:
                out.extend(lines[i:end])
            else:
                out.append(self.md.htmlStash.store(html))
            i = end
        return out

    @staticmethod
    def _block_end(lines: list[str], i: int) -> int | None:
        """The end of a block starting at ``i`` that follows a heading and a blank line and is
        followed by a blank line and a heading, or by blank lines to the end; None when ``i``
        starts no such block."""
        if i < 2 or lines[i - 1] or not lines[i].startswith(("- [", "1. [", "[")):
            return None
        if not lines[i - 2].startswith("#") and not _lead_in(lines, i - 2):
            return None
        end = i + 1
        while end < len(lines) and lines[end]:
            end += 1
        rest = end + 1
        while rest < len(lines) and not lines[rest]:
            rest += 1
        if rest < len(lines) and (rest != end + 1 or not lines[rest].startswith("#")):
            return None  # not a heading after one blank line: the block may go on
        return end

    def _html(self, block: list[str]) -> str | None:
        """What Python-Markdown writes for ``block``: a list of items, or a one-line
        paragraph of items joined by commas; None when the block is anything else."""
        if any(line.endswith(" ") for line in block):
            return None
        ordered = block[0].startswith("1. ")
        if ordered or block[0].startswith("- "):
            items = []
            for line in block:
                marker = _NUMBER.match(line) if ordered else _BULLET.match(line)
                match = _ITEM.fullmatch(line, marker.end()) if marker else None
                item = self._item(match) if match else None
                if item is None:
                    return None
                items.append(f"<li>{item}</li>")
            tag = "ol" if ordered else "ul"
            return f"<{tag}>\n" + "\n".join(items) + f"\n</{tag}>"
        if len(block) != 1:
            return None
        links = self._links(block[0])
        return None if links is None else f"<p>{links}</p>"

    def _links(self, line: str) -> str | None:
        """The HTML of a line of links joined by commas (each with an optional count)."""
        if line.endswith(" "):
            return None
        pos, parts = 0, []
        while True:
            match = _PIECE.match(line, pos)
            item = self._item(match) if match else None
            if item is None:
                return None
            parts.append(item)
            pos = match.end()
            if match["more"] is None:
                break
        return ", ".join(parts) if pos == len(line) else None

    def _item(self, match: re.Match[str]) -> str | None:
        url = self._url(match["href"])
        if url is None:
            return None
        title = f' title="{match["title"]}"' if match["title"] else ""
        html = f'<a href="{url}"{title}>{text_html(match["label"])}</a>'
        if match.groupdict().get("after") is not None:
            html += " — " + text_html(match["after"])
        if match["count"] is not None:
            html += f" ({match['count']})"
        return html

    def _url(self, href: str) -> str | None:
        """The URL MkDocs' link rewriting gives ``href`` from this page, or None when it
        would not be found, excluded or otherwise warned about (Python-Markdown does those).
        The answer depends only on the page's folders, so it is kept for the whole build."""
        key = (self.folder, self.url_folder, href)
        if key in self.urls:
            return self.urls[key]
        url = None
        target = posixpath.normpath(posixpath.join(self.folder, href))
        found = None if target.startswith("..") else self.files.src_uris.get(target)
        if found is not None and not found.inclusion.is_excluded():
            url = utils.get_relative_url(found.url, self.file.url)
        self.urls[key] = url
        return url


def _lead_in(lines: list[str], i: int) -> bool:
    """Whether ``lines[i]`` is a one-line paragraph of plain words right after a heading (and
    a blank line): a list after it starts afresh, as after the heading itself."""
    return (
        i >= 2
        and not lines[i - 1]
        and lines[i - 2].startswith("#")
        and bool(_PLAIN.fullmatch(lines[i]))
    )


def _facts_html(line: str) -> str | None:
    """The HTML of a byline's facts line: an emphasised venue, then escaped text and the
    parentheses of an issue number; None for anything else (or what could start a list)."""
    match = _FACTS.fullmatch(line)
    if match is None or not line or line.endswith(" "):
        return None
    if not (line[0] == "*" or (line[0].isascii() and line[0].isalpha())):
        return None
    venue = f"<em>{text_html(match['venue'])}</em>" if match["venue"] is not None else ""
    return venue + text_html(match["rest"])


class _Byline(Preprocessor):
    """Runs :meth:`FinishedBlocks.run_byline` before md_in_html reads the byline's div."""

    def __init__(self, md: Markdown, owner: FinishedBlocks) -> None:
        super().__init__(md)
        self.owner = owner

    def run(self, lines: list[str]) -> list[str]:
        return self.owner.run_byline(lines)
