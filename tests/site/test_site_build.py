"""``mkdocs build --strict`` of the shipped KB, and the ways a build must fail."""

from __future__ import annotations

import json
import logging
import re
from pathlib import Path

import pytest
from kbfixtures import mini_kb, write_paper
from mkdocs.commands.build import build
from mkdocs.exceptions import Abort
from sitehelpers import REPO, BuiltSite, mini_site_config

from neurokb.graph import author_index
from neurokb.load.loader import load_kb


def test_every_paper_topic_and_author_has_a_page(built_site: BuiltSite) -> None:
    kb = load_kb(REPO)
    site = built_site.path
    for key in kb.papers:
        assert (site / "papers" / f"{key}.html").is_file(), key
        assert (site / "downloads" / "papers" / f"{key}.bib").is_file(), key
    for topic_id in kb.topics:
        assert (site / "topics" / f"{topic_id}.html").is_file(), topic_id
    for author_id in author_index(kb).authors:
        assert (site / "authors" / f"{author_id}.html").is_file(), author_id
    for page in ("index", "graph", "timeline", "downloads", "papers/index", "about"):
        assert (site / f"{page}.html").is_file(), page


def test_search_index_leaves_out_lists_of_other_papers(built_site: BuiltSite) -> None:
    # Build time is measured by benchmarks/run.py, not asserted here.
    docs = json.loads((built_site.path / "search" / "search_index.json").read_text())["docs"]
    sections = {doc["location"] for doc in docs}
    page = "papers/hopfield1982neural.html"
    assert {page, f"{page}#summary", f"{page}#topics"} <= sections
    assert not [s for s in sections if s.startswith(page + "#") and "cite" in s]
    assert not [s for s in sections if s.startswith(f"{page}#related")]
    topic = [s for s in sections if s.startswith("topics/hebbian-learning.html")]
    assert topic == ["topics/hebbian-learning.html"]  # the summary; not the paper lists
    author = {s for s in sections if s.startswith("authors/hopfield-j.html")}
    assert author == {"authors/hopfield-j.html", "authors/hopfield-j.html#topics"}


def test_no_page_loads_anything_from_another_host(built_site: BuiltSite) -> None:
    """The site must work offline from a USB stick: no CDN, no web fonts, no API calls."""
    pattern = re.compile(r"""<(?:script|link|img|iframe)\b[^>]*\b(?:src|href)="(https?:)?//""")
    for html in built_site.path.rglob("*.html"):
        match = pattern.search(html.read_text("utf-8"))
        assert match is None, f"{html.relative_to(built_site.path)}: {match.group(0)}"


def test_edit_link_of_a_paper_opens_its_entry(built_site: BuiltSite) -> None:
    html = (built_site.path / "papers" / "zenke2018superspike.html").read_text("utf-8")
    links = re.findall(r'href="([^"]+)"[^>]*title="Edit this page"', html)
    assert links and links[0].endswith("/entries/papers/zenke2018superspike.yaml")
    assert "/kb/../" not in links[0]


def test_math_is_marked_for_typesetting(built_site: BuiltSite) -> None:
    html = (built_site.path / "papers" / "zenke2018superspike.html").read_text("utf-8")
    assert '<span class="arithmatex nkb-display">' in html and "$$" not in html


def test_whole_kb_downloads(built_site: BuiltSite) -> None:
    kb = load_kb(REPO)
    downloads = built_site.path / "downloads"
    bib = (downloads / "neurokb.bib").read_text("utf-8")
    assert len(re.findall(r"^@\w+\{", bib, re.M)) == len(kb.papers)
    assert len(json.loads((downloads / "neurokb.json").read_text("utf-8"))) == len(kb.papers)
    assert (downloads / "neurokb.ris").read_text("utf-8").count("ER  -") == len(kb.papers)


def test_algorithm_pages_show_their_figure(built_site: BuiltSite) -> None:
    from neurokb.algorithms.base import registry

    for name in registry():
        png = built_site.path / "algorithms" / f"{name}.png"
        assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n", name
        assert f'src="{name}.png"' in (png.with_suffix(".html")).read_text("utf-8")


# -- failures -------------------------------------------------------------------------------
def test_broken_entry_fails_the_build_naming_the_file(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    root = mini_kb(tmp_path / "kb")
    write_paper(root, "broken2020entry", year="twenty twenty")
    config = mini_site_config(root, {"index.md": "# Home\n"}, tmp_path / "out")
    with caplog.at_level(logging.ERROR), pytest.raises(Abort):  # MkDocs logs the PluginError
        build(config)
    assert "entries/papers/broken2020entry.yaml:5:7: error: NKB012" in caplog.text


def test_unknown_citation_key_fails_strict_build_with_page_and_line(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    root = mini_kb(tmp_path / "kb")
    page = "# Notes\n\nKnown [@hebb1949organization].\n\nUnknown [@nosuch2020paper].\n"
    config = mini_site_config(root, {"index.md": page}, tmp_path / "out")
    with caplog.at_level(logging.WARNING, logger="mkdocs.plugins.neurokb"), pytest.raises(Abort):
        build(config)
    assert "docs/index.md:5: unknown citation key '@nosuch2020paper'" in caplog.text


def test_mini_kb_site_builds_strictly(tmp_path: Path) -> None:
    root = mini_kb(tmp_path / "kb")
    page = "# Home\n\nHebb [@hebb1949organization] and [the index](papers/index.md).\n"
    build(mini_site_config(root, {"index.md": page}, tmp_path / "out"))
    home = (tmp_path / "out" / "index.html").read_text("utf-8")
    assert 'href="papers/hebb1949organization.html"' in home and "References" in home


def test_serve_watches_the_entries(tmp_path: Path) -> None:
    """``mkdocs serve`` rebuilds when an entry changes: the plugin adds entries/ to its watch."""
    root = mini_kb(tmp_path / "kb")
    config = mini_site_config(root, {"index.md": "# Home\n"}, tmp_path / "out")
    watched: list[str] = []

    class Server:
        def watch(self, path: str) -> None:
            watched.append(path)

    config.plugins.on_config(config)
    config.plugins["neurokb"].on_serve(Server(), config=config, builder=None)
    assert watched == [str(root / "entries")]
