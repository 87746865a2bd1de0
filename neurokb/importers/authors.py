"""Splitting and shaping author names from importers.

Sources disagree on names: Crossref and PubMed give family and given names separately, arXiv
gives "Mark C. W. van Rossum" as one string. A single string is split with BibTeX's rules
(pybtex's parser), which know particles ("van", "de la") and "Family, Given" order, so
"van Rossum" stays the family name.
"""

from __future__ import annotations

from typing import Any

from pybtex.database import Person as BibPerson

from neurokb.core.normalize import squash_whitespace


def person(family: str, given: str = "", suffix: str = "", orcid: str = "") -> Any:
    """A person in canonical entry form: ``"Family, Given"`` or a mapping when needed."""
    family, given, suffix = (squash_whitespace(x or "") for x in (family, given, suffix))
    if orcid or not given or "," in family + given + suffix or suffix:
        data = {"family": family, "given": given, "suffix": suffix, "orcid": orcid}
        return {k: v for k, v in data.items() if v}
    return f"{family}, {given}"


def organisation(name: str) -> dict[str, str]:
    return {"literal": squash_whitespace(name)}


def split(name: str, decode: Any = str) -> Any:
    """``"Mark C. W. van Rossum"`` or ``"van Rossum, Mark C. W."`` -> canonical person.

    ``decode`` turns each part into Unicode (LaTeX decoding for BibTeX names).
    """
    parsed = BibPerson(name)
    family = " ".join(parsed.prelast_names + parsed.last_names)
    given = " ".join(parsed.first_names + parsed.middle_names)
    suffix = " ".join(parsed.lineage_names)
    return person(decode(family), decode(given), decode(suffix))
