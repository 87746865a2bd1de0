"""Citation keys for new entries: the ``authorYEARword`` rule of the entry schema.

A key is also the entry's file name and the handle every ``cites`` list, LaTeX document and
site link uses, so neurokb only ever *proposes* keys for new entries and never renames one:
renaming would silently break citations in other people's manuscripts.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Mapping
from typing import Any

from neurokb.core.models import KEY_PATTERN, Paper, Person
from neurokb.core.normalize import ascii_fold

# Words skipped when picking the title word (the list is part of the key rule in common.md).
STOP_WORDS = frozenset(
    [
        "a",
        "an",
        "the",
        "on",
        "of",
        "in",
        "for",
        "and",
        "to",
        "with",
        "from",
        "by",
        "at",
        "is",
        "are",
        "as",
        "how",
        "what",
        "why",
        "when",
        "do",
        "does",
        "can",
        "could",
    ]
)
_NOT_KEY_CHAR = re.compile(r"[^a-z0-9]+")
_KEY_RE = re.compile(KEY_PATTERN)
# Hyphens, dashes and slashes separate title words: that is how curators applied the rule to the
# shipped KB (``Neuroscience-Inspired`` -> hassabis2017neuroscience, ``free-energy`` ->
# friston2010free), and a proposal that disagrees with the existing keys would confuse people.
_WORD_SEP = re.compile(r"[\s\-\u2010-\u2015/]+")


def _fold(text: str) -> str:
    """ASCII, lower case, letters and digits only (drops spaces, hyphens, apostrophes)."""
    return _NOT_KEY_CHAR.sub("", ascii_fold(text).lower())


def _family(author: Person | Mapping[str, Any] | str) -> str:
    if isinstance(author, Person):
        return author.family or author.literal
    if isinstance(author, Mapping):
        return str(author.get("family") or author.get("literal") or "")
    return author.split(",")[0]


def title_word(title: str) -> str:
    """The first title word that is not a stop word, folded (``SuperSpike:`` -> ``superspike``)."""
    for word in _WORD_SEP.split(title):
        folded = _fold(word)
        if folded and folded not in STOP_WORDS:
            return folded
    return ""


def base_key(paper_data: Paper | Mapping[str, Any]) -> str:
    """``zenke2018superspike`` for a paper or a dict with ``authors``, ``year`` and ``title``."""
    if isinstance(paper_data, Paper):
        authors: list[Any] = list(paper_data.creators)
        year, title = paper_data.year, paper_data.title
    else:
        authors = list(paper_data.get("authors") or paper_data.get("editors") or [])
        year, title = paper_data.get("year", ""), str(paper_data.get("title") or "")
    family = _fold(_family(authors[0])) if authors else ""
    return f"{family or 'anon'}{year or ''}{title_word(title)}"


def propose_key(paper_data: Paper | Mapping[str, Any], existing: Collection[str]) -> str:
    """A key following the rule that is not in ``existing``: ``base``, else ``base`` + a, b ...

    After ``z`` the suffixes continue ``aa``, ``ab`` ... so a proposal always exists.
    """
    base = base_key(paper_data)
    if base not in existing:
        return base
    index = 0
    while True:
        suffix, n = "", index
        while True:
            suffix = chr(ord("a") + n % 26) + suffix
            n = n // 26 - 1
            if n < 0:
                break
        if base + suffix not in existing:
            return base + suffix
        index += 1


_NOT_SOURCE_KEY_CHAR = re.compile(r"[^a-z0-9_-]+")


def normalise_source_key(source_key: str) -> str | None:
    """An imported library's citation key as a neurokb key, or None if none can be made.

    A valid key is kept as it is. Otherwise the one documented normalisation applies: ASCII
    folding and lower case (``Montavon2018`` -> ``montavon2018``, ``Müller2019`` ->
    ``muller2019``), then each run of other characters becomes ``-`` (``Smith:2020:Deep`` ->
    ``smith-2020-deep``). It is lossless because the importer also records the source key as
    an alias (``ids``), which ``neurokb cite`` and the BibLaTeX export keep resolving.
    """
    key = _NOT_SOURCE_KEY_CHAR.sub("-", ascii_fold(source_key).lower()).strip("-_")
    return key if key and _KEY_RE.match(key) else None
