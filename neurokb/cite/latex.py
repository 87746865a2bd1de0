"""Text for BibTeX/BibLaTeX: Unicode to LaTeX, and case protection of titles.

Bibliography styles re-case titles (``plain.bst`` and many BibLaTeX styles lower-case all but
the first word), which turns "SuperSpike" into "Superspike" and "AI" into "Ai" unless the word
is wrapped in braces. We protect exactly the words whose capitals carry meaning:

- words with a capital after the first letter (``SuperSpike``, ``fMRI``, ``RNNs``, ``AI``);
- in a title written in sentence case, capitalised words other than the first word and the
  first word after a colon: in "Receptive fields of single neurones in the cat's striate
  cortex" nothing is protected, while "... in the Hopfield model" keeps its proper noun.

In a title written in Title Case we cannot tell proper nouns from capitalised common words, so
only the first rule applies there; that is the accepted trade-off (Zotero makes the same one).
"""

from __future__ import annotations

import re

from pylatexenc.latexencode import unicode_to_latex

_WORD = re.compile(r"[^\W_]+")  # letters and digits, any script
_COLON_BEFORE = re.compile(r"[:?!.]\s*$")


def encode(text: str) -> str:
    """Unicode and LaTeX specials as LaTeX: ``Müller & Co`` -> ``M{\\"u}ller \\& Co``.

    Accents are braced (``{\\"u}``) so BibTeX's sorting and case changes treat them as one
    letter.
    """
    return unicode_to_latex(text, non_ascii_only=False, replacement_latex_protection="braces-all")


def _has_inner_capital(word: str) -> bool:
    return any(ch.isupper() for ch in word[1:])


def _is_sentence_case(words: list[tuple[int, str]], title: str) -> bool:
    """Most longer words after the first start lower case (so capitals mark proper nouns)."""
    checked = [
        w for start, w in words[1:] if len(w) >= 4 and not _COLON_BEFORE.search(title[:start])
    ]
    if not checked:
        return True
    capitalised = sum(1 for w in checked if w[0].isupper())
    return capitalised * 2 < len(checked)


def protected_words(title: str) -> list[tuple[int, int]]:
    """Spans ``(start, end)`` of the words of ``title`` that must keep their capitals."""
    words = [(m.start(), m.group()) for m in _WORD.finditer(title)]
    sentence_case = _is_sentence_case(words, title)
    spans = []
    for index, (start, word) in enumerate(words):
        first = index == 0 or bool(_COLON_BEFORE.search(title[:start]))
        if _has_inner_capital(word) or (sentence_case and not first and word[0].isupper()):
            spans.append((start, start + len(word)))
    return spans


def title(text: str) -> str:
    """A title encoded for BibTeX with its meaningful capitals braced."""
    out, pos = [], 0
    for start, end in protected_words(text):
        out.append(encode(text[pos:start]))
        out.append("{" + encode(text[start:end]) + "}")
        pos = end
    out.append(encode(text[pos:]))
    return "".join(out)
