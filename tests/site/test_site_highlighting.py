"""Pygments' lexers and style tables are kept only while the build's Markdown instance converts
(neurokb/site/highlighting.py): code blocks come out as without it, and Pygments is put back
afterwards, also when a conversion fails. Whole sites are compared in test_site_convert.py."""

from __future__ import annotations

import markdown
import pytest
from pygments import lexers
from pymdownx import highlight

from neurokb.site import highlighting

CONFIG = {"pymdownx.highlight": {"anchor_linenums": True, "line_spans": "__span"}}
DOCUMENT = (
    "```bibtex\n@article{a, title={T}}\n```\n\n```python\nx = 1\n```\n\n```{.text .c}\nplain\n```\n"
)


def _convert() -> str:
    md = markdown.Markdown(extensions=["pymdownx.superfences"], extension_configs=CONFIG)
    return md.convert(DOCUMENT)


def test_code_blocks_are_the_same_and_pygments_is_put_back() -> None:
    plain = _convert()
    with highlighting.kept():
        assert highlight.get_lexer_by_name is not lexers.get_lexer_by_name
        kept = [_convert(), _convert()]  # the second one from the kept tables and lexers
    assert kept == [plain, plain]
    assert highlighting._tables and highlighting._lexers
    assert highlight.get_lexer_by_name is lexers.get_lexer_by_name
    assert "_create_stylesheet" not in highlight.BlockHtmlFormatter.__dict__


def test_pygments_is_put_back_when_a_conversion_fails() -> None:
    with pytest.raises(RuntimeError), highlighting.kept():
        raise RuntimeError("a page failed")
    assert highlight.get_lexer_by_name is lexers.get_lexer_by_name
    assert "_create_stylesheet" not in highlight.BlockHtmlFormatter.__dict__
