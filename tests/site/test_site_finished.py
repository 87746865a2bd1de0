"""Generated lists of links written as finished HTML (neurokb/site/finished.py) are what
Python-Markdown and MkDocs make of them: pages of random titles, names and link titles in
every shape the generators write (bullet and numbered lists, comma-separated links, counts,
links found and not found) convert as MkDocs' own ``Page.render`` converts them."""

from __future__ import annotations

import random
from pathlib import Path
from types import SimpleNamespace

import pytest
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page
from sitehelpers import REPO
from test_site_convert import _site_config, assert_same_conversion

from neurokb.site import finished, md
from neurokb.site.convert import Converter
from neurokb.site.paper_page import venue_line

CLEAN = "abcxyzABCXYZ0129 " + r"\`*_{}[]()<>#+!|$~^=:&?-" + "'\".,;@%/éü—’中😀"
ODD = CLEAN + "    \u00a0\u2003\t\x02\x03\x85\u2028"  # what finished.py leaves alone
WORDS = ["&amp;", "&#106;", ":smile:", "**b**", "$x$", "<b>", "a  b", " lead", "trail ", "\\", ""]


def _text(rng: random.Random) -> str:
    if rng.random() < 0.05:
        return rng.choice(WORDS) + rng.choice(["", "x", " y"])
    pool = ODD if rng.random() < 0.05 else CLEAN
    return "".join(rng.choice(pool) for _ in range(rng.randint(0, 14))) or "t"


def _href(rng: random.Random, known: list[str]) -> str:
    odd = ["missing.md", "../topics/none.md", "x.md#a", "a.md?q", "https://x.org/a.md"]
    return rng.choice(odd if rng.random() < 0.04 else known)


def _item(rng: random.Random, known: list[str]) -> str:
    title = _text(rng) if rng.random() < 0.3 else ""
    line = md.link(_text(rng), _href(rng, known), title=title)
    if rng.random() < 0.6:
        line += " — " + md.text(_text(rng))
    if rng.random() < 0.3:
        line += f" ({rng.randint(0, 99)})"
    return line


def _byline(rng: random.Random, known: list[str]) -> str:
    """A paper page's byline as render_paper_page writes it, of random authors and facts."""
    authors = ", ".join(md.link(_text(rng), _href(rng, known)) for _ in range(rng.randint(1, 4)))
    fields = ("venue", "volume", "issue", "pages", "publisher")
    paper = SimpleNamespace(**{f: _text(rng) if rng.random() < 0.6 else None for f in fields})
    where = venue_line(paper)  # type: ignore[arg-type]
    facts = " · ".join([where, "Journal article", "2017"] if where else ["Book", "1999"])
    return f'<div class="nkb-byline" markdown>\n{authors}\n\n{facts}\n</div>\n'


def _page(rng: random.Random, known: list[str]) -> str:
    count = rng.randint(1, 6)
    bullets = "\n".join(f"- {_item(rng, known)}" for _ in range(count))
    numbers = "\n".join(f"{n}. {_item(rng, known)}" for n in range(1, count + 1))
    links = ", ".join(
        md.link(_text(rng), _href(rng, known)) + (f" ({n})" if (n := rng.randint(0, 3)) else "")
        for _ in range(count)
    )
    return (
        f"# {md.text(_text(rng))}\n\n{_byline(rng, known)}\n"
        f"## Cites ({count}) {{ data-search-exclude }}\n\n{bullets}\n\n"
        f"## Reading list\n\nRead in this order: each paper comes after.\n\n{numbers}\n\n"
        f"## Topics\n\n{links}\n\n### 2017 {{ data-search-exclude }}\n\n{bullets}\n"
    )


def test_random_link_lists_convert_as_python_markdown_does(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    config = _site_config(REPO, tmp_path / "site", REPO / "kb")
    monkeypatch.setattr(config.plugins, "_current_plugin", "neurokb", raising=False)
    known = ["a.md", "b.md", "../topics/t.md", "../authors/x-y.md"]
    paths = ["papers/a.md", "papers/b.md", "topics/t.md", "authors/x-y.md"]
    files = Files([File.generated(config, path, content="# x\n") for path in paths])
    converter = Converter(config)
    taken: list[bool] = []
    html = finished.FinishedBlocks._html

    def counted(self: finished.FinishedBlocks, block: list[str]) -> str | None:
        out = html(self, block)
        taken.append(out is not None)
        return out

    monkeypatch.setattr(finished.FinishedBlocks, "_html", counted)
    facts = finished._facts_html
    bylines: list[bool] = []

    def counted_facts(line: str) -> str | None:
        out = facts(line)
        bylines.append(out is not None)
        return out

    monkeypatch.setattr(finished, "_facts_html", counted_facts)
    rng = random.Random(1919)
    for n in range(600):
        text = _page(rng, known)
        file = File.generated(config, f"papers/p{n}.md", content=text)
        files.append(file)
        assert_same_conversion(converter, file, config, files)
    assert sum(taken) > len(taken) / 10, "the random pages should hold blocks finished.py takes"
    assert not all(taken), "and blocks it leaves to Python-Markdown"
    assert sum(bylines) > len(bylines) / 10 and not all(bylines), "bylines taken and left"


def test_hand_written_pages_are_left_to_python_markdown(tmp_path: Path) -> None:
    config = _site_config(REPO, tmp_path / "site", REPO / "kb")
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "a.md").write_text("# A\n\n- [b](b.md)\n", "utf-8")
    (docs / "b.md").write_text("# B\n", "utf-8")
    files = Files([File(n, str(docs), str(tmp_path / "site"), False) for n in ("a.md", "b.md")])
    page = Page(None, files.get_file_from_path("a.md"), config)
    page.read_source(config)
    seen: list[list[str]] = []
    hand = finished.FinishedBlocks(Converter(config)._instance(), page.file, files, {})
    hand._html = lambda block: seen.append(block)  # type: ignore[method-assign]
    assert hand.run(page.markdown.split("\n")) == page.markdown.split("\n")
    assert not seen
