"""Live rebuilds (`mkdocs serve`) that reuse the previous build's generated files give the
site a fresh full build gives, after every kind of edit, byte for byte."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from kbfixtures import load, mini_kb, write_paper, write_topic
from mkdocs.commands.build import build
from sitehelpers import mini_site_config

from neurokb.algorithms.base import registry
from neurokb.site import rebuild
from neurokb.site.build import generate
from neurokb.site.context import SiteContext


@pytest.fixture(autouse=True)
def _no_kept_builds() -> Iterator[None]:
    rebuild.forget()
    yield
    rebuild.forget()


def _paper(root: Path, key: str) -> dict[str, Any]:
    text = (root / "entries" / "papers" / f"{key}.yaml").read_text("utf-8")
    return dict(yaml.safe_load(text))


def _edit(root: Path, key: str, **fields: Any) -> None:
    data = {**_paper(root, key), **fields}
    write_paper(root, key, **{k: v for k, v in data.items() if k != "key"})


HEBB = "hebb1949organization"
OJA = "oja1982simplified"
HOPFIELD = "hopfield1982neural"
ZENKE = "zenke2018superspike"

Edit = Callable[[Path], None]
# (what the edit is, the edit, whether a rebuild may reuse pages of the previous build)
EDITS: list[tuple[str, Edit, bool]] = [
    ("nothing", lambda root: None, True),
    ("a summary", lambda root: _edit(root, HEBB, summary="Cells that fire together."), True),
    (
        "a summary that now cites another paper in its text",
        lambda root: _edit(root, OJA, summary=f"Builds on [@{HEBB}] with a decay term."),
        True,
    ),
    ("the abstract of a paper cited in text", lambda root: _edit(root, HEBB, abstract="A."), True),
    ("notes", lambda root: _edit(root, ZENKE, notes=f"Read at [-@{OJA}]."), True),
    (
        "equations of an implemented paper",
        lambda root: _edit(root, HOPFIELD, equations=[{"latex": "E = -x^T W x"}]),
        True,
    ),
    (
        "corrections",
        lambda root: _edit(
            root,
            HEBB,
            corrections=[
                {"field": "year", "source_value": "1950", "value": "1949", "source": "doi:10.1/x"}
            ],
        ),
        True,
    ),
    ("keywords", lambda root: _edit(root, ZENKE, keywords=["surrogate gradient"]), True),
    ("a title", lambda root: _edit(root, HEBB, title="The organisation of behaviour"), False),
    ("authors", lambda root: _edit(root, OJA, authors=["Oja, Erkki", "Hebb, Donald O."]), False),
    ("a year", lambda root: _edit(root, OJA, year=1983), False),
    ("topics", lambda root: _edit(root, ZENKE, topics=["hebbian-learning"]), False),
    ("cites", lambda root: _edit(root, ZENKE, cites=[HEBB, OJA]), False),
    ("a DOI", lambda root: _edit(root, HEBB, doi="10.1234/test.hebb"), False),
    (
        "a new paper",
        lambda root: write_paper(
            root,
            "new2024paper",
            year=2024,
            topics=["memory"],
            cites=[HOPFIELD],
            summary=f"Extends [@{HOPFIELD}].",
        ),
        False,
    ),
    ("a summary again", lambda root: _edit(root, HOPFIELD, summary="Attractors."), True),
    (
        "a removed paper",
        lambda root: (root / "entries" / "papers" / "new2024paper.yaml").unlink(),
        False,
    ),
    (
        "a topic",
        lambda root: write_topic(
            root, "memory", name="Memory", parents=["neuroai"], summary=f"See [@{HOPFIELD}]."
        ),
        False,
    ),
    ("a summary after a topic edit", lambda root: _edit(root, OJA, summary="Decay."), True),
]


def _files(ctx: SiteContext, files: list[Any]) -> list[tuple[str, str | bytes, str | None]]:
    return [(f.src_uri, f.content, f.edit_path) for f in files]


@pytest.mark.slow
def test_each_rebuild_generates_what_a_full_generation_of_the_edited_kb_does(
    tmp_path: Path,
) -> None:
    root = mini_kb(tmp_path / "kb")
    algorithms = registry()
    rebuild.generated(SiteContext(load(root), algorithms), root)
    for what, edit, may_reuse in EDITS:
        edit(root)
        ctx = SiteContext(load(root), algorithms)
        got = rebuild.generated(ctx, root)
        fresh = SiteContext(load(root), algorithms)
        assert _files(ctx, got.files) == _files(fresh, generate(fresh)), what
        assert (got.made != "all") == may_reuse, what  # the edits that allow reuse get it


def _remade_entry_pages(root: Path, edit: Edit) -> set[str]:
    """The paper, topic and author pages a rebuild after ``edit`` makes again."""
    algorithms = registry()
    first = rebuild.generated(SiteContext(load(root), algorithms), root)
    edit(root)
    again = rebuild.generated(SiteContext(load(root), algorithms), root)
    assert not again.complete
    before = {f.src_uri: f for f in first.files}
    remade = {f.src_uri for f in again.files if f is not before.get(f.src_uri)}
    listings = {"papers/index.md", "topics/index.md", "authors/index.md"}
    return {
        uri
        for uri in remade - listings
        if uri.startswith(("papers/", "topics/", "authors/")) and uri.endswith(".md")
    }


def test_a_rebuild_after_a_body_edit_makes_only_the_pages_it_reaches(tmp_path: Path) -> None:
    root = mini_kb(tmp_path / "kb")
    _edit(root, OJA, summary=f"Builds on [@{HEBB}] with a decay term.")
    write_topic(root, "memory", name="Memory", parents=["neuroai"], summary=f"See [@{HEBB}].")
    summary = _remade_entry_pages(root, lambda root: _edit(root, HEBB, summary="Fire together."))
    assert summary == {f"papers/{HEBB}.md"}
    # citeproc reads the abstract: the pages citing Hebb in their text show a label made from it
    abstract = _remade_entry_pages(root, lambda root: _edit(root, HEBB, abstract="A book."))
    assert abstract == {f"papers/{HEBB}.md", f"papers/{OJA}.md", "topics/memory.md"}


@pytest.mark.slow
def test_other_settings_are_a_full_generation(tmp_path: Path) -> None:
    root = mini_kb(tmp_path / "kb")
    algorithms = registry()
    rebuild.generated(SiteContext(load(root), algorithms), root)
    for ctx in (
        SiteContext(load(root), algorithms, style="ieee"),
        SiteContext(load(root), algorithms, use_directory_urls=True),
    ):
        got = rebuild.generated(ctx, root)
        assert got.made == "all"
        assert _files(ctx, got.files) == _files(ctx, generate(ctx))
    other = mini_kb(tmp_path / "other")
    assert rebuild.generated(SiteContext(load(other), algorithms), other).made == "all"


def _build_as(config: Any, serving: bool) -> None:
    """``build`` as ``mkdocs serve`` runs it (``serving``: its values and templates kept in
    memory) or as a clean build. MkDocs keeps one plugin object per process, so the flag
    ``on_startup`` sets is put back afterwards."""
    plugin = config.plugins["neurokb"]
    plugin.serving = serving
    try:
        build(config, serve_url=SERVE_URL)
    finally:
        plugin.serving = False


def _site(out: Path) -> dict[str, bytes]:
    """Every file of a built site (the gzipped sitemap holds the time it was written)."""
    return {
        str(p.relative_to(out)): p.read_bytes()
        for p in sorted(out.rglob("*"))
        if p.is_file() and p.name != "sitemap.xml.gz"
    }


SERVE_URL = "http://127.0.0.1:8000/"
PAGE = "# Home\n\nHebb [@hebb1949organization] and [the index](papers/index.md).\n"


@pytest.mark.slow
def test_a_served_site_equals_a_fresh_build_after_each_edit(tmp_path: Path) -> None:
    """As `mkdocs serve` does: one process, the config loaded again for each build into the
    same folder; against a clean build (no kept state, no build cache) of the same files."""
    root = mini_kb(tmp_path / "kb")
    cache = f"      build_cache: {tmp_path / 'cache.sqlite'}\n"
    served = tmp_path / "served"

    def serve_build(docs: dict[str, str], options: str) -> None:
        config = mini_site_config(root, docs, served, options)
        _build_as(config, serving=True)

    def fresh_build(docs: dict[str, str], options: str, n: int) -> Path:
        kept = dict(rebuild._kept)
        rebuild.forget()
        out = tmp_path / f"fresh{n}"
        no_cache = "      build_cache: ''\n" + options.removeprefix(cache)
        _build_as(mini_site_config(root, docs, out, no_cache), serving=False)
        rebuild._kept.update(kept)  # the served process's state, as it was
        return out

    steps: list[tuple[str, Edit, dict[str, str], str]] = [
        ("first build", lambda root: None, {"index.md": PAGE}, cache),
        ("a summary", EDITS[1][1], {"index.md": PAGE}, cache),
        ("a hand-written page", lambda root: None, {"index.md": PAGE + "\nMore.\n"}, cache),
        ("notes citing", EDITS[4][1], {"index.md": PAGE}, cache),
        ("mkdocs.yml", lambda root: None, {"index.md": PAGE}, cache + "      style: ieee\n"),
        ("a title", EDITS[8][1], {"index.md": PAGE}, cache),
        ("a new paper", EDITS[14][1], {"index.md": PAGE}, cache),
        ("a summary", EDITS[15][1], {"index.md": PAGE}, cache),
        ("a removed paper", EDITS[16][1], {"index.md": PAGE}, cache),
    ]
    for n, (what, edit, docs, options) in enumerate(steps):
        edit(root)
        fresh = fresh_build(docs, options, n)
        serve_build(docs, options)
        assert _site(served) == _site(fresh), what


def test_values_kept_in_memory_are_those_stored_and_cannot_be_changed_by_a_caller(
    tmp_path: Path,
) -> None:
    path = tmp_path / "cache.sqlite"
    first = rebuild.build_cache(path, "code", serving=True)
    first.put(first.key("page", ["a"]), {"toc": [1, 2]})
    first.put(first.key("output", ["a"]), "<html>")
    first.close()
    again = rebuild.build_cache(path, "code", serving=True)
    assert again.kept is not None and again.kept is first.kept
    value = again.get(again.key("page", ["a"]))
    assert value == {"toc": [1, 2]}
    value["toc"].append(3)  # a caller's change
    assert again.get(again.key("page", ["a"])) == {"toc": [1, 2]}
    assert again.get(again.key("output", ["a"])) == "<html>"
    assert (again.hits, again.misses) == (3, 0)
    again.close()  # it used both values: memory keeps both
    third = rebuild.build_cache(path, "code", serving=True)
    third.get(third.key("output", ["a"]))
    third.close()  # this build used only the output: the page state leaves memory...
    assert third.key("page", ["a"]) not in third.kept.values
    fourth = rebuild.build_cache(path, "code", serving=True)
    assert fourth.get(fourth.key("page", ["a"])) is None  # ...and the pruned file
    assert rebuild.build_cache(path, "newer code", serving=True).kept is not first.kept
    assert rebuild.build_cache(path, "code", serving=False).kept is None


def test_kept_templates_are_compiled_again_when_their_source_changes() -> None:
    import jinja2

    sources = {"page.html": "Hello {{ name }}"}
    kept = rebuild.KeptTemplates()

    def render() -> str:
        env = jinja2.Environment(loader=jinja2.DictLoader(sources), bytecode_cache=kept)
        return env.get_template("page.html").render(name="Hebb")

    assert render() == "Hello Hebb" and kept.codes
    assert render() == "Hello Hebb"  # from the kept code
    sources["page.html"] = "Goodbye {{ name }}"
    assert render() == "Goodbye Hebb"


def test_figures_are_drawn_once_per_process_and_algorithm_file(tmp_path: Path) -> None:
    algorithms = registry()
    calls: list[int] = []

    def draw() -> dict[str, Any]:
        calls.append(1)
        return {"hebb": object()}

    first = rebuild.kept_figures(algorithms, tmp_path, draw)
    assert rebuild.kept_figures(algorithms, tmp_path, draw) is first and len(calls) == 1
    assert rebuild.kept_figures(algorithms, tmp_path / "other", draw) is not first
    assert len(calls) == 2
