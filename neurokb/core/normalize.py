"""Canonical forms of identifiers (DOI, arXiv id, PubMed id, ORCID) and of free text.

Every identifier is stored in one canonical form so that duplicates are found by equality and
links are built without guessing. Each function returns the canonical form or raises
``ValueError`` with a message that says what was expected; the models turn that into a
problem with a rule code.
"""

from __future__ import annotations

import functools
import re
import unicodedata

_DOI_PREFIXES = re.compile(
    r"^(?:doi:\s*|https?://(?:dx\.)?doi\.org/|https?://doi\.org/)", re.IGNORECASE
)
# Crossref's pattern for modern DOIs (it matches 99% of them), plus "#+[]" for older ones;
# "<" and ">" only as in Wiley's SICI DOIs ("10.1002/(sici)...43:4<352::aid-jbm2>3.0.co;2-#"),
# their one real use: "<", digits, a colon, ">".
_DOI = re.compile(r"10\.\d{4,9}/(?:[-._;()/:a-z0-9#+\[\]]|<\d+:[-.:;()a-z0-9]*>)+", re.IGNORECASE)


def normalize_doi(value: str) -> str:
    """``https://doi.org/10.1162/NECO_a_01086`` -> ``10.1162/neco_a_01086``.

    DOIs are case-insensitive (DOI Handbook 2.4), so the canonical form is lower case.
    """
    text = _DOI_PREFIXES.sub("", value.strip())
    if not _DOI.fullmatch(text):
        raise ValueError(
            f"{value!r} is not a DOI (expected 10.<registrant>/<suffix>, the suffix of letters, "
            "digits and -._;()/:)"
        )
    return text.lower()


_ARXIV_PREFIXES = re.compile(
    r"^(?:arxiv:\s*|https?://(?:www\.)?arxiv\.org/(?:abs|pdf)/)", re.IGNORECASE
)
# New style since April 2007 (YYMM.NNNN / YYMM.NNNNN) and old style (archive[.SUB]/YYMMNNN).
_ARXIV_NEW = re.compile(r"^(\d{2})(\d{2})\.(\d{4,5})(?:v\d+)?\Z")
_ARXIV_OLD = re.compile(r"^([a-z-]+(?:\.[A-Z]{2})?)/(\d{7})(?:v\d+)?\Z")


def normalize_arxiv(value: str) -> str:
    """``arXiv:1705.11146v2`` -> ``1705.11146``; old ids keep their archive (``q-bio/0401001``)."""
    text = _ARXIV_PREFIXES.sub("", value.strip()).removesuffix(".pdf")
    if match := _ARXIV_NEW.match(text):
        month = int(match.group(2))
        if not 1 <= month <= 12:
            raise ValueError(f"{value!r} is not an arXiv id (month {month:02d} does not exist)")
        return text.split("v")[0]
    if match := _ARXIV_OLD.match(text):
        return f"{match.group(1)}/{match.group(2)}"
    raise ValueError(
        f"{value!r} is not an arXiv id (expected YYMM.NNNNN like 1705.11146 or archive/YYMMNNN)"
    )


def normalize_pmid(value: str | int) -> str:
    """PubMed ids are positive integers; accept a pubmed URL too."""
    text = str(value).strip()
    text = re.sub(
        r"^https?://(?:www\.)?(?:pubmed\.ncbi\.nlm\.nih\.gov|ncbi\.nlm\.nih\.gov/pubmed)/", "", text
    )
    text = text.rstrip("/")
    if not re.fullmatch(r"[1-9]\d{0,9}", text):
        raise ValueError(f"{value!r} is not a PubMed id (expected digits, e.g. 31942076)")
    return text


_ORCID = re.compile(r"^(\d{4})-?(\d{4})-?(\d{4})-?(\d{3}[\dX])$")


def normalize_orcid(value: str) -> str:
    """``https://orcid.org/0000-0002-1825-0097`` -> ``0000-0002-1825-0097``, checksum verified."""
    text = re.sub(r"^https?://orcid\.org/", "", value.strip(), flags=re.IGNORECASE).upper()
    match = _ORCID.match(text)
    if not match:
        raise ValueError(f"{value!r} is not an ORCID iD (expected 0000-0000-0000-0000)")
    digits = "".join(match.groups())
    total = 0
    for char in digits[:-1]:
        total = (total + int(char)) * 2
    check = (12 - total % 11) % 11
    expected = "X" if check == 10 else str(check)
    if digits[-1] != expected:
        raise ValueError(f"{value!r} is not a valid ORCID iD (checksum digit should be {expected})")
    return "-".join(match.groups())


# An http(s) URL with a dotted host name (or localhost), an optional port, and a path, query
# and fragment of the characters RFC 3986 allows (letters of other scripts too, as browsers
# show them). Quotes, spaces, "<", ">", "\\", "{", "}", "|", "^" and "`" are refused: they have
# no place in a URL and are how a value breaks out of the link it is put in.
_URL_PATTERN = (
    r"https?://(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)+|localhost)"
    r"(?::\d{1,5})?(?:[/?#][-a-z0-9._~:/?#\[\]@!$&'()*+,;=%\u00a0-\U0010ffff]*)?"
)


@functools.cache
def _url() -> re.Pattern[str]:
    """Compiled on first use: case-folding its Unicode range takes ~7 ms, which every command
    would pay at start-up (this module is imported by the search code) for a rare check."""
    return re.compile(_URL_PATTERN, re.IGNORECASE)


_URL_SPACE = re.compile(r"[\s\u2028\u2029]")


def normalize_url(value: str) -> str:
    """A full http(s) URL, as written; anything else (a scheme such as ``javascript:``, a
    quote or bracket that would end the link it is put in) is refused."""
    text = value.strip()
    if not text.lower().startswith(("http://", "https://")):
        raise ValueError(f"{value!r} is not an http(s) URL")
    if not _url().fullmatch(text) or _URL_SPACE.search(text):
        raise ValueError(
            f"{value!r} is not a valid URL (a host name, then only letters, digits and "
            "-._~:/?#[]@!$&'()*+,;=%)"
        )
    return text


def squash_whitespace(value: str) -> str:
    """Collapse runs of white space (YAML folding leaves them in titles) into one space."""
    return " ".join(value.split())


def ascii_fold(text: str) -> str:
    """``Müller`` -> ``Muller``, ``Ł`` stays out: letters without a decomposition are dropped."""
    if text.isascii():  # nothing to fold (most text); checked in C before the per-letter pass
        return text
    special = {"ß": "ss", "ø": "o", "Ø": "O", "ł": "l", "Ł": "L", "æ": "ae", "Æ": "AE", "đ": "d"}
    text = "".join(special.get(ch, ch) for ch in text)
    decomposed = unicodedata.normalize("NFKD", text)
    return decomposed.encode("ascii", "ignore").decode("ascii")


def title_fingerprint(title: str) -> str:
    """A form of a title for duplicate detection: ASCII, lower case, letters and digits only."""
    return " ".join(re.findall(r"[a-z0-9]+", ascii_fold(title).lower()))
