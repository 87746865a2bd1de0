"""The site's build cache: values found by their inputs only, and builds that use it give the
same site as builds that do not, and never a stale page."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest
from kbfixtures import MINI_PAPERS, mini_kb, write_paper
from mkdocs.commands.build import build
from sitehelpers import mini_site_config

from neurokb.site.buildcache import BuildCache


def _fail() -> str:
    raise AssertionError("computed although the inputs were stored")


def test_a_value_is_found_by_its_inputs_in_the_next_build(tmp_path: Path) -> None:
    path = tmp_path / "cache.sqlite"
    first = BuildCache(path, "code-1")
    assert first.remember("labels", ["apa", "paper data"], lambda: ["(Hebb, 1949)"]) == [
        "(Hebb, 1949)"
    ]
    first.close()
    again = BuildCache(path, "code-1")
    assert again.remember("labels", ["apa", "paper data"], _fail) == ["(Hebb, 1949)"]
    assert again.remember("labels", ["apa", "edited data"], lambda: ["new"]) == ["new"]
    assert (again.hits, again.misses) == (1, 1)
    again.close()
    newer_code = BuildCache(path, "code-2")
    assert newer_code.remember("labels", ["apa", "paper data"], lambda: ["redone"]) == ["redone"]
    newer_code.close()


def test_a_build_drops_what_it_did_not_use_and_a_failed_build_writes_nothing(
    tmp_path: Path,
) -> None:
    path = tmp_path / "cache.sqlite"
    first = BuildCache(path)
    first.remember("x", ["kept"], lambda: 1)
    first.remember("x", ["dropped"], lambda: 2)
    first.close()
    second = BuildCache(path)
    second.remember("x", ["kept"], _fail)
    second.close()  # "dropped" was not used by this build
    third = BuildCache(path)
    assert third.remember("x", ["dropped"], lambda: 3) == 3
    third.remember("x", ["failed"], lambda: 4)
    third.abandon()
    fourth = BuildCache(path)
    assert fourth.remember("x", ["failed"], lambda: 5) == 5
    assert fourth.remember("x", ["kept"], _fail) == 1  # the failed build pruned nothing
    fourth.close()


def test_an_unwritable_cache_folder_only_costs_time(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    cache = BuildCache(blocker / "cache.sqlite")
    assert cache.remember("x", ["a"], lambda: 1) == 1
    cache.close()


def _pages(out: Path) -> dict[str, str]:
    return {
        str(p.relative_to(out)): p.read_text("utf-8")
        for p in sorted(out.rglob("*"))
        if p.suffix in {".html", ".json", ".bib"} and p.name != "sitemap.xml"
    }


@pytest.mark.slow
def test_a_cached_build_gives_the_same_site_and_follows_an_edit(tmp_path: Path) -> None:
    root = mini_kb(tmp_path / "kb")
    options = f"      build_cache: {tmp_path / 'cache.sqlite'}\n"
    page = "# Home\n\nHebb [@hebb1949organization] and [the index](papers/index.md).\n"
    off = mini_site_config(root, {"index.md": page}, tmp_path / "off", "      build_cache: ''\n")
    build(off)
    first = mini_site_config(root, {"index.md": page}, tmp_path / "one", options)
    build(first)
    second = mini_site_config(root, {"index.md": page}, tmp_path / "two", options)
    build(second)
    assert second.plugins["neurokb"].cache.hits > 0
    without = _pages(tmp_path / "off")
    assert _pages(tmp_path / "one") == without
    assert _pages(tmp_path / "two") == without

    hebb = {**MINI_PAPERS["hebb1949organization"], "title": "An edited title"}
    write_paper(root, "hebb1949organization", **hebb)
    build(mini_site_config(root, {"index.md": page}, tmp_path / "three", options))
    html = (tmp_path / "three" / "papers" / "hebb1949organization.html").read_text("utf-8")
    assert "An edited title" in html
    index = (tmp_path / "three" / "search" / "search_index.json").read_text("utf-8")
    assert "An edited title" in index


@pytest.mark.slow
def test_a_page_whose_conversion_warned_warns_again_in_the_next_build(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    root = mini_kb(tmp_path / "kb")
    options = f"      build_cache: {tmp_path / 'cache.sqlite'}\n"
    page = "# Home\n\nA [missing page](missing.md).\n"
    for out in ("one", "two"):
        caplog.clear()
        config = mini_site_config(root, {"index.md": page}, tmp_path / out, options, strict=False)
        with caplog.at_level(logging.WARNING, logger="mkdocs"):
            build(config)
        assert "missing.md" in caplog.text, out


def test_a_bibtex_file_made_of_kept_entries_is_the_exported_file(tmp_path: Path) -> None:
    from kbfixtures import load

    from neurokb.cite import export
    from neurokb.site.citations import exported

    papers = sorted(load(mini_kb(tmp_path / "kb")).papers.values(), key=lambda p: p.key)
    cache = BuildCache(tmp_path / "cache.sqlite")
    assert exported(papers, "bibtex", cache) == export(papers, "bibtex")
    assert exported(papers[:1], "bibtex", cache) == export(papers[:1], "bibtex")
    assert exported([], "bibtex", cache) == export([], "bibtex")
    cache.close()
