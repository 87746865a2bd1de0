"""Repairs of citeproc-py's rendered strings where it differs from citeproc-js for our data.

Each fix is a small named function over the rendered text, applied in :func:`apply`; the
golden tests show which fix matters for which style. They work on the finished string because
these are formatting rules of the whole reference (punctuation that meets across elements),
which citeproc-py has no hook for:

- ``space_after_label``: numeric styles with ``second-field-align`` ("[1] F. Zenke"), which
  citeproc-js separates with a space and citeproc-py runs together ("[1]F. Zenke");
- ``punctuation_in_quote``: US English puts commas and periods inside closing quotes
  (locale option ``punctuation-in-quote``);
- ``no_doubled_period``: a title ending in "?" or "!" takes no added period
  ("Understand a Microprocessor? PLOS ...", not "Microprocessor?. PLOS"), nor does an
  italic "*et al.*";
- ``space_in_date``: "2018 Jun", not "2018Jun" (date-part prefixes are lost by citeproc-py);
- ``mixed_case_words``: words such as "arXiv", "edX" or "eLife" are never re-capitalised
  ("(arXiv:1609.03971). arXiv." — preprint servers are named as they name themselves);
- ``et_al``: an incomplete name list (BibTeX's ``and others``) ends in "et al." in every style,
  also when the style would list every name ("Smith, J., Jones, K., et al."), and never twice;
- ``article_number``: an article number is one token ("ENEURO.0533-19.2020"), which page-range
  formatting must not give an en dash;
- ``editors_once``: an edited work names its editors once, in the author position (citeproc-py
  repeats them after the title where citeproc-js suppresses the substituted names);
- ``year_suffixes``: same authors and year in an author-date style get 2015a, 2015b, in the
  order of the bibliography, in the entry and in the in-text label.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from neurokb.core.models import Paper

if TYPE_CHECKING:
    from neurokb.cite.render import Rendered

_LABEL = re.compile(r"^(\[\d+\]|\d+\.)(?=[^\s<])")
_QUOTE_PUNCT = re.compile(r"([”’])([.,])")
# "?" or "!" then optional closing quotes/markup, then a period the style added; or a period
# ("et al.") closed by markup and followed by another ("<i>et al.</i>.").
_DOUBLED = re.compile(r"([?!])((?:[”’*]|</?[a-z]+>)*)\.|(\.)((?:[”’*]|</?[a-z]+>)+)\.")
_YEAR_MONTH = re.compile(r"(?<=\b\d{4})(?=(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)\b)")
_MIXED = re.compile(r"\b[a-z]+[A-Z][A-Za-z]*\b")


def space_after_label(text: str) -> str:
    return _LABEL.sub(r"\1 ", text)


def punctuation_in_quote(text: str) -> str:
    return _QUOTE_PUNCT.sub(r"\2\1", text)


def no_doubled_period(text: str) -> str:
    return _DOUBLED.sub(lambda m: "".join(g for g in m.groups() if g), text)


def space_in_date(text: str) -> str:
    return _YEAR_MONTH.sub(" ", text)


def mixed_case_words(text: str, paper: Paper) -> str:
    """Undo capitalisation of the paper's own mixed-case words (arXiv -> ArXiv -> arXiv)."""
    source = " ".join(filter(None, [paper.title, paper.venue, paper.publisher, "arXiv"]))
    for word in set(_MIXED.findall(source)):
        wrong = word[0].upper() + word[1:]
        if wrong not in source:
            text = re.sub(rf"\b{re.escape(wrong)}\b", word, text)
    return text


def et_al(text: str) -> str:
    """Replace the stand-in name of :data:`neurokb.cite.render.ET_AL_NAME` by "et al."."""
    from neurokb.cite.render import ET_AL_NAME

    if ET_AL_NAME not in text:
        return text
    # "Jones, K., & Zz" -> "Jones, K., et al."; "Smith & Zz" -> "Smith et al."; "Smith, et al., Zz"
    text = re.sub(rf",?\s*(?:et al\.,?\s*)?(?:…\s*)?(?:&|and)?\s*{ET_AL_NAME}[A-Z.]*", _et_al_sub,
                  text)  # fmt: skip
    return re.sub(r"et al\.\.", "et al.", text)


def _et_al_sub(match: re.Match[str]) -> str:
    return ", et al." if match.group().startswith(",") else " et al."


def article_number(text: str, paper: Paper) -> str:
    from neurokb.cite.fields import is_article_number

    if paper.pages and "-" in paper.pages and is_article_number(paper.pages):
        text = text.replace(paper.pages.replace("-", "–"), paper.pages)
    return text


_EDITOR_GROUPS = (
    re.compile(r" \([^()]*\bEds?\.\)"),  # APA: "(Ed.)" ... "(M. A. Arbib, Ed.)"
    re.compile(r" [A-Z][^.;]*?, editors?\."),  # Vancouver: "Arbib MA, editor." twice
)


def editors_once(text: str, paper: Paper) -> str:
    if paper.authors or not paper.editors:
        return text
    for pattern in _EDITOR_GROUPS:
        found = list(pattern.finditer(text))
        if len(found) >= 2:
            last = found[-1]
            return text[: last.start()] + text[last.end() :]
    last = paper.editors[-1].family or paper.editors[-1].literal
    match = re.search(rf" Edited by .*?{re.escape(last)}\.", text)  # Chicago
    family = paper.editors[0].family or paper.editors[0].literal
    if match and family in text[: match.start()]:
        return text[: match.start()] + text[match.end() :]
    return text


def _first_year(text: str, year: int, suffix: str) -> str:
    return re.sub(rf"(?<!\d){year}(?![\d])", f"{year}{suffix}", text, count=1)


def year_suffixes(rendered: Rendered, papers: Iterable[Paper]) -> None:
    """Give works with the same author list and year the suffixes a, b ... in place."""
    groups: dict[tuple[Any, ...], list[Paper]] = defaultdict(list)
    for paper in papers:
        groups[(tuple(paper.authors), paper.year)].append(paper)
    for members in groups.values():
        if len(members) < 2:
            continue
        for index, paper in enumerate(members):
            suffix = chr(ord("a") + index)
            for made in (rendered.entries, rendered.labels):  # either may not have been asked
                if paper.key in made:
                    made[paper.key] = _first_year(made[paper.key], paper.year, suffix)


def _style_flag(style: Any, element: str, attribute: str) -> bool:
    node = style.root.find(f"{{http://purl.org/net/xbiblio/csl}}{element}")
    return node is not None and node.get(attribute) not in (None, "false")


def apply(rendered: Rendered, papers: list[Paper], style: Any, output: str) -> Rendered:
    """Apply every fix that the style calls for; ``papers`` are in bibliography order."""
    numeric = _style_flag(style, "bibliography", "second-field-align")
    us_quotes = (style.root.get("default-locale") or "en-US").startswith("en-US")
    for paper in (p for p in papers if p.key in rendered.entries):  # none when only labels
        text = rendered.entries[paper.key]
        if numeric:
            text = space_after_label(text)
        if us_quotes:
            text = punctuation_in_quote(text)
        text = editors_once(article_number(et_al(text), paper), paper)
        text = space_in_date(no_doubled_period(text))
        rendered.entries[paper.key] = mixed_case_words(text, paper)
    rendered.labels = {key: et_al(label) for key, label in rendered.labels.items()}
    if _style_flag(style, "citation", "disambiguate-add-year-suffix"):
        year_suffixes(rendered, papers)
    return rendered
