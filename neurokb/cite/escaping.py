"""Entry text in HTML and Markdown references: escaped, so it is shown, never obeyed.

citeproc-py puts variables (titles, names, venues ...) into its output as they are: a title
holding ``<script>`` came out of ``cite --format html`` as a script. Escaping the output
afterwards cannot tell the formatter's own markup (``<i>``, ``*``) from the data's, and
escaping the data first lets citeproc change it (title case turns ``&lt;`` into ``&Lt;``). So
each character that is markup in the output format is swapped, in the CSL data, for a stand-in
from Unicode's private use area, which no text transform touches, and the stand-ins become
escaped characters once the reference is formatted.

In Markdown, a DOI or URL is a link that autolinkers must still recognise, so instead of
backslashes it gets percent-encoding of the characters that could end it or start markup.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

_STAND_IN = 0xE000  # + the character's code point (all are ASCII)
# Characters that are markup in each output: HTML's three, and for Markdown those of inline
# CommonMark and GitHub's extensions, HTML, attribute lists ({:...}) and math ($).
MARKUP = {"html": "<>&", "markdown": "\\`*_{}[]<>&$~|"}
_URL_FIELDS = frozenset({"DOI", "URL"})
_URL_SAFE = "/:?#@!$&+,;=%-._~"


def _mask(value: str, chars: str) -> str:
    return "".join(chr(_STAND_IN + ord(c)) if c in chars else c for c in value)


def mask_item(item: dict[str, Any], output: str) -> dict[str, Any]:
    """A CSL-JSON item whose text will come out of ``output`` escaped (see :func:`unmask`)."""
    chars = MARKUP.get(output)
    if chars is None:
        return item
    return {key: _value(key, value, chars, output) for key, value in item.items()}


def _value(key: str, value: Any, chars: str, output: str) -> Any:
    if isinstance(value, str):
        if key in _URL_FIELDS and output == "markdown":
            return quote(value, safe=_URL_SAFE)
        return _mask(value, chars)
    if isinstance(value, list):
        return [_value(key, item, chars, output) for item in value]
    if isinstance(value, dict):
        return {k: _value(k, v, chars, output) for k, v in value.items()}
    return value


def unmask(text: str, output: str) -> str:
    """Formatted ``text`` with each stand-in replaced by its escaped character."""
    chars = MARKUP.get(output)
    if chars is None:
        return text
    for char in chars:
        stand_in = chr(_STAND_IN + ord(char))
        if stand_in in text:
            text = text.replace(stand_in, _ESCAPED[output](char))
    return text


_ESCAPED = {
    "html": lambda c: {"<": "&lt;", ">": "&gt;", "&": "&amp;"}[c],
    "markdown": lambda c: "\\" + c,
}
