"""A citeproc-py output format for Markdown (citeproc-py ships plain text, HTML and reST).

citeproc-py calls ``preformat`` on every piece of text and wraps styled runs with the class
named after the style (``Italic`` ...); each is a ``str`` subclass whose constructor adds the
markup. Markdown has italics and bold; the other styles degrade to plain text.
"""

from __future__ import annotations

import re

_SPECIAL = re.compile(r"([\\`*_\[\]<>])")


def preformat(text: str) -> str:
    """Escape characters Markdown would read as markup (``*``, ``_``, brackets ...).

    Links are left alone: an escaped ``_`` inside a URL would break it for autolinkers.
    """
    if str(text).startswith(("http://", "https://")):
        return str(text)
    return _SPECIAL.sub(r"\\\1", str(text))


class _Wrap(str):
    mark = ""

    def __new__(cls, text: str) -> _Wrap:
        return super().__new__(cls, f"{cls.mark}{text}{cls.mark}" if text else "")


class Italic(_Wrap):
    mark = "*"


class Oblique(Italic):
    pass


class Bold(_Wrap):
    mark = "**"


Light = Underline = Superscript = Subscript = SmallCaps = str
