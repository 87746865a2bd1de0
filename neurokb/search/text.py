"""How text becomes search terms: the one tokenizer used for indexing, queries and phrases.

Search must find "Müller" when typed "muller" and "Free-energy" when typed "free energy", so
text is folded to ASCII, lower-cased and split on anything that is not a letter or digit. There
is no stemming: partial words are handled by prefix expansion in the index, which is easier
to predict ("plastic" finds "plasticity" because it is a prefix, not because of a stemmer's
rules). The index (:mod:`neurokb.cache.textindex`) stores text already tokenized by this
function, so that cached and in-memory search agree.
"""

from __future__ import annotations

import re

from neurokb.core.normalize import ascii_fold

_WORD = re.compile(r"[a-z0-9]+")

# Words too common to be worth requiring in every hit; they still count in phrases and titles.
_STOP = "a an and are as at be but by do does for from has have how in into is it its of on or s "
_STOP += "that the their this to was were what when which who why will with"
STOP_WORDS = frozenset(_STOP.split())


def tokenize(text: str) -> list[str]:
    """``"SuperSpike: Supervised learning"`` -> ``["superspike", "supervised", "learning"]``."""
    return _WORD.findall((text if text.isascii() else ascii_fold(text)).lower())


def normalized(text: str) -> str:
    """The tokens joined by single spaces: the form phrases and exact titles are compared in."""
    return " ".join(tokenize(text))


def contains_phrase(haystack: str, phrase: str) -> bool:
    """Whether normalised ``phrase`` occurs in normalised ``haystack`` on word boundaries."""
    return f" {phrase} " in f" {haystack} "
