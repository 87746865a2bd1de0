"""The search query language: free words, quoted phrases, ``word*`` prefixes and fielded filters.

    spiking "surrogate gradient" plastic* author:zenke topic:spiking-neural-networks
    year:2016..2018 venue:nature type:preprint doi:10.1162/neco_a_01086

Free words and phrases are scored; fielded terms only filter (see :mod:`neurokb.search.filters`).
Parsing is separate from evaluation so that the CLI's ``list`` options, this language and a
future SQLite-backed search share one :class:`~neurokb.search.filters.Filters` value. Mistakes
(``year:abc``, ``type:journal``, ``autor:x``) raise :class:`NeuroKBError` with the fix.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from neurokb.core.errors import NeuroKBError, did_you_mean
from neurokb.core.normalize import normalize_arxiv, normalize_doi
from neurokb.core.papertype import PaperType
from neurokb.search.filters import Filters, YearRange
from neurokb.search.text import tokenize

FIELDS = ("author", "topic", "year", "venue", "type", "doi", "arxiv")
_PART = re.compile(r'(?P<name>[A-Za-z]+):(?:"(?P<qval>[^"]*)"?|(?P<val>\S*))|"(?P<phrase>[^"]*)"?|(?P<word>\S+)')  # fmt: skip
_YEAR = re.compile(r"^(?P<lo>\d{4})?(?P<sep>\.\.|-)?(?P<hi>\d{4})?$")


@dataclass(frozen=True)
class Word:
    """A free search word; ``prefix`` when written ``word*`` (expansions count in full)."""

    text: str
    prefix: bool = False


@dataclass(frozen=True)
class Query:
    """A parsed query: what to score and what to filter on."""

    words: tuple[Word, ...] = ()
    phrases: tuple[tuple[str, ...], ...] = ()
    filters: Filters = field(default_factory=Filters)

    @property
    def has_text(self) -> bool:
        return bool(self.words or self.phrases)

    @property
    def text_tokens(self) -> list[str]:
        """Every scored token in query order, for the exact-title comparison."""
        return [w.text for w in self.words] + [t for p in self.phrases for t in p]


def parse_years(text: str) -> YearRange:
    """``2016`` / ``2016..2018`` / ``2016..`` / ``..2018`` (``2016-2018`` too) -> a YearRange."""
    match = _YEAR.match(text.strip())
    hint = "write a year or a range: 2016, 2016..2018, 2016.. or ..2018"
    if (
        not match
        or not (match["lo"] or match["hi"])
        or (match["lo"] and match["hi"] and not match["sep"])
    ):
        raise NeuroKBError(f"'{text}' is not a year or a range of years", hint)
    lo = int(match["lo"]) if match["lo"] else None
    hi = int(match["hi"]) if match["hi"] else None
    if not match["sep"]:
        hi = lo
    if lo is not None and hi is not None and lo > hi:
        raise NeuroKBError(
            f"year range '{text}' is empty ({lo} is after {hi})", f"write {hi}..{lo}"
        )
    return YearRange(lo, hi)


def parse_type(text: str) -> PaperType:
    try:
        return PaperType(text.strip().lower())
    except ValueError:
        guesses = did_you_mean(text, [t.value for t in PaperType])
        near = f"did you mean {', '.join(guesses)}? " if guesses else ""
        raise NeuroKBError(
            f"unknown type '{text}'", f"{near}types: {', '.join(t.value for t in PaperType)}"
        ) from None


def _identifier(name: str, value: str) -> str:
    try:
        return normalize_doi(value) if name == "doi" else normalize_arxiv(value)
    except ValueError as exc:
        raise NeuroKBError(
            str(exc), f"write {name}:{'10.1162/neco_a_01086' if name == 'doi' else '1705.11146'}"
        ) from None


def _field(name: str, value: str) -> tuple[str, str]:
    """Check one ``name:value`` term; return the field and the stripped value."""
    name = name.lower()
    if name not in FIELDS:
        guesses = did_you_mean(name, FIELDS)
        near = f"did you mean {guesses[0]}:? " if guesses else ""
        raise NeuroKBError(
            f"unknown search field '{name}:'",
            f"{near}fields: {', '.join(f + ':' for f in FIELDS)}; "
            'quote the term to search for it as text ("..")',
        )
    if not value.strip():
        raise NeuroKBError(f"'{name}:' needs a value", f"e.g. {name}:{_EXAMPLES[name]}")
    return name, value.strip()


def _words(raw: str) -> list[Word]:
    """``free-energy*`` -> free, energy* (the star applies to the last token)."""
    tokens = tokenize(raw)
    star = raw.endswith("*")
    return [Word(t, star and i == len(tokens) - 1) for i, t in enumerate(tokens)]


def parse_query(text: str) -> Query:
    """Parse ``text``; raise NeuroKBError for an empty query or a malformed fielded term."""
    words: list[Word] = []
    phrases: list[tuple[str, ...]] = []
    found: dict[str, list[str]] = {name: [] for name in FIELDS}
    for match in _PART.finditer(text):
        name, value = match["name"], match["qval"] if match["qval"] is not None else match["val"]
        if name is not None and not value and name.lower() not in FIELDS:
            words.extend(_words(name))  # "SuperSpike: Supervised ..." is text, not a field
        elif name is not None:
            field_name, field_value = _field(name, value or "")
            found[field_name].append(field_value)
        elif match["phrase"] is not None:
            tokens = tuple(tokenize(match["phrase"]))
            if len(tokens) == 1:
                words.append(Word(tokens[0]))
            elif tokens:
                phrases.append(tokens)
        else:
            words.extend(_words(match["word"]))
    filters = Filters(
        topics=tuple(found["topic"]),
        authors=tuple(found["author"]),
        years=_merge_years([parse_years(v) for v in found["year"]]),
        types=tuple(dict.fromkeys(parse_type(v) for v in found["type"])),
        venues=tuple(found["venue"]),
        dois=tuple(_identifier("doi", v) for v in found["doi"]),
        arxivs=tuple(_identifier("arxiv", v) for v in found["arxiv"]),
    )
    query = Query(tuple(words), tuple(phrases), filters)
    if not query.has_text and not filters.active:
        raise NeuroKBError(
            "the query has no words to search for",
            'e.g. neurokb search "spiking plasticity" or neurokb search author:zenke',
        )
    return query


def _merge_years(ranges: list[YearRange]) -> YearRange | None:
    """Several ``year:`` terms must all hold: intersect them."""
    if not ranges:
        return None
    out = ranges[0]
    for other in ranges[1:]:
        out = out.intersect(other)
    return out


_EXAMPLES = {
    "author": "zenke",
    "topic": "spiking-neural-networks",
    "year": "2016..2018",
    "venue": "nature",
    "type": "preprint",
    "doi": "10.1162/neco_a_01086",
    "arxiv": "1705.11146",
}
