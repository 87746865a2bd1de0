"""The safe Markdown subset: what validate refuses (exact message, line) and what every output
makes of the hostile payloads in ``tests/data/hostile/xss_payloads.yaml``.

Each output is checked for what would run in a browser or a Markdown viewer: an HTML element
made from entry text, an ``on...`` attribute, or a ``javascript:`` link.
"""

from __future__ import annotations

import html
import html.parser
import re
import sys
from pathlib import Path

import pytest
from hostile import Payload, payloads, write_hostile_kb

from neurokb.cite import format_references
from neurokb.core import safemarkdown
from neurokb.core.models import Paper
from neurokb.load.loader import load_kb
from neurokb.site import md

sys.path.insert(0, str(Path(__file__).parent / "site"))
from sitehelpers import render_markdown

PAYLOADS = payloads()
# What the site's own Markdown may make: text formatting, links, math spans, code and tables.
ALLOWED_TAGS = {
    "p",
    "em",
    "strong",
    "a",
    "code",
    "span",
    "table",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
}


class _Tags(html.parser.HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: set[str] = set()
        self.bad: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.add(tag)
        for name, value in attrs:
            url = "".join((value or "").split()).lower()
            if name.startswith("on") or url.startswith(("javascript:", "data:", "vbscript:")):
                self.bad.append(f"<{tag} {name}={value}>")


def _scan(markup: str) -> _Tags:
    tags = _Tags()
    tags.feed(markup)
    return tags


def _assert_inert(markup: str, allowed: set[str] = ALLOWED_TAGS) -> None:
    tags = _scan(markup)
    assert not tags.bad, markup
    assert tags.tags <= allowed, (tags.tags - allowed, markup)


# -- validate ----------------------------------------------------------------------------------
@pytest.mark.parametrize("payload", PAYLOADS, ids=[p.id for p in PAYLOADS])
def test_validate_verdict_on_each_payload(payload: Payload, tmp_path: Path) -> None:
    write_hostile_kb(tmp_path, only=payload)
    problems = load_kb(tmp_path).problems
    if payload.accepted:
        assert [p for p in problems if p.is_error] == []
    else:
        entry = f"entries/{payload.kind}s/{payload.key}.yaml"
        found = [(p.code, p.message) for p in problems if p.path == entry]
        assert found == [(payload.code, payload.message)]


def test_refused_markup_is_reported_at_its_own_line_with_a_hint(tmp_path: Path) -> None:
    entry = tmp_path / "entries" / "papers" / "doe2020a.yaml"
    entry.parent.mkdir(parents=True)
    entry.write_text(
        "title: A\nauthors: ['Doe, Jane']\nyear: 2020\n"
        "summary: |\n  Fine <b>bold</b> here.\n\n  A `<b>` in code and <b>again</b>.\n"
        "notes: >\n  folded text with\n  a [x](javascript:alert(1)) link\n",
        "utf-8",
    )
    found = {p.field: p for p in load_kb(tmp_path).problems}
    assert (found["summary"].line, found["summary"].column) == (5, 8)
    assert found["summary"].message == "'summary': raw HTML '<b>' is not allowed"
    assert "backticks" in found["summary"].hint
    assert (found["notes"].line, found["notes"].column) == (10, 5)
    assert "http://, https://, mailto:" in found["notes"].hint


@pytest.mark.parametrize(
    "text",
    [
        "*emphasis*, _emphasis_, **strong** and `code <b>`",
        "[a link](https://example.org/a_(b)?q=1&r=2), [mail](mailto:a@b.org), [rel](../x.md#y)",
        "math $a < b$ and $$\n\\frac{<x>}{y}\n$$ and a citation [@hopfield1982neural, p. 2]",
        "| a | b |\n| --- | --- |\n| $x$ | *y* |",
        "prices $5 and $6, a < b > c, a <b, c, x <3, a & b, {braces} and [brackets] stay text",
        r"escaped \<b\> and \[not a link\](x)",
    ],
)
def test_the_subset_is_accepted(text: str) -> None:
    assert safemarkdown.check(text) == []


# -- the site ----------------------------------------------------------------------------------
@pytest.mark.parametrize("payload", PAYLOADS, ids=[p.id for p in PAYLOADS])
def test_site_markdown_of_each_payload_is_inert(payload: Payload) -> None:
    for markdown in (safemarkdown.render(payload.value), md.text(payload.value)):
        _assert_inert(render_markdown(markdown))


@pytest.mark.parametrize("payload", [p for p in PAYLOADS if "\n" not in p.value], ids=str)
def test_plain_text_prints_exactly_as_written(payload: Payload) -> None:
    shown = render_markdown(md.text(payload.value))
    assert html.unescape(re.sub(r"<[^>]+>", "", shown)).strip() == payload.value


def test_the_subset_renders_as_markup() -> None:
    out = render_markdown(
        safemarkdown.render(
            "*a* **b** `<c>` [d](https://e.org/f(g)) $x<y$\n\n$$\nz\n$$\n\n| h | i |\n| - | - |\n| j | k |",
            cite=lambda items: "CITED",
        )
    )
    assert "<em>a</em>" in out and "<strong>b</strong>" in out and "<code>&lt;c&gt;</code>" in out
    assert '<a href="https://e.org/f%28g%29">d</a>' in out
    assert '<span class="arithmatex">\\(x&lt;y\\)</span>' in out
    assert '<span class="arithmatex nkb-display">\\[z\\]</span>' in out
    assert "<table>" in out and "<td>j</td>" in out


def test_citations_become_links_to_known_papers_only() -> None:
    out = safemarkdown.render(
        "[@a; see @b, p. 3; -@c]", cite=lambda items: repr([tuple(i) for i in items])
    )
    assert out == repr([("", "a", "", False), ("see", "b", ", p. 3", False), ("", "c", "", True)])
    assert render_markdown(safemarkdown.render("[@a]")) == "<p>[@a]</p>"


@pytest.mark.parametrize(
    "target",
    ["javascript:alert(1)", "JavaScript:x", " javascript:x", "java\nscript:x", "javascript\\:x",
     "data:text/html,x", "vbscript:x", "&#106;avascript:x", "x y", 'a"b', ""],
)  # fmt: skip
def test_script_link_targets_are_refused(target: str) -> None:
    assert not safemarkdown.target_allowed(target)


def test_link_targets_are_percent_encoded() -> None:
    assert safemarkdown.href("https://e.org/a(b)'c\"<d>?x=1&y=2") == (
        "https://e.org/a%28b%29%27c%22%3Cd%3E?x=1&amp;y=2"
    )


# -- cite --------------------------------------------------------------------------------------
def _hostile_paper() -> Paper:
    by_id = {p.id: p.value for p in PAYLOADS}
    return Paper.model_validate(
        {
            "key": "x",
            "title": by_id["title-in-header"],
            "authors": [by_id["author-name"]],
            "year": 2020,
            "venue": by_id["venue"],
            "publisher": by_id["publisher"],
            "volume": "{: onclick=\"alert('volume')\" }",
            "url": "https://example.org/a_(b)*c*",
        }
    )


@pytest.mark.parametrize("style", ["apa", "ieee"])
def test_cite_html_escapes_entry_text(style: str) -> None:
    (out,) = format_references([_hostile_paper()], style, "html")
    _assert_inert(out, {"i", "b", "span"})
    assert "&lt;/title&gt;&lt;script&gt;" in out


@pytest.mark.parametrize("style", ["apa", "ieee"])
def test_cite_markdown_escapes_markdown_and_html(style: str) -> None:
    (out,) = format_references([_hostile_paper()], style, "markdown")
    assert "<" not in out.replace("\\<", "")
    assert "{" not in out.replace("\\{", "")
    _assert_inert(render_markdown(out), {"p", "em"})
    shown = html.unescape(re.sub(r"<[^>]+>", "", render_markdown(out)))
    assert "</title><script>alert('title')</script>" in shown


@pytest.mark.parametrize("fmt", ["html", "markdown"])
def test_cli_cite_escapes(fmt: str, tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from neurokb.cli.app import app

    write_hostile_kb(tmp_path)
    keys = ["xss-title-in-header", "xss-author-name", "xss-venue"]
    result = CliRunner().invoke(app, ["--kb", str(tmp_path), "cite", *keys, "--format", fmt])
    assert result.exit_code == 0, result.stderr
    if fmt == "html":
        _assert_inert(result.stdout, {"i", "b"})
    else:
        assert not re.search(r"(?<!\\)[<>{]", result.stdout)
        _assert_inert(render_markdown(result.stdout), {"p", "em"})


@pytest.mark.parametrize(
    "text", ["<stdin>", "a `tick` here", "`", "``x``", "", "two\nlines <b>", "\\href{x}{y}"]
)
def test_a_code_span_shows_any_text_and_passes_the_check(text: str) -> None:
    span = safemarkdown.code_span(text)
    assert safemarkdown.check(f"Imported from {span} today") == []
    assert "<b>" not in safemarkdown.render(f"x {span}")
