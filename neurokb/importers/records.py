"""What an importer produces: entry fields as plain data, and where they came from."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from neurokb.core.errors import NeuroKBError


class ImportFailed(NeuroKBError):
    """A source could not give a record (network error, timeout, not found, bad answer)."""


@contextmanager
def reading(answer: str) -> Iterator[None]:
    """Turn what a malformed answer makes the parsing code raise into one ImportFailed.

    A service's answer is data from a stranger: a list where a mapping belongs, an element
    missing, text where a number belongs. Each of those raised a different exception deep in
    the mapping code, and each was a traceback. ``answer`` names it ("Crossref's answer for
    DOI 10.1/x").
    """
    hint = "try again later; if it persists, add the entry by hand (neurokb new paper)"
    try:
        yield
    except KeyError as exc:
        raise ImportFailed(f"{answer} could not be read (no {exc} field)", hint) from None
    except (ValueError, TypeError, AttributeError, IndexError, RecursionError) as exc:
        raise ImportFailed(f"{answer} could not be read ({exc})", hint) from None


@dataclass
class Record:
    """Entry fields from one source; ``origin`` names it for the provenance note."""

    data: dict[str, Any]
    origin: str  # "Crossref", "arXiv", "PubMed", "refs.bib"
    where: str = ""  # "line 12", "doi 10.1162/...": shown in messages
    remarks: list[str] = field(default_factory=list)  # extra provenance for the notes
    key: str = ""  # the source's own citation key, if it has one (kept on import)
    warnings: list[str] = field(default_factory=list)  # shown to the user; nothing is skipped
    unread: list[str] = field(default_factory=list)  # source fields neurokb does not keep


@dataclass(frozen=True)
class SourceProblem:
    """A record a source could not turn into entry data (a malformed .bib entry ...)."""

    where: str
    message: str
