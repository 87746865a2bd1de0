"""Code blocks highlighted without building Pygments' lexer and style tables for each one.

pymdownx.highlight looks its lexer up by name and makes a new ``HtmlFormatter`` for every
code block; the formatter's constructor walks the whole style (some eighty token types) to
build its token-to-class table. Every paper page has two code blocks (its BibTeX and its
reference), so this was a fifth of a paper page's conversion, for tables that are the same
each time. :func:`kept` makes both lookups remember their answer while the build's own
Markdown instance converts a page (:mod:`neurokb.site.convert`), and puts Pygments back as
it was afterwards: the rest of the process keeps it as it is.

The table depends only on the style and the class prefix, and each formatter gets its own
copy of it. A lexer holds only its options (Pygments lexers are meant to be reused), so one
is kept per name and options. ``tests/site/test_site_convert.py`` compares whole built sites
with MkDocs' own conversion.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

try:
    from pygments.formatters.html import HtmlFormatter
    from pymdownx import highlight
except ImportError:  # pragma: no cover - the site's extensions need both
    highlight = None

_tables: dict[tuple[Any, str], tuple[dict[Any, str], dict[str, Any]]] = {}
_lexers: dict[tuple[str, tuple[tuple[str, Any], ...]], Any] = {}


def _stylesheet(self: Any) -> None:
    """``HtmlFormatter._create_stylesheet``, from the table made for the same style before."""
    key = (self.style, self.classprefix)
    if key not in _tables:
        HtmlFormatter._create_stylesheet(self)
        _tables[key] = (dict(self.ttype2class), dict(self.class2style))
    token_classes, class_styles = _tables[key]
    self.ttype2class = dict(token_classes)
    self.class2style = dict(class_styles)


@contextmanager
def kept() -> Iterator[None]:
    """Within this block, pymdownx.highlight's lexers and style tables are made once."""
    if highlight is None or not hasattr(highlight, "BlockHtmlFormatter"):
        yield
        return
    find = highlight.get_lexer_by_name
    formatter = highlight.BlockHtmlFormatter
    own = formatter.__dict__.get("_create_stylesheet")

    def lexer(name: str, **options: Any) -> Any:
        try:
            key = (name, tuple(sorted(options.items())))
            hash(key)
        except TypeError:
            return find(name, **options)
        if key not in _lexers:
            _lexers[key] = find(name, **options)
        return _lexers[key]

    highlight.get_lexer_by_name = lexer
    if own is None:  # a formatter with a table of its own keeps making it
        formatter._create_stylesheet = _stylesheet
    try:
        yield
    finally:
        highlight.get_lexer_by_name = find
        if own is None:
            del formatter._create_stylesheet
