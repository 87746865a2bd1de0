"""Problems found in entries, and the one table of rule codes that names them.

A :class:`Problem` is data, not an exception: the loader collects every problem of every file in
one pass and the faces decide how to show them (compiler-style text, JSON, GitHub annotations).
Each problem kind has a stable code (``NKB012``); the codes, their meaning and the generic hint
live in :data:`CODES` so that documentation, tests and messages cannot drift apart.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from enum import StrEnum
from typing import Any


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True)
class Rule:
    """A documented problem kind: its code, a one-line title and what to do about it."""

    code: str
    title: str
    severity: Severity
    hint: str


_RULES = [
    # -- reading the file -------------------------------------------------------------------
    Rule("NKB001", "YAML syntax error", Severity.ERROR,
         "Fix the YAML at the position shown; quote values that contain ': ' or start with '@', '`', '%' or '*'."),
    Rule("NKB002", "file is not valid UTF-8", Severity.ERROR,
         "Save the file as UTF-8 (most editors: 'Save with encoding' -> UTF-8)."),
    Rule("NKB003", "tab character in indentation", Severity.ERROR,
         "YAML indentation must use spaces; replace the tab with two spaces."),
    Rule("NKB004", "empty file", Severity.ERROR,
         "Fill the entry in (run `neurokb new paper KEY` for a commented template) or delete the file."),
    Rule("NKB005", "entry is not a mapping", Severity.ERROR,
         "An entry is a set of `field: value` lines at the top level, e.g. `title: ...`."),
    Rule("NKB006", "bad file name", Severity.ERROR,
         "Rename the file to a key of lower-case letters, digits, '-' or '_' ending in .yaml, "
         "e.g. hopfield1982neural.yaml."),
    Rule("NKB007", "file too large", Severity.ERROR,
         "An entry should be a few kilobytes; move long text elsewhere or split the file."),
    Rule("NKB008", "document nested too deeply", Severity.ERROR,
         "Entries are at most a few levels deep; flatten the structure."),
    Rule("NKB009", "anchors and aliases are not allowed", Severity.ERROR,
         "Write the value out instead of using a YAML anchor (&a) and alias (*a)."),
    # -- one entry's fields ------------------------------------------------------------------
    Rule("NKB010", "missing required field", Severity.ERROR,
         "Add the field; `neurokb schema paper` lists every field."),
    Rule("NKB011", "unknown field", Severity.ERROR,
         "Remove the field or correct its spelling; `neurokb schema paper` lists every field."),
    Rule("NKB012", "wrong type", Severity.ERROR,
         "Give the field a value of the expected type."),
    Rule("NKB013", "invalid value", Severity.ERROR,
         "Use one of the allowed values or forms shown in the message."),
    Rule("NKB014", "malformed DOI", Severity.ERROR,
         "Write the bare DOI, e.g. `doi: 10.1162/neco_a_01086` (no https://doi.org/ prefix needed)."),
    Rule("NKB015", "malformed arXiv id", Severity.ERROR,
         "Write the bare arXiv id without version, quoted: `arxiv: \"1705.11146\"` or `arxiv: q-bio/0401001`."),
    Rule("NKB016", "malformed URL", Severity.ERROR,
         "Write a full http(s) URL, e.g. https://www.nature.com/articles/s41586-019-1924-6."),
    Rule("NKB017", "ambiguous or malformed person name", Severity.ERROR,
         "Write names as \"Family, Given\" (e.g. \"Zenke, Friedemann\") or as a mapping "
         "{family: ..., given: ...}; organisations as {literal: ...}."),
    Rule("NKB018", "malformed PubMed id", Severity.ERROR,
         "Write the PubMed id as a quoted string of digits, e.g. `pmid: \"31942076\"`."),
    Rule("NKB019", "duplicate item in a list", Severity.WARNING,
         "Remove the repeated item."),
    # -- across entries ----------------------------------------------------------------------
    Rule("NKB020", "unknown topic", Severity.ERROR,
         "Use the id of a file in entries/topics/ or add that topic with `neurokb new topic ID`."),
    Rule("NKB021", "unknown paper key", Severity.ERROR,
         "Use the key (file name without .yaml) of a paper in entries/papers/."),
    Rule("NKB022", "duplicate DOI", Severity.ERROR,
         "Two entries describe the same work: keep one and delete the other."),
    Rule("NKB023", "duplicate arXiv id", Severity.ERROR,
         "Two entries describe the same preprint: keep one and delete the other."),
    Rule("NKB024", "near-duplicate title", Severity.WARNING,
         "Check that the two entries are different works; if not, keep one."),
    Rule("NKB025", "unknown implementation", Severity.ERROR,
         "Use the name of a reference implementation listed by `neurokb algorithms`."),
    Rule("NKB026", "topic hierarchy has a cycle", Severity.ERROR,
         "A topic cannot be its own ancestor; remove one of the `parents` links in the cycle."),
    Rule("NKB027", "entry refers to itself", Severity.ERROR,
         "Remove the entry's own key from the list."),
    Rule("NKB028", "stray file in entries/", Severity.WARNING,
         "Entries are `entries/papers/<key>.yaml` and `entries/topics/<id>.yaml`; move or rename the file."),
    Rule("NKB029", "duplicate PubMed id", Severity.ERROR,
         "Two entries describe the same work: keep one and delete the other."),
    Rule("NKB030", "duplicate key in a mapping", Severity.ERROR,
         "A field may appear only once; YAML would silently keep the last one. Merge the two."),
    Rule("NKB031", "ambiguous alias", Severity.ERROR,
         "An alias in `ids` must name one work: remove it where it is another entry's key or "
         "another entry's alias too."),
    Rule("NKB032", "markup outside the safe Markdown subset", Severity.ERROR,
         "Entry text allows only `*emphasis*`, `**bold**`, code in backticks, "
         "`[links](https://...)` to http(s), mailto or relative targets, `$math$`, "
         "`$$math$$`, tables and `[@key]` citations: no HTML, character references, "
         "attribute lists `{: ...}`, images or reference-style links."),
    # -- the tree of files -------------------------------------------------------------------
    Rule("NKB040", "file or folder that is not read", Severity.ERROR,
         "Entries are plain YAML files in plain folders inside the knowledge base: replace the "
         "symbolic link, special file or unreadable folder with one."),
    # -- curating the content ----------------------------------------------------------------
    Rule("NKB050", "unknown citation key in text", Severity.ERROR,
         "A `[@key]` in a topic narrative, summary or notes must be the key of a paper in "
         "entries/papers/; add the paper or write the citation as plain text."),
    Rule("NKB051", "title in Title Case", Severity.WARNING,
         "Store titles in sentence case, capitalising only the first word, the first word after "
         "a colon, proper nouns and acronyms (\"SuperSpike: Supervised learning in multilayer "
         "spiking neural networks\"); styles that want Title Case convert it."),
    Rule("NKB052", "paper without topics", Severity.ERROR,
         "File the paper under at least one topic: `topics:` with ids of files in entries/topics/."),
    Rule("NKB053", "paper without summary", Severity.ERROR,
         "Write `summary: |` with 3-8 sentences in your own words: what the work does, what it "
         "found and why it matters to NeuroAI."),
    Rule("NKB054", "entry still has a TODO", Severity.ERROR,
         "Write the text the TODO asks for, then delete the marker."),
]  # fmt: skip

CODES: dict[str, Rule] = {rule.code: rule for rule in _RULES}


@dataclass(frozen=True)
class Problem:
    """One problem at one place: ``path:line:column: severity CODE message`` plus a hint."""

    code: str
    message: str
    path: str
    line: int = 1
    column: int = 1
    field: str = ""
    hint: str = ""

    def __post_init__(self) -> None:
        if self.code not in CODES:
            raise ValueError(f"undocumented problem code {self.code}")

    @property
    def severity(self) -> Severity:
        return CODES[self.code].severity

    @property
    def is_error(self) -> bool:
        return self.severity is Severity.ERROR

    @property
    def fix(self) -> str:
        """The specific hint when there is one, else the rule's generic advice."""
        return self.hint or CODES[self.code].hint

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["severity"] = str(self.severity)
        data["hint"] = self.fix
        return data

    def sort_key(self) -> tuple[str, int, int, str]:
        return (self.path, self.line, self.column, self.code)


class NeuroKBError(Exception):
    """An error a user can act on; faces print its message and exit 1, never a traceback."""

    def __init__(self, message: str, hint: str = "") -> None:
        super().__init__(message)
        self.hint = hint


def did_you_mean(
    word: str, candidates: list[str] | set[str] | tuple[str, ...], n: int = 3
) -> list[str]:
    """The closest candidates to a misspelt word (difflib ratio, case-insensitive)."""
    import difflib

    lowered = {c.lower(): c for c in candidates}
    return [
        lowered[m] for m in difflib.get_close_matches(word.lower(), list(lowered), n=n, cutoff=0.6)
    ]
