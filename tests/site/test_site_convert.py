"""Pages converted with one reused Markdown instance (neurokb/site/convert.py) are the pages
MkDocs' own ``Page.render`` makes with a new instance each: document by document, and as
whole built sites (the shipped KB and a generated one), byte for byte, search index included
(which the search plugin makes from pages cut by neurokb/site/searchcut.py), and the theme's
navigation rendered for every page (not kept per folder by neurokb/site/navmemo.py)."""

from __future__ import annotations

import random
import shutil
from pathlib import Path

import pytest
from markdown.inlinepatterns import LinkInlineProcessor
from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page
from sitehelpers import REPO

from neurokb.site import navmemo, pagecache, rebuild
from neurokb.site.convert import SHARED, Converter, bracket_ends

# Documents that leave state in an instance if an extension forgot to reset it: footnotes,
# abbreviations, reference links, tabs and their counters, headings with the same slug,
# fenced and highlighted code, admonitions, details, math, emoji, raw HTML with ids.
DOCUMENTS = [
    "# Title\n\nText[^1] with an ABC.\n\n[^1]: A note.\n\n*[ABC]: A B C\n\n[ref]: http://x.org\n",
    "# Title\n\nNo note, ABC and [ref] here.\n\n## Title\n\n## Title\n",
    '=== "One"\n\n    ```python\n    x = 1\n    ```\n\n=== "Two"\n\n    text\n',
    '=== "Again"\n\n    ```bibtex\n    @article{a, title={T}}\n    ```\n',
    '!!! note "Heed"\n    body\n\n??? tip "More"\n    hidden\n\n$x_i$ and $$y$$\n',
    ':material-link: [a](b.md){ .md-button } <span id="here">x</span>\n\n<div markdown>\n*y*\n</div>\n',
    "",
    "Term\n:   Definition\n\n| a | b |\n| --- | --- |\n| 1 | 2 |\n\n\\*not\\* emphasis\n",
    "# Title[^1]\n\n[^1]: Again a note, numbered from one.\n",
]


def test_bracket_ends_is_python_markdowns_answer() -> None:
    original = LinkInlineProcessor._findBracketEnds
    fixed = ["", "[", "]", "[]", "a[b]c", "[[a]", "]]][[[", "x[a[b]c]d]e[f", "[a](b) [c]"]
    rng = random.Random(19)
    drawn = ["".join(rng.choice("[]a(\\") for _ in range(rng.randint(0, 40))) for _ in range(3000)]
    for data in fixed + drawn + DOCUMENTS:
        assert bracket_ends(data) == original(data), data


def _site_config(root: Path, out: Path, docs: Path) -> object:
    """The site's mkdocs.yml for the KB at ``root``, with an empty build cache of its own."""
    config = (REPO / "mkdocs.yml").read_text("utf-8")
    config = config.replace("custom_dir: neurokb/", f"custom_dir: {REPO}/neurokb/")
    plugin = (
        f"  - neurokb:\n      root: {root}\n      build_cache: {out}.sqlite\n"
        f"      figure_cache: {REPO / '.neurokb-cache' / 'figures'}\n"
    )
    config = config.replace("  - neurokb\n", plugin, 1).replace("docs_dir: kb", f"docs_dir: {docs}")
    path = out.parent / f"{out.name}.yml"
    path.write_text(config, "utf-8")
    return load_config(str(path), site_dir=str(out), strict=False)


def test_one_instance_converts_each_document_as_a_new_one_does(tmp_path: Path) -> None:
    assert SHARED, "this MkDocs lacks the page steps convert.py repeats: it converts as MkDocs"
    config = _site_config(REPO, tmp_path / "site", REPO / "kb")
    docs = tmp_path / "docs"
    docs.mkdir()
    files = Files([])
    converter = Converter(config)
    for n, text in enumerate(DOCUMENTS * 2):
        (docs / f"page{n}.md").write_text(text, "utf-8")
        file = File(f"page{n}.md", str(docs), str(tmp_path / "site"), False)
        files.append(file)
        assert_same_conversion(converter, file, config, files)


def assert_same_conversion(converter: Converter, file: File, config: object, files: Files) -> None:
    """``converter`` makes of ``file`` the page MkDocs' own ``Page.render`` makes."""
    ours, theirs = Page(None, file, config), Page(None, file, config)
    for page in (ours, theirs):
        page.read_source(config)
    converter.render(ours, config, files)
    theirs.render(config, files)
    assert ours.content == theirs.content, ours.markdown
    assert str(ours.toc) == str(theirs.toc), ours.markdown
    assert ours.title == theirs.title
    assert ours.present_anchor_ids == theirs.present_anchor_ids
    assert ours.links_to_anchors == theirs.links_to_anchors


def _mkdocs_own(self: Converter, page: Page, config: object, files: Files) -> None:
    Page.render(page, config, files)


def _built(out: Path) -> dict[str, bytes]:
    return {
        p.relative_to(out).as_posix(): p.read_bytes()
        for p in sorted(out.rglob("*"))
        if p.is_file() and not p.name.startswith("sitemap.xml")  # dated today
    }


def _same_site(root: Path, docs: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    placed: list[str] = []
    place = navmemo.place
    with monkeypatch.context() as patch:
        patch.setattr(
            navmemo, "place", lambda url, targets: placed.append(url) or place(url, targets)
        )
        build(_site_config(root, tmp_path / "ours", docs))
    # the templates rendered were the wrapped ones (not copies from another loader)
    assert len([url for url in placed if url.startswith("papers/")]) > 20
    with monkeypatch.context() as patch:
        patch.setattr(Converter, "render", _mkdocs_own)
        patch.setattr(pagecache, "without_excluded", lambda html: None)
        patch.setattr(rebuild, "_kept", {})  # its own pages, not the first build's
        patch.setattr(navmemo, "install", lambda env, nav, config: None)
        build(_site_config(root, tmp_path / "mkdocs", docs))
    ours, theirs = _built(tmp_path / "ours"), _built(tmp_path / "mkdocs")
    assert sorted(ours) == sorted(theirs)
    different = [name for name in ours if ours[name] != theirs[name]]
    assert not different, different[:10]
    assert len([n for n in ours if n.startswith("papers/") and n.endswith(".html")]) > 20


def test_the_shipped_site_is_the_one_mkdocs_converts(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _same_site(REPO, REPO / "kb", tmp_path, monkeypatch)


def test_a_generated_site_is_the_one_mkdocs_converts(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from neurokb.algorithms.base import registry
    from neurokb.synthetic.generate import TOPICS, generate, write

    topics = REPO / TOPICS
    topic_ids = sorted(p.stem for p in topics.glob("*.yaml"))
    write(generate(150, 7, topic_ids, sorted(registry())), tmp_path / "kb", topics, papis=False)
    docs = tmp_path / "docs"
    shutil.copytree(REPO / "kb", docs)
    _same_site(tmp_path / "kb", docs, tmp_path, monkeypatch)
