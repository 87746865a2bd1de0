"""The fast citeproc path gives byte for byte what the old one did (issue 19).

The fast path keeps each parsed style for the process, keeps citeproc-py's XPath and
``calls_variable`` answers, skips sorting a single item and renders only what its caller asks
for (:mod:`neurokb.cite.render`, :mod:`neurokb.cite.citeproc_patches`). The reference is
:func:`neurokb.cite.render.slow_path`: every run as before, with a freshly parsed style.
Both are asked the same questions, on the shipped KB and a generated library, in every
shipped style; a difference in one character fails.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pytest
from cachefixtures import generate_kb
from lxml import etree

from neurokb.cite import format_reference, format_references, in_text, render
from neurokb.cite.csl import to_csl
from neurokb.cite.styles import SHIPPED, style_path
from neurokb.core.kb import KnowledgeBase
from neurokb.core.models import Paper
from neurokb.load.loader import load_kb

SINGLE = ("text", "html")  # a paper page's reference, and the CLI's; markdown: bibliographies


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> KnowledgeBase:
    """120 generated papers: shared authors and years, so year suffixes and name clashes."""
    return load_kb(generate_kb(tmp_path_factory.mktemp("generated"), 120, seed=19))


def _shape(paper: Paper) -> tuple[object, ...]:
    """What decides which branches of a style a paper takes, roughly: its CSL type, an
    incomplete author list, editors, an article or report number, an arXiv id in ``note``."""
    item = to_csl(paper)
    return (item["type"], paper.et_al, *(f in item for f in ("editor", "number", "note")))


def _sample(papers: list[Paper]) -> list[Paper]:
    """One paper of each shape."""
    chosen: dict[tuple[object, ...], Paper] = {}
    for paper in papers:
        chosen.setdefault(_shape(paper), paper)
    return list(chosen.values())


def _both(ask: Callable[[], list[str]]) -> tuple[list[str], list[str]]:
    fast = ask()
    with render.slow_path():
        slow = ask()
    return fast, slow


def _assert_same(ask: Callable[[], list[str]]) -> None:
    fast, slow = _both(ask)
    assert len(fast) == len(slow)
    for one, other in zip(fast, slow, strict=True):
        assert one == other


def _questions(papers: list[Paper], style: str, outputs: tuple[str, ...]) -> list[str]:
    """What the site and the CLI ask: each paper's reference alone (a paper page), a
    bibliography of them all in the style's order, and their in-text labels together."""
    answers = [format_reference(p, style, output) for output in outputs for p in papers]
    answers += format_references(papers, style, "html", order="style")
    if len(outputs) > 1:  # the whole set
        answers += format_references(papers, style, "markdown", order="input")
    return answers + in_text(papers, style)


@pytest.mark.parametrize("style", list(SHIPPED))
def test_fast_path_matches_the_old_one_on_a_sample(
    style: str, shipped_kb: KnowledgeBase, generated: KnowledgeBase
) -> None:
    papers = _sample(list(shipped_kb.papers.values())) + list(generated.papers.values())[:6]
    _assert_same(lambda: _questions(papers, style, ("text",)))


@pytest.mark.parametrize("style", list(SHIPPED))
def test_fast_path_matches_the_old_one_on_every_paper(
    style: str, shipped_kb: KnowledgeBase, generated: KnowledgeBase
) -> None:
    papers = list(shipped_kb.papers.values()) + list(generated.papers.values())
    _assert_same(lambda: _questions(papers, style, SINGLE))


def test_names_that_clash_get_the_same_extra_names(shipped_kb: KnowledgeBase) -> None:
    """Name disambiguation re-runs with more names before "et al.": kept styles per setting."""
    papers = [p for p in shipped_kb.papers.values() if p.year == 2017 and len(p.authors) > 2]
    labels, before = _both(lambda: in_text(papers, "apa"))
    assert labels == before
    assert "(Hassabis, Kumaran, et al., 2017)" in labels  # the case is exercised


def test_a_kept_style_is_left_as_parsed(shipped_kb: KnowledgeBase) -> None:
    """citeproc-py inserts a default ``<name>`` into a ``<names>`` that lacks one on every
    render; the kept style must not collect them (nor change otherwise) run after run."""
    papers = _sample(list(shipped_kb.papers.values()))
    for style in SHIPPED:
        format_references(papers, style, "html")
        in_text(papers, style)
        kept = render.load_style(style)
        assert kept is render.load_style(style)
        with render.slow_path():
            fresh = render.load_style(style)
        assert etree.tostring(kept.root) == etree.tostring(fresh.root)
        for mine, theirs in zip(kept.root.locales, fresh.root.locales, strict=True):
            assert etree.tostring(mine) == etree.tostring(theirs)


_STYLE = """<?xml version="1.0" encoding="utf-8"?>
<style xmlns="http://purl.org/net/xbiblio/csl" class="in-text" version="1.0">
  <info><title>Test</title><id>test</id><updated>2020-01-01T00:00:00+00:00</updated></info>
  <citation><layout><text variable="title"/></layout></citation>
  <bibliography><layout><text variable="title" prefix="{prefix}"/></layout></bibliography>
</style>
"""


def test_an_edited_style_file_is_read_again(tmp_path: Path, shipped_kb: KnowledgeBase) -> None:
    """``mkdocs serve`` keeps the process: a user's style file edited meanwhile is parsed
    again, not served from the kept parse."""
    path = tmp_path / "mine.csl"
    paper = shipped_kb.papers["hopfield1982neural"]
    path.write_text(_STYLE.format(prefix="One: "), encoding="utf-8")
    assert format_reference(paper, str(path)).startswith("One: ")
    path.write_text(_STYLE.format(prefix="Two: "), encoding="utf-8")
    stat = path.stat()
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 10**9))  # a coarse clock
    assert format_reference(paper, str(path)).startswith("Two: ")
    assert len([k for k in render._STYLES if k[0] == style_path(str(path))]) == 1  # old: gone
