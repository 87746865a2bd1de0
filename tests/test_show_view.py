"""``show``'s terminal view prints a plain-prose summary without markdown-it, byte for byte
as Rich's Markdown prints it (the parser costs ~40 ms to import, a third of a warm query)."""

from __future__ import annotations

import io
import textwrap
from pathlib import Path

import pytest
from rich.markdown import Markdown

from neurokb.cli.common import printable
from neurokb.cli.showview import _Paragraph, plain_paragraph
from neurokb.cli.terminal import SafeConsole
from neurokb.load.loader import load_kb
from neurokb.synthetic import generate as synthetic

TRICKY = [
    "Hello world.",
    "a  b\nc",
    "x\n  y  z",
    'He said "hi" (really); 50% of it: yes/no, https://example.org/a?b d.',
    "Unicode \u2014 dashes \u2026 and \u00fcml\u00e4uts",
    "a\u00a0\nb",
    "a - b, 3.5 and 1990s",
]
NOT_PLAIN = ["1. one", "a\n1) b", "- a", "a\n---", "a *b*", "`x`", "[a](b)", "a  \nb", "a\n\nb",
             "    code", "a &amp; b", "# h", "> q", "a | b", "~~s~~", "a\\b", "x<y"]  # fmt: skip


def _render(renderable: object, width: int, tty: bool, soft_wrap: bool) -> str:
    out = io.StringIO()
    console = SafeConsole(file=out, width=width, force_terminal=tty, soft_wrap=soft_wrap,
                          color_system="truecolor" if tty else None)  # fmt: skip
    console.print(renderable)
    return out.getvalue()


def _summaries(repo_root: Path) -> list[str]:
    kb = load_kb(repo_root)
    shipped = [entry.summary for entry in [*kb.papers.values(), *kb.topics.values()]]
    records = synthetic.generate(300, 5, sorted(kb.topics), [])
    wrapped = ["\n".join(textwrap.wrap(record.summary, 96)) + "\n" for record in records]
    return [*shipped, *wrapped, *TRICKY]  # wrapped as YAML block scalars hold them


def test_plain_summaries_print_exactly_as_markdown_prints_them(repo_root: Path) -> None:
    plain = 0
    for text in map(printable, _summaries(repo_root)):
        paragraph = plain_paragraph(text)
        if paragraph is None:
            continue
        plain += 1
        for width in (40, 80, 133):
            for tty in (False, True):
                for soft_wrap in (False, True):
                    expected = _render(Markdown(text), width, tty, soft_wrap)
                    assert _render(_Paragraph(paragraph), width, tty, soft_wrap) == expected
    assert plain > 300  # most summaries take the fast path


@pytest.mark.parametrize("text", NOT_PLAIN)
def test_anything_markdown_reads_as_syntax_goes_to_markdown(text: str) -> None:
    assert plain_paragraph(text) is None
