"""The forked page helper and the split page rendering: they only ever add build-cache values,
so a build gives the same pages with them as without them."""

from __future__ import annotations

import contextlib
import logging
import os
from pathlib import Path

import pytest
from kbfixtures import mini_kb
from mkdocs.commands.build import build
from sitehelpers import mini_site_config

from neurokb import mkdocs_plugin as plugin_module
from neurokb.load import parallel
from neurokb.site import helper as helper_module
from neurokb.site import rebuild
from neurokb.site.buildcache import BuildCache, Handoff
from neurokb.site.helper import Helper

linux_only = pytest.mark.skipif(not helper_module.can_fork(), reason="forking is Linux-only")


class _Page:
    def __init__(self, n: int) -> None:
        self.n = n


def _work(cache: BuildCache, fail: set[int] = frozenset()):  # type: ignore[assignment]
    def work(page: _Page) -> None:
        if page.n in fail:
            raise ValueError("the parent must redo this page")
        cache.put(f"page:{page.n}", {"n": page.n, "pid": os.getpid()})

    return work


@pytest.fixture
def no_threads(monkeypatch: pytest.MonkeyPatch) -> None:
    """The test runner may run threads; these tests fork nothing but the helper itself."""
    monkeypatch.setattr(helper_module, "other_threads", lambda: False)
    monkeypatch.setattr(helper_module, "cpu_workers", lambda: 2)


@linux_only
def test_the_parent_and_the_helper_share_the_pages_and_every_value_arrives(
    tmp_path: Path, no_threads: None
) -> None:
    cache = BuildCache(tmp_path / "c.sqlite")
    pages = [_Page(n) for n in range(200)]
    helper = Helper(cache, pages, _work(cache))
    assert helper.pid
    done_here = []
    for page in pages:  # what MkDocs' loop does: claim, then find it or do it
        helper.claim(page)
        if cache.get(f"page:{page.n}") is None:
            _work(cache)(page)
            done_here.append(page.n)
    helper.close()
    values = [cache.get(f"page:{n}") for n in range(200)]
    assert [v["n"] for v in values] == list(range(200))
    by_helper = [v["n"] for v in values if v["pid"] != os.getpid()]
    assert sorted(by_helper + done_here) == list(range(200))  # each page done once
    assert all(n > max(done_here, default=-1) for n in by_helper)  # the helper took the end
    cache.close()
    again = BuildCache(tmp_path / "c.sqlite")  # the parent wrote the helper's values too
    assert again.get("page:199")["n"] == 199
    again.close()


@linux_only
def test_a_page_the_helper_fails_is_left_to_the_parent(tmp_path: Path, no_threads: None) -> None:
    cache = BuildCache(tmp_path / "c.sqlite")
    pages = [_Page(n) for n in range(100)]
    helper = Helper(cache, pages, _work(cache, fail={99, 98}))
    helper.close()  # the parent takes nothing itself: the helper does all but its failures
    assert cache.get("page:99") is None and cache.get("page:98") is None
    assert cache.get("page:97") is not None or cache.get("page:0") is None
    cache.close()


def test_no_helper_without_a_cache_or_with_threads(tmp_path: Path) -> None:
    pages = [_Page(n) for n in range(100)]
    off = BuildCache(None)
    assert not Helper(off, pages, _work(off)).pid
    cache = BuildCache(tmp_path / "c.sqlite")
    if helper_module.other_threads():  # pytest with a thread: never fork
        assert not Helper(cache, pages, _work(cache)).pid
    cache.close()


def _files(out: Path) -> dict[str, bytes]:
    return {str(p.relative_to(out)): p.read_bytes() for p in sorted(out.rglob("*")) if p.is_file()}


@pytest.fixture
def helpers_do_everything(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Forking allowed at any size, each helper left to do every page before the parent
    claims its first one, and the page workers left every batch (so the parent only finds
    values, deterministically). Gives the number of values the parent merged from other
    processes."""
    merged: list[int] = []
    me, ticket = os.getpid(), parallel._claim
    monkeypatch.setattr(parallel, "_claim", lambda fd: None if os.getpid() == me else ticket(fd))
    for module in (helper_module, parallel, plugin_module):
        monkeypatch.setattr(module, "cpu_workers", lambda: 2)
    for module in (helper_module, parallel):
        monkeypatch.setattr(module, "other_threads", lambda: False)
    monkeypatch.setattr(helper_module, "MIN_PAGES", 1)
    monkeypatch.setattr(parallel, "MIN_CHUNK", 1)
    claim, merge = Helper.claim, BuildCache.merge

    def claim_after_the_helper(self: Helper, page: object) -> None:
        while self._pump(wait=True):  # to the helper's end: it did every page it could
            pass
        claim(self, page)

    def counted(self: BuildCache, made: Handoff) -> None:
        merged.append(len(made[0]))
        merge(self, made)

    monkeypatch.setattr(Helper, "claim", claim_after_the_helper)
    monkeypatch.setattr(BuildCache, "merge", counted)
    return merged


@linux_only
@pytest.mark.slow
def test_a_build_with_helpers_is_the_one_process_build_and_warns_as_it(
    tmp_path: Path, helpers_do_everything: list[int], caplog: pytest.LogCaptureFixture
) -> None:
    root = mini_kb(tmp_path / "kb")
    docs = {
        "index.md": "# Home\n\nHebb [@hebb1949organization] and [the index](papers/index.md).\n",
        "about.md": "A page without front matter, and a [missing page](missing.md).\n",
    }
    plain = mini_site_config(root, docs, tmp_path / "plain", "      build_cache: ''\n", False)
    build(plain)  # no cache: no helper, no stored outputs, MkDocs as it is
    options = f"      build_cache: {tmp_path / 'cache.sqlite'}\n"
    helped = mini_site_config(root, docs, tmp_path / "helped", options, strict=False)
    helped.plugins.on_startup(command="build", dirty=False)
    caplog.clear()
    with caplog.at_level(logging.WARNING, logger="mkdocs"):
        build(helped)
    assert sum(helpers_do_everything) > 0  # other processes made values this build used
    assert "missing.md" in caplog.text  # the helper's conversion warned: the parent did it
    assert _files(tmp_path / "helped") == _files(tmp_path / "plain")


def _keys(path: Path) -> set[str]:
    import sqlite3

    with contextlib.closing(sqlite3.connect(path)) as db:
        return {key for (key,) in db.execute("SELECT key FROM value")}


@linux_only
@pytest.mark.slow
def test_a_warm_build_with_workers_keeps_every_value_the_workers_read(
    tmp_path: Path, helpers_do_everything: list[int]
) -> None:
    """The workers' cache reads reach the parent, which prunes what no process read: a warm
    build with workers leaves the cache as the cold one left it (not half of it)."""
    root = mini_kb(tmp_path / "kb")
    docs = {"index.md": "# Home\n\nHebb [@hebb1949organization].\n"}
    options = f"      build_cache: {tmp_path / 'cache.sqlite'}\n"
    for out in ("cold", "warm"):
        rebuild.forget()  # a new process, as `mkdocs build` is: every page is made again
        config = mini_site_config(root, docs, tmp_path / out, options, strict=False)
        config.plugins.on_startup(command="build", dirty=False)
        build(config)
        if out == "cold":
            stored = _keys(tmp_path / "cache.sqlite")
    assert any(key.startswith("references:") for key in stored)  # made by the workers
    assert _keys(tmp_path / "cache.sqlite") == stored
    assert _files(tmp_path / "warm") == _files(tmp_path / "cold")


def _no_fork(monkeypatch: pytest.MonkeyPatch) -> None:
    """Forking allowed by every check (two cores, no threads), but any fork fails the test."""
    for module in (helper_module, parallel, plugin_module):
        monkeypatch.setattr(module, "cpu_workers", lambda: 2)
    for module in (helper_module, parallel):
        monkeypatch.setattr(module, "other_threads", lambda: False)

    def fork() -> int:
        raise AssertionError("forked")

    monkeypatch.setattr(os, "fork", fork)


@linux_only
@pytest.mark.slow
@pytest.mark.parametrize("command", ["serve", "build"])
def test_serve_and_a_small_build_fork_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, command: str
) -> None:
    """``mkdocs serve`` never forks (its server runs threads); ``mkdocs build`` of a KB too
    small for a fork to pay (the mini KB: fewer pages than a helper or a worker needs) does
    not either."""
    _no_fork(monkeypatch)
    root = mini_kb(tmp_path / "kb")
    options = f"      build_cache: {tmp_path / 'cache.sqlite'}\n"
    config = mini_site_config(root, {"index.md": "# Home\n"}, tmp_path / "out", options)
    plugin = config.plugins["neurokb"]
    plugin.on_startup(command=command, dirty=False)
    plugin.check_port = False  # no server is started here
    try:
        build(config)
    finally:
        rebuild.forget()
    assert plugin.one_shot == (command == "build")
    assert (tmp_path / "out" / "index.html").is_file()
