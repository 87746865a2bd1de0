"""A citeproc-py output format for HTML that escapes every piece of entry text.

citeproc-py's own HTML format escapes some text but not all of it (a venue wrapped in
``<i>`` went out raw, so a journal called "A & B <x>" produced broken markup). Entry text comes
from strangers, so here styled runs are only *marked* with private-use characters while
citeproc-py works; :func:`finish` then escapes the whole string and turns the marks into tags.
Nothing from an entry can become a tag, because the marks are removed from the input first.
"""

from __future__ import annotations

import html

_TAGS = {"i": ("\ue000", "\ue001"), "b": ("\ue002", "\ue003"), "sup": ("\ue004", "\ue005"),
         "sub": ("\ue006", "\ue007"), "span": ("\ue008", "\ue009")}  # fmt: skip
_MARKS = "".join(open_ + close for open_, close in _TAGS.values())
_STRIP = {ord(mark): None for mark in _MARKS}


def preformat(text: str) -> str:
    """Entry text as it stands, minus any private-use mark characters it might carry."""
    return str(text).translate(_STRIP)


def _wrapper(tag: str) -> type[str]:
    open_, close = _TAGS[tag]

    class Wrap(str):
        def __new__(cls, text: str) -> Wrap:
            return super().__new__(cls, f"{open_}{text}{close}" if text else "")

    return Wrap


Italic = Oblique = _wrapper("i")
Bold = _wrapper("b")
Superscript = _wrapper("sup")
Subscript = _wrapper("sub")
SmallCaps = _wrapper("span")
Light = Underline = str


def finish(text: str) -> str:
    """Escape the rendered text for HTML, then turn the marks into tags."""
    out = html.escape(text, quote=False)
    for tag, (open_, close) in _TAGS.items():
        opening = '<span style="font-variant:small-caps;">' if tag == "span" else f"<{tag}>"
        out = out.replace(open_, opening).replace(close, f"</{tag}>")
    return out
