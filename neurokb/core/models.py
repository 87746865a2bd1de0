"""The entry models: what a paper and a topic are, as Pydantic v2 models with no I/O.

The field names are a contract with contributors' YAML files, the JSON Schema given to editors,
the exporters and the site, so they change only with a migration. Validation normalises what
has one obvious canonical form (DOI case, arXiv versions, white space in titles) and rejects
what has none, with error *types* (``doi_format``, ``person_name`` ...) that the loader maps to
stable rule codes; messages never need to be parsed.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated, Any, ClassVar

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    field_validator,
    model_validator,
)
from pydantic_core import PydanticCustomError

from neurokb.core import normalize, safemarkdown, titlemarkup
from neurokb.core.papertype import PaperType
from neurokb.core.paperview import display_name, inverted_name, label_of

KEY_PATTERN = r"^[a-z0-9][a-z0-9_-]*\Z"  # \Z, not $: "$" also matches before a final newline
_KEY_RE = re.compile(KEY_PATTERN)


def _wrap(error_type: str, func: Any) -> Any:
    """Turn a normaliser's ValueError into a typed Pydantic error the loader can map to a code."""

    def validate(value: Any) -> Any:
        try:
            return func(value)
        except ValueError as exc:
            raise PydanticCustomError(error_type, str(exc)) from None

    return AfterValidator(validate)


def _check_key(value: str) -> str:
    if not _KEY_RE.match(value):
        raise ValueError(
            f"{value!r} is not a valid key (lower-case letters, digits, '-' and '_', "
            "starting with a letter or digit)"
        )
    return value


Text = Annotated[str, AfterValidator(normalize.squash_whitespace), Field(min_length=1)]
Markdown = Annotated[str, AfterValidator(str.strip), Field(min_length=1)]


def _check_markdown(value: str) -> str:
    """Refuse markup outside the safe subset (:mod:`neurokb.core.safemarkdown`), first finding first.

    The error carries where the markup is (which occurrence of which snippet), so the loader
    can point at its line in the file, and a hint specific to the kind of markup.
    """
    findings = safemarkdown.check(value)
    if not findings:
        return value
    first = findings[0]
    snippet = first.snippet(value)
    raise PydanticCustomError(
        "markdown_subset",
        first.message,
        {
            "nkb_snippet": snippet,
            "nkb_occurrence": value.count(snippet, 0, first.offset) if snippet else 0,
            "nkb_hint": first.hint,
        },
    )


# Entry text that may use the safe Markdown subset: emphasis, links, code, math, citations.
SafeMarkdown = Annotated[Markdown, AfterValidator(_check_markdown)]
Key = Annotated[str, _wrap("key_format", _check_key)]
Doi = Annotated[str, _wrap("doi_format", normalize.normalize_doi)]
Arxiv = Annotated[str, _wrap("arxiv_format", normalize.normalize_arxiv)]
Pmid = Annotated[str, _wrap("pmid_format", normalize.normalize_pmid)]
Url = Annotated[str, _wrap("url_format", normalize.normalize_url)]
Orcid = Annotated[str, _wrap("orcid_format", normalize.normalize_orcid)]
Title = Annotated[Text, _wrap("title_markup", titlemarkup.check)]

#: Characters BibTeX and BibLaTeX allow in a citation key (no space, comma, braces, quotes, ``#``,
#: ``%``, ``=``, backslash or ``~``): an alias is the key a manuscript already cites, as written.
ALIAS_PATTERN = r"^[^\s,{}()\"#%'=\\~]+$"
_ALIAS_RE = re.compile(ALIAS_PATTERN)


def _check_alias(value: str) -> str:
    if not _ALIAS_RE.match(value):
        raise ValueError(
            f"{value!r} is not a citation key (no spaces, commas, braces, quotes, '#', '%', '=', "
            "'~' or backslashes)"
        )
    return value


Alias = Annotated[str, _wrap("key_format", _check_alias)]

_SUFFIXES = {"jr", "jr.", "sr", "sr.", "ii", "iii", "iv", "v"}


class _Model(BaseModel):
    """A model that pickles as its field values in order (see :func:`_unpickled`).

    A cold ``validate`` sends every validated entry from its worker processes to the parent.
    Pydantic's own pickling writes each object as a state dictionary naming every field and
    its three bookkeeping attributes, and the parent unpickled it key by key; values in field
    order carry the same model in about half the bytes and time. A model with anything the
    values do not carry (extra fields, private attributes, fields out of order) pickles
    Pydantic's way.
    """

    def __reduce_ex__(self, protocol: Any) -> Any:
        cls = self.__class__
        values = self.__dict__
        if (
            self.__pydantic_extra__ is not None
            or self.__pydantic_private__ is not None
            or tuple(values) != _field_names(cls)
        ):
            return super().__reduce_ex__(protocol)
        return _unpickled, (cls, tuple(values.values()), self.__pydantic_fields_set__)


_FIELD_NAMES: dict[type, tuple[str, ...]] = {}
_set = object.__setattr__


def _field_names(cls: type[_Model]) -> tuple[str, ...]:
    names = _FIELD_NAMES.get(cls)
    if names is None:
        names = _FIELD_NAMES[cls] = tuple(cls.model_fields)
    return names


def _unpickled(cls: type[_Model], values: tuple[Any, ...], fields_set: set[str]) -> _Model:
    """The model :meth:`_Model.__reduce__` pickled, as Pydantic's ``__setstate__`` makes it."""
    model = cls.__new__(cls)
    _set(model, "__pydantic_fields_set__", fields_set)
    _set(model, "__pydantic_extra__", None)
    _set(model, "__pydantic_private__", None)
    _set(model, "__dict__", dict(zip(_field_names(cls), values, strict=True)))
    return model


class Person(_Model):
    """An author or editor, unambiguous as family and given names.

    In YAML a person is ``"Family, Given"``, ``"Family, Suffix, Given"`` (BibTeX's order, for
    "Howard, III, Matthew A."), or a mapping that may add an ORCID. An organisation is
    ``{literal: "Numenta"}``. A bare "Given Family" string is refused: "Marc Van Rossum" and
    "Jose Luis Borges" cannot be split by rule, and a wrong split corrupts every citation.
    """

    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)

    family: str = ""
    given: str = ""
    suffix: str = ""
    literal: str = ""
    orcid: Orcid | None = None

    @model_validator(mode="before")
    @classmethod
    def _from_string(cls, value: Any) -> Any:
        if isinstance(value, cls | dict):
            return value
        if not isinstance(value, str):
            raise PydanticCustomError(
                "person_name", "a name must be text like 'Family, Given' or a mapping"
            )
        parts = [part.strip() for part in value.split(",")]
        if len(parts) == 2 and all(parts):
            return {"family": parts[0], "given": parts[1]}
        if len(parts) == 3 and all(parts) and parts[1].lower() in _SUFFIXES:
            return {"family": parts[0], "suffix": parts[1], "given": parts[2]}
        if len(parts) == 1 and parts[0]:
            words = parts[0].split()
            guess = f"{words[-1]}, {' '.join(words[:-1])}" if len(words) > 1 else parts[0]
            raise PydanticCustomError(
                "person_name",
                f"name {value!r} is ambiguous: write it as 'Family, Given' (e.g. {guess!r})",
            )
        raise PydanticCustomError(
            "person_name",
            f"name {value!r} is not 'Family, Given' or 'Family, Suffix, Given'",
        )

    @model_validator(mode="after")
    def _has_name(self) -> Person:
        if not (self.family or self.literal):
            raise PydanticCustomError("person_name", "a person needs 'family' (or 'literal')")
        if self.literal and (self.family or self.given):
            raise PydanticCustomError(
                "person_name", "use either 'literal' (organisations) or 'family'/'given'"
            )
        return self

    @property
    def display(self) -> str:
        """``Friedemann Zenke``; ``Matthew A. Howard III``."""
        return display_name(self.family, self.given, self.suffix, self.literal)

    @property
    def inverted(self) -> str:
        """``Zenke, Friedemann`` — the canonical YAML string form."""
        return inverted_name(self.family, self.given, self.suffix, self.literal)

    @property
    def initials(self) -> str:
        """``M. A.`` for "Matthew A."; hyphenated names keep the hyphen (``J.-P.``)."""
        out = []
        for word in self.given.replace(".", ". ").split():
            pieces = [p for p in word.split("-") if p]
            out.append("-".join(f"{p[0]}." for p in pieces))
        return " ".join(out)

    def to_yaml(self) -> str | dict[str, str]:
        """The canonical YAML form: the string when it says everything, else a mapping."""
        if self.orcid or self.literal or (self.suffix and self.suffix.lower() not in _SUFFIXES):
            return {k: v for k, v in self.model_dump().items() if v}
        return self.inverted


class Equation(_Model):
    """A display equation in LaTeX with a caption saying what it is."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    latex: Markdown
    caption: Text | None = None


class Correction(_Model):
    """One value of this entry that differs from what a source said, and the evidence for it.

    Corrections are data rather than prose in ``notes`` so that a reader (and the paper page)
    can see at a glance which fields were changed from a source, and check each against the
    record that justifies it.
    """

    model_config = ConfigDict(extra="forbid", frozen=True)

    field: Text = Field(description="The entry field corrected, e.g. 'volume' or 'authors'.")
    source_value: Text = Field(description="What the source said, as it said it.")
    value: Text = Field(description="The corrected value, as this entry records it.")
    source: Text = Field(
        description="Where the correction comes from: a URL or record id (doi:..., PMID ...)."
    )
    note: Text | None = Field(
        default=None, description="Which source said source_value, and anything else to know."
    )


class Entry(_Model):
    """What papers and topics share: strictness and the id that comes from the file name."""

    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)

    # Fields stored as text whose YAML may look like a number (volume: 30, arxiv: 1804.02460).
    TEXT_FIELDS: ClassVar[frozenset[str]] = frozenset()


class Paper(Entry):
    """A scholarly work (article, book, preprint, course, blog post ...): one YAML file."""

    TEXT_FIELDS: ClassVar[frozenset[str]] = frozenset(
        {"title", "venue", "volume", "issue", "pages", "publisher", "arxiv", "pmid", "isbn",
         "edition", "series", "genre", "ids"}
    )  # fmt: skip

    key: Key = Field(description="The file name without .yaml; also the citation key.")
    ids: list[Alias] = Field(
        default_factory=list,
        description="Other citation keys of this work (e.g. the key of an imported library); "
        "`neurokb cite` accepts them and BibLaTeX exports them as `ids`.",
    )
    title: Title = Field(
        description="Title as published, in sentence case: capitals for the first word, the "
        "first word after a colon, proper nouns and acronyms; {Braces} protect capitals, $...$ "
        "is math, <i>...</i> italics (see CONTRIBUTING.md, 'Title markup')."
    )
    authors: list[Person] = Field(
        default_factory=list,
        description="Authors in order, each 'Family, Given' or a mapping; may be empty only "
        "when editors are given (an edited book or proceedings).",
    )
    et_al: bool = Field(
        default=False,
        description="The author list (or editor list, for an edited work) is incomplete: the "
        "source ended it with 'and others'. Every format renders it as 'et al.'.",
    )
    year: int = Field(ge=1600, le=2100, description="Year of the version described.")
    month: int | None = Field(default=None, ge=1, le=12)
    type: PaperType = PaperType.ARTICLE
    genre: Text | None = Field(
        default=None,
        description="Kind within the type, e.g. 'Master's thesis', 'PhD thesis', 'Technical "
        "report' (BibLaTeX `type`, CSL `genre`).",
    )
    venue: Text | None = Field(
        default=None,
        description="Journal, proceedings, book title (for a chapter), blog or institution.",
    )
    volume: Text | None = None
    issue: Text | None = None
    pages: Text | None = Field(default=None, description="Page range 1514-1541 or article number.")
    publisher: Text | None = None
    location: Text | None = Field(default=None, description="Place of publication (address).")
    edition: Text | None = None
    series: Text | None = Field(default=None, description="Book or report series.")
    editors: list[Person] = Field(default_factory=list)
    isbn: Text | None = None
    doi: Doi | None = Field(default=None, description="Bare DOI, e.g. 10.1162/neco_a_01086.")
    arxiv: Arxiv | None = Field(default=None, description="Bare arXiv id without version.")
    pmid: Pmid | None = Field(default=None, description="PubMed id.")
    url: Url | None = None
    urldate: dt.date | None = Field(default=None, description="When `url` was last visited.")
    language: Text | None = None
    keywords: list[Text] = Field(default_factory=list, description="The source's keywords.")
    topics: list[Key] = Field(
        default_factory=list,
        description="Ids of entries/topics/*.yaml; at least one (validate: NKB052).",
    )
    cites: list[Key] = Field(default_factory=list, description="Keys of papers this one cites.")
    implementations: list[Key] = Field(
        default_factory=list, description="Names of reference implementations in neurokb."
    )
    summary: SafeMarkdown | None = Field(
        default=None,
        description="What the work found and why it matters, in your own words (validate: "
        "NKB053 when missing). Cite other entries as [@key].",
    )
    abstract: SafeMarkdown | None = None
    notes: SafeMarkdown | None = Field(default=None, description="Provenance and curation notes.")
    corrections: list[Correction] = Field(
        default_factory=list, description="Values that differ from a source, with the evidence."
    )
    equations: list[Equation] = Field(default_factory=list)
    added: dt.date | None = Field(default=None, description="Date the entry was added.")

    @field_validator("pages", mode="after")
    @classmethod
    def _en_dash(cls, value: str | None) -> str | None:
        return value.replace("–", "-").replace("--", "-") if value else value

    @model_validator(mode="after")
    def _has_creator(self) -> Paper:
        if not self.authors and not self.editors:
            raise PydanticCustomError(
                "no_creator", "a paper needs 'authors' (or, for an edited work, 'editors')"
            )
        return self

    @property
    def creators(self) -> list[Person]:
        """Who a citation names first: the authors, or the editors of an edited work."""
        return self.authors or self.editors

    @property
    def first_author(self) -> Person:
        return self.creators[0]

    @property
    def label(self) -> str:
        """Short human label: ``Zenke & Ganguli 2018`` / ``Hassabis et al. 2017``."""
        return label_of([a.family or a.literal for a in self.creators], self.et_al, self.year)


class Topic(Entry):
    """A node of the topic map: one YAML file in entries/topics/."""

    TEXT_FIELDS: ClassVar[frozenset[str]] = frozenset({"name"})

    id: Key = Field(description="The file name without .yaml.")
    name: Text = Field(description="Human-readable name, e.g. 'Spiking neural networks'.")
    aliases: list[Text] = Field(default_factory=list, description="Other names people search for.")
    parents: list[Key] = Field(default_factory=list, description="Broader topics.")
    related: list[Key] = Field(default_factory=list, description="Topics worth reading alongside.")
    summary: SafeMarkdown = Field(description="What the topic is about, in Markdown with $math$.")


for _model in (Paper, Topic):
    _model.model_rebuild()

__all__ = [
    "KEY_PATTERN",
    "Correction",
    "Entry",
    "Equation",
    "Paper",
    "PaperType",
    "Person",
    "Topic",
]
