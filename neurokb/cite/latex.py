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

from neurokb.core import titlemarkup

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


def protected_words(
    title: str, sentence_case: bool | None = None, at_start: bool = True
) -> list[tuple[int, int]]:
    """Spans ``(start, end)`` of the words of ``title`` that must keep their capitals.

    ``sentence_case`` and ``at_start`` are given when ``title`` is one piece of a longer title
    (the text between marked spans), whose casing is judged on the whole.
    """
    words = [(m.start(), m.group()) for m in _WORD.finditer(title)]
    if sentence_case is None:
        sentence_case = _is_sentence_case(words, title)
    spans = []
    for index, (start, word) in enumerate(words):
        first = (index == 0 and at_start) or bool(_COLON_BEFORE.search(title[:start]))
        if _has_inner_capital(word) or (sentence_case and not first and word[0].isupper()):
            spans.append((start, start + len(word)))
    return spans


def _protect(text: str, sentence_case: bool | None, at_start: bool) -> str:
    out, pos = [], 0
    for start, end in protected_words(text, sentence_case, at_start):
        out.append(encode(text[pos:start]))
        out.append("{" + encode(text[start:end]) + "}")
        pos = end
    out.append(encode(text[pos:]))
    return "".join(out)


def title(text: str) -> str:
    """A title encoded for BibTeX with its meaningful capitals braced.

    The title's own markup (:mod:`neurokb.core.titlemarkup`) comes back as TeX: a protected span in
    braces, math verbatim, italics as ``\\emph{}``.
    """
    if not titlemarkup.has_markup(text):
        return _protect(text, None, True)
    plain = titlemarkup.plain(text)
    words = [(m.start(), m.group()) for m in _WORD.finditer(plain)]
    return _tex(titlemarkup.parse(text), _is_sentence_case(words, plain), True)


def _tex(parts: list[titlemarkup.Part] | tuple[titlemarkup.Part, ...], sentence_case: bool,
         at_start: bool) -> str:  # fmt: skip
    out = []
    for index, part in enumerate(parts):
        first = at_start and index == 0
        if isinstance(part, str):
            out.append(_protect(part, sentence_case, first))
        elif part.kind == "math":
            out.append(f"${part.body}$")
        elif part.kind == "i":
            out.append("\\emph{" + _tex(part.body, sentence_case, first) + "}")  # type: ignore[arg-type]
        else:
            out.append("{" + _nocase(part.body) + "}")  # type: ignore[arg-type]
    return "".join(out)


def _nocase(parts: tuple[titlemarkup.Part, ...]) -> str:
    """A protected span: encoded as it stands, nothing further braced inside it."""
    return titlemarkup.render(parts, _NOCASE)


_NOCASE = titlemarkup.Form(text=encode, italic=lambda inner: "\\emph{" + inner + "}",
                           nocase=lambda inner: "{" + inner + "}")  # fmt: skip


def canonical_title(title: str) -> str:
    """The stored form of an imported title: braces kept only where they say something.

    The export protects some words itself (:func:`protected_words`: inner capitals such as
    ``GPT`` or ``CO``; in a sentence-case title every capitalised word after the first). Braces
    around exactly such a single word would come back from every export, so they are not
    stored (``{GPT}-3`` -> ``GPT-3``); any other protected span is kept (``{Bayesian}`` in a
    Title Case title, ``{V1}``, ``{Neural Information Processing Systems}``). This makes
    import -> export -> import give back the same title.
    """
    if "{" not in title:
        return title
    try:
        parts = titlemarkup.parse(title)
    except ValueError:
        return title
    plain = titlemarkup.plain(title)
    implied = {plain[start:end] for start, end in protected_words(plain)}
    kept: list[titlemarkup.Part] = []
    for part in parts:
        if (isinstance(part, titlemarkup.Span) and part.kind == "nocase" and len(part.body) == 1
                and isinstance(part.body[0], str) and part.body[0] in implied):  # fmt: skip
            part = part.body[0]
        if isinstance(part, str) and kept and isinstance(kept[-1], str):
            kept[-1] += part
        else:
            kept.append(part)
    return titlemarkup.unparse(kept)
