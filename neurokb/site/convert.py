"""One Python-Markdown instance for every page of a build, instead of one per page.

MkDocs 1.6's ``Page.render`` makes a new ``markdown.Markdown`` for each page, loading and
configuring all the site's extensions again (about 1.5 ms a page, some 30 s of a 10,000-paper
build). :class:`Converter` makes the instance once and calls ``reset()`` between pages, which
is how Python-Markdown means an instance to be reused: every extension with per-document
state clears it in its ``reset``. MkDocs' own per-page processors (raw HTML anchors, anchors,
relative links, the title) are registered again for each page under the names MkDocs gives
them, which replaces the previous page's. Everything else is what ``Page.render`` does, in
the same order, so a page's HTML, table of contents, title and anchors are the same.

The instance also gets a quicker :func:`bracket_ends` in its link patterns. Python-Markdown
finds the closing bracket for every position of a text with a loop over each character, and
does it again whenever the text changes, which it does after each link it replaces: a
paragraph or list of many links (a byline, a topic's papers) was scanned once per link, a
quarter of the conversion time of a paper page. The answer only changes at brackets, so it is
computed per run of text between brackets. It is set on this instance's processors only; the
rest of the process keeps Python-Markdown as it is.

Generated pages' lists of links skip most of Python-Markdown: :mod:`neurokb.site.finished`
writes their HTML and hands it over through the instance's HTML stash. Code blocks reuse
Pygments' lexers and style tables while this instance converts (:mod:`neurokb.site.highlighting`).

``tests/site/test_site_convert.py`` checks the function against Python-Markdown's and the
whole built site against MkDocs' own conversion, page by page.
"""

from __future__ import annotations

import logging
import re

import markdown
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure import pages as mkdocs_pages
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import get_toc

from neurokb.site import highlighting
from neurokb.site.finished import FinishedBlocks

log = logging.getLogger("mkdocs.structure.pages")  # the logger Page.render consults

_BRACKET = re.compile(r"[\[\]]")
_STEPS = (
    "_RawHTMLPreprocessor",
    "_ExtractAnchorsTreeprocessor",
    "_RelativePathTreeprocessor",
    "_ExtractTitleTreeprocessor",
)
SHARED = all(hasattr(getattr(mkdocs_pages, name, None), "_register") for name in _STEPS)
"""Whether this MkDocs has the private per-page steps a shared instance repeats (1.6 does);
without them every page is converted by ``Page.render`` itself, as MkDocs would."""


def bracket_ends(data: str) -> list[int | None]:
    """For each index of ``data`` (and one past its end), the index just past the ``]`` that
    closes a bracket opened before that index, or None: what Python-Markdown's
    ``LinkInlineProcessor._findBracketEnds`` returns, without a Python step per character.

    The depth before index ``p`` (``[`` minus ``]`` in ``data[:p]``) changes only just after
    a bracket, and the answer for ``p`` is the first later index whose depth is lower; so all
    indexes of a run of equal depth share one answer, filled in with one slice.
    """
    ends: list[int | None] = [None] * (len(data) + 1)
    waiting: list[tuple[int, int, int]] = []  # runs without an answer yet: start, end, depth
    start, depth = 0, 0
    for match in _BRACKET.finditer(data):
        cut = match.end()  # a run ends just after each bracket
        waiting.append((start, cut, depth))
        depth += 1 if match.group() == "[" else -1
        while waiting and depth < waiting[-1][2]:
            begin, end, _ = waiting.pop()
            ends[begin:end] = [cut] * (end - begin)
        start = cut
    return ends


class Converter:
    """Converts pages as ``Page.render`` does, with one Markdown instance for the build."""

    def __init__(self, config: MkDocsConfig) -> None:
        self.extensions = config["markdown_extensions"]
        self.configs = config["mdx_configs"] or {}
        self._md: markdown.Markdown | None = None
        self.urls: dict[tuple[str, str, str], str | None] = {}  # links of finished blocks

    def _instance(self) -> markdown.Markdown:
        if self._md is None:  # reset() is part of the constructor
            md = markdown.Markdown(extensions=self.extensions, extension_configs=self.configs)
            for pattern in md.inlinePatterns:
                if hasattr(pattern, "_findBracketEnds"):
                    pattern._findBracketEnds = bracket_ends
            self._md = md
        else:
            self._md.reset()
        return self._md

    def render(self, page: Page, config: MkDocsConfig, files: Files) -> None:
        """Set ``page``'s content, toc, title and anchors from its Markdown."""
        if not SHARED:
            page.render(config, files)
            return
        if page.markdown is None:
            raise RuntimeError("`markdown` field hasn't been set (via `read_source`)")
        md = self._instance()
        raw_html = mkdocs_pages._RawHTMLPreprocessor()
        raw_html._register(md)
        anchors = mkdocs_pages._ExtractAnchorsTreeprocessor(page.file, files, config)
        anchors._register(md)
        relative = mkdocs_pages._RelativePathTreeprocessor(page.file, files, config)
        relative._register(md)
        title = mkdocs_pages._ExtractTitleTreeprocessor()
        title._register(md)
        FinishedBlocks(md, page.file, files, self.urls)._register(md)
        try:
            with highlighting.kept():
                page.content = md.convert(page.markdown)
        except BaseException:
            self._md = None  # a conversion stopped halfway: the next page gets a fresh one
            raise
        page.toc = get_toc(getattr(md, "toc_tokens", []))
        page._title_from_render = title.title
        page.present_anchor_ids = anchors.present_anchor_ids | raw_html.present_anchor_ids
        if log.getEffectiveLevel() > logging.DEBUG:
            page.links_to_anchors = relative.links_to_anchors
