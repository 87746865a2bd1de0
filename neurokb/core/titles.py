"""Title Case or sentence case: the measure behind ``validate``'s warning (NKB051).

Titles are stored in sentence case ("SuperSpike: Supervised learning in multilayer spiking
neural networks"): capitals then mark what must keep them (the first word, the first word after
a colon, proper nouns, acronyms), and a style that wants Title Case can make it, while the
reverse cannot be done by rule. A Title Case title is recognised by its ordinary words: among
the words of four letters or more that are not first in the title or after a colon, and that
have no capital after their first letter (acronyms and names like "SuperSpike" say nothing),
more than half start with a capital. A sentence-case title heavy in proper nouns ("Hebbian and
Bayesian learning in Hopfield networks") stays below that line. (The BibTeX case protection in
:mod:`neurokb.cite.latex` has a measure of its own, which ignores acronyms less; on the shipped
titles it braces every capital that matters either way.)
"""

from __future__ import annotations

import re

_WORD = re.compile(r"[^\W_]+")  # letters and digits, any script
# Title markup whose case is fixed: a {protected span} or $math$ (see neurokb.core.titlemarkup).
_FIXED = re.compile(r"\{[^{}]*\}|\$[^$]*\$")
_AFTER_BREAK = re.compile(r"[:?!.]\s*$")  # a colon (or sentence end) starts a new capital
# In ASCII text, a whole word (a run of letters and digits) that would count as capitalised:
# a capital, then three or more lower-case letters. Fewer than two such words anywhere in a
# title, and it cannot be in Title Case: most titles are ruled out by one search in C.
_CAPITALISED_ASCII = re.compile(r"(?<![A-Za-z0-9])[A-Z][a-z]{3,}(?![A-Za-z0-9])")


def words(title: str) -> list[tuple[int, str]]:
    """``(start, word)`` for each word of ``title`` outside protected spans and math."""
    fixed = [m.span() for m in _FIXED.finditer(title)]
    return [
        (m.start(), m.group())
        for m in _WORD.finditer(title)
        if not any(a <= m.start() < b for a, b in fixed)
    ]


def starts_sentence(title: str, start: int) -> bool:
    """True for the first word and a word after a colon or sentence end."""
    return start == 0 or not title[:start].strip() or bool(_AFTER_BREAK.search(title[:start]))


def has_inner_capital(word: str) -> bool:
    return any(ch.isupper() for ch in word[1:])


def is_title_case(title: str) -> bool:
    """True when most of the title's ordinary words are capitalised (see the module doc)."""
    if title.isascii() and len(_CAPITALISED_ASCII.findall(title)) < 2:
        return False  # not two capitalised words to count (validate asks this of every title)
    return counted_title_case(title)


def counted_title_case(title: str) -> bool:
    """The rule itself, word by word: :func:`is_title_case` without its shortcut."""
    checked = [
        word
        for start, word in words(title)
        if len(word) >= 4
        and word.isalpha()
        and not has_inner_capital(word)
        and not starts_sentence(title, start)
    ]
    capitalised = sum(1 for word in checked if word[0].isupper())
    return capitalised >= 2 and capitalised * 2 > len(checked)
