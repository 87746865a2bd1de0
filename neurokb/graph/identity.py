"""Who is who and what is where: merging author names and venue spellings into graph nodes.

Entries spell people and venues as their sources do: "Zenke, F." in one entry and
"Zenke, Friedemann" in another, "PLoS Biology" and "PLOS Biology", "Proceedings of the 34th
International Conference on Machine Learning (ICML 2017)". The graph needs one node per person
and per venue, so this module maps spellings to stable ids.

Authors: an ORCID, when given, identifies a person outright. Otherwise names are grouped by
family name and first initial ("zenke-f"); within a group, distinct full first names are
distinct people, and an initial-only spelling joins a group only when the KB holds exactly one
person it could be. A wrong merge would credit one person's papers to another, so ambiguity
keeps spellings apart rather than guessing.
"""

from __future__ import annotations

import functools
import re
from collections import Counter, defaultdict
from dataclasses import dataclass

from neurokb.core.kb import KnowledgeBase
from neurokb.core.memo import per_kb
from neurokb.core.models import Person
from neurokb.core.normalize import ascii_fold, squash_whitespace

_NOT_ALNUM = re.compile(r"[^a-z0-9]+")


def _fold(text: str) -> str:
    """ASCII, lower case, letters and digits only: "Kurth-Nelson" -> "kurthnelson"."""
    return _NOT_ALNUM.sub("", (text if text.isascii() else ascii_fold(text)).lower())


def _first_name(person: Person) -> str | None:
    """The folded first given name, or None when the given names are only initials."""
    words = person.given.replace(".", ". ").split()
    if not words:
        return None
    first = words[0]
    if all(len(_fold(piece)) <= 1 for piece in first.split("-")):
        return None
    return _fold(first)


def author_id(person: Person) -> str:
    """The id a person gets when the KB holds no one they could be confused with: "zenke-f".

    Organisations (``literal``) are slugged whole: "numenta". The family name loses spaces,
    hyphens and apostrophes, as in paper keys: "van Rossum, Mark" -> "vanrossum-m".
    """
    if person.literal:
        return re.sub(r"[^a-z0-9]+", "-", ascii_fold(person.literal).lower()).strip("-") or "anon"
    return folded_author_id(_fold(person.family), _fold(person.given))


def folded_author_id(family: str, given: str) -> str:
    """:func:`author_id` of a person (not an organisation) whose family and given names are
    already folded (a first index build folds them for its own columns too)."""
    initial = given[:1]
    return f"{family or 'anon'}-{initial}" if initial else family or "anon"


@dataclass(frozen=True)
class Author:
    """One person (or organisation) across entries: id, display name and papers by year."""

    id: str
    name: str
    papers: tuple[str, ...]


@dataclass(frozen=True)
class AuthorIndex:
    """Every author spelling in the KB resolved to one :class:`Author`."""

    ids: dict[Person, str]
    authors: dict[str, Author]

    def id_of(self, person: Person) -> str:
        return self.ids[person]

    def matching(self, text: str) -> set[str]:
        """Author ids a user's ``author:TEXT`` refers to.

        An author id ("zenke-f") matches exactly; otherwise the folded text must start the
        family name ("zenke", "van ross") or equal the folded full name ("friedemann zenke").
        """
        if text in self.authors:
            return {text}
        wanted = _fold(text)
        if not wanted:
            return set()
        found = set()
        for person, aid in self.ids.items():
            family = _fold(person.family or person.literal)
            if family.startswith(wanted) or wanted in (
                _fold(person.display),
                _fold(person.inverted),
            ):
                found.add(aid)
        return found


def resolve_group(base: str, people: list[Person]) -> dict[Person, str]:
    """Split the spellings sharing one base id into persons; return each spelling's id."""
    clusters: list[list[Person]] = []
    by_orcid: dict[str, list[Person]] = {}
    by_name: dict[str, list[Person]] = {}
    for person in sorted(people, key=lambda p: (p.orcid is None, p.inverted, p.orcid or "")):
        first = _first_name(person)
        if person.orcid:
            if person.orcid not in by_orcid:
                by_orcid[person.orcid] = []
                clusters.append(by_orcid[person.orcid])
            by_orcid[person.orcid].append(person)
        elif first is not None:
            owners = [c for c in by_orcid.values() if any(_first_name(p) == first for p in c)]
            if len(owners) == 1:
                owners[0].append(person)
                continue
            if first not in by_name:
                by_name[first] = []
                clusters.append(by_name[first])
            by_name[first].append(person)
    initials_only = [p for p in people if p.orcid is None and _first_name(p) is None]
    if initials_only:
        if len(clusters) == 1:
            clusters[0].extend(initials_only)
        else:
            clusters.append(initials_only)  # ambiguous or alone: one node for the initials
    if len(clusters) == 1:
        return dict.fromkeys(clusters[0], base)
    family = base.split("-")[0]
    names = Counter(_first_name(c[0]) for c in clusters)
    out: dict[Person, str] = {}
    for cluster in clusters:
        first = _first_name(cluster[0])
        ident = f"{family}-{first}" if first else base
        if first and names[first] > 1 and cluster[0].orcid:
            ident += f"-{cluster[0].orcid[-4:].lower()}"
        out.update(dict.fromkeys(cluster, ident))
    return out


def best_spelling(people: list[Person]) -> str:
    """The fullest spelling of a person's name, for labels."""
    return max(people, key=lambda p: (len(p.given), p.inverted)).display


@per_kb
def author_index(kb: KnowledgeBase) -> AuthorIndex:
    """Resolve every author spelling in the KB (memoised per KB)."""
    groups: dict[str, set[Person]] = defaultdict(set)
    for paper in kb.papers.values():
        for person in paper.authors:
            groups[author_id(person)].add(person)
    ids: dict[Person, str] = {}
    for base, people in sorted(groups.items()):
        ids.update(resolve_group(base, list(people)))
    spellings: dict[str, list[Person]] = defaultdict(list)
    for person, aid in ids.items():
        spellings[aid].append(person)
    papers: dict[str, list[str]] = defaultdict(list)
    for paper in sorted(kb.papers.values(), key=lambda p: (p.year, p.key)):
        for aid in dict.fromkeys(ids[person] for person in paper.authors):
            papers[aid].append(paper.key)
    authors = {
        aid: Author(aid, best_spelling(spellings[aid]), tuple(papers[aid]))
        for aid in sorted(spellings)
    }
    return AuthorIndex(ids, authors)


# -- venues ------------------------------------------------------------------------------------
_YEAR_NOTE = re.compile(r"\s*\([^()]*\b(?:19|20)\d\d\b[^()]*\)")  # "(NeurIPS 2018)"
_ORDINAL = re.compile(r"\b\d+(?:st|nd|rd|th)\b\s*", re.IGNORECASE)  # "34th"


def venue_label(name: str) -> str:
    """A venue's name without edition marks: the year note and the ordinal number.

    "Proceedings of the 34th International Conference on Machine Learning (ICML 2017)" ->
    "Proceedings of the International Conference on Machine Learning", so that every edition
    of a conference is one venue node.
    """
    return squash_whitespace(_ORDINAL.sub("", _YEAR_NOTE.sub("", name))) or name


@functools.lru_cache(maxsize=4096)  # a pure function of the text; venues repeat across papers
def venue_id(name: str) -> str:
    """A venue's id: its label folded to ASCII, lower case, punctuation and "the" removed.

    "PLoS Biology" and "PLOS Biology." are both "plos-biology"; "&" reads as "and".
    """
    words = re.findall(r"[a-z0-9]+", ascii_fold(venue_label(name)).lower().replace("&", " and "))
    return "-".join(w for w in words if w != "the") or "unknown"


@per_kb
def venue_labels(kb: KnowledgeBase) -> dict[str, str]:
    """Venue id -> the label of its most common spelling (ties: alphabetical), memoised."""
    counts: dict[str, Counter[str]] = defaultdict(Counter)
    for paper in kb.papers.values():
        if paper.venue:
            counts[venue_id(paper.venue)][venue_label(paper.venue)] += 1
    return {
        vid: min(spellings.items(), key=lambda item: (-item[1], item[0]))[0]
        for vid, spellings in sorted(counts.items())
    }
