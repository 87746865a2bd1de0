"""Text for BibTeX/BibLaTeX: Unicode to LaTeX, and case protection of titles.

Bibliography styles re-case titles (``plain.bst`` and many BibLaTeX styles lower-case all but
the first word), which turns "SuperSpike" into "Superspike" and "AI" into "Ai" unless the word
is wrapped in braces. We protect exactly the words whose capitals carry meaning:

- words with a capital after the first letter (``SuperSpike``, ``fMRI``, ``RNNs``, ``AI``);
- in a title written in sentence case, capitalised words other than the first word and the
  first word after a colon: in "Receptive fields of single neurones in the cat's striate
  cortex" nothing is protected, while "... in the Hopfield model" keeps its proper noun.

In a title written in Title Case we cannot tell proper nouns from capitalised common words, so
only the first rule applies there; that is the accepted trade-off (Zotero makes the same one),
and the reason ``validate`` warns about such titles (NKB051, the measure of
:mod:`neurokb.titles`).
"""

from __future__ import annotations

from pylatexenc.latexencode import unicode_to_latex

from neurokb.titles import has_inner_capital, is_title_case, starts_sentence, words


def encode(text: str) -> str:
    """Unicode and LaTeX specials as LaTeX: ``Müller & Co`` -> ``M{\\"u}ller \\& Co``.

    Accents are braced (``{\\"u}``) so BibTeX's sorting and case changes treat them as one
    letter.
    """
    return unicode_to_latex(text, non_ascii_only=False, replacement_latex_protection="braces-all")


def protected_words(title: str) -> list[tuple[int, int]]:
    """Spans ``(start, end)`` of the words of ``title`` that must keep their capitals."""
    sentence_case = not is_title_case(title)
    spans = []
    for start, word in words(title):
        first = starts_sentence(title, start)
        if has_inner_capital(word) or (sentence_case and not first and word[0].isupper()):
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
