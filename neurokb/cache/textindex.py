"""The query tables of the index: what ``show`` and ``search`` read instead of the models.

For each valid paper the index keeps the columns the search filters test (year, type,
identifiers, venue words), its citations, topics and authors, and its searchable text in an
FTS5 table. What the faces print is made from the stored entry (``files.entry``), never
stored here.

The text is stored *already tokenized* by :func:`neurokb.search.text.normalized` (the one
tokenizer of the in-memory search), one column per field of
:data:`neurokb.search.engine.BOOSTS`, so FTS5's ``ascii`` tokenizer splits it into exactly the
same terms. Together with two ``fts5vocab`` views (document frequency per term, and each
occurrence with its column) this holds everything the in-memory BM25 index holds, which is
how :mod:`~neurokb.cache.reader` ranks identically without loading any paper.
"""

from __future__ import annotations

import json
import re
import sqlite3
import string
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Mapping
from functools import cache
from types import SimpleNamespace

from neurokb.cache.ftstext import join_pieces, pieces_of, texts_of, topic_piece, topics_text
from neurokb.cache.reader import fold, title_hash
from neurokb.cache.tables import FIELDS
from neurokb.core.ids import EntryId
from neurokb.core.models import Paper, Person, Topic
from neurokb.core.sqlbatch import rows_in
from neurokb.search.text import normalized


def remove_papers(conn: sqlite3.Connection, keys: Iterable[str]) -> None:
    """Delete the query rows of ``keys``; their ``files`` rows must still hold the entries
    that were indexed (their citations are found through them)."""
    pieces: dict[str, str] | None = None
    for key in keys:
        conn.execute("DELETE FROM citations WHERE key = ?", (key,))
        row = conn.execute("SELECT doc FROM docs WHERE key = ?", (key,)).fetchone()
        if row is None:
            continue
        entry, ids = conn.execute(_INDEXED, (*row, EntryId.paper(key).name)).fetchone()
        pieces = pieces_of(conn) if pieces is None else pieces
        texts = texts_of(json.loads(entry), topics_text(ids, pieces))  # contentless: a delete
        conn.execute(_DELETE_FTS, (*row, *texts))  # names what the row was
        conn.execute("DELETE FROM docs WHERE doc = ?", row)
        conn.execute(_DELETE_CITES, (key, EntryId.paper(key).name))
        (paper,) = conn.execute("SELECT id FROM names WHERE key = ?", (key,)).fetchone()
        conn.execute("DELETE FROM tagged WHERE paper = ?", (paper,))
        people = [p for (p,) in conn.execute(_PEOPLE_OF, (paper,))]
        conn.execute("DELETE FROM authorship WHERE paper = ?", (paper,))
        conn.executemany(_DELETE_PERSON, [(person,) for person in people])


_INDEXED = "SELECT f.entry, d.topics FROM docs AS d, files AS f WHERE d.doc = ? AND f.name = ?"
_PEOPLE_OF = "SELECT person FROM authorship WHERE paper = ?"
_DELETE_PERSON = (  # a spelling no paper uses any more
    "DELETE FROM people WHERE id = ?1 AND NOT EXISTS (SELECT 1 FROM authorship WHERE person = ?1)"
)
_DELETE_CITES = (  # the stored entry is the one indexed: callers remove before replacing it
    "DELETE FROM citing WHERE src = (SELECT id FROM names WHERE key = ?1) AND dst IN "
    "(SELECT n.id FROM files AS f, json_each(f.entry, '$.cites') AS j "
    "JOIN names AS n ON n.key = j.value WHERE f.name = ?2)"
)


def add_papers(
    conn: sqlite3.Connection,
    papers: Iterable[Paper],
    topics: Mapping[str, Topic],
    *,
    fresh: bool = False,
) -> set[str]:
    """Write the query rows of ``papers``; return their author merge groups.

    Rows of the same keys are removed first unless ``fresh`` (a first build has none). The
    author ids are placeholders until :func:`resolve_authors` runs on the returned groups:
    whether "Zenke, F." is the same person as "Zenke, Friedemann" depends on the other papers.
    """
    papers = list(papers)
    if not fresh:
        remove_papers(conn, [paper.key for paper in papers])
    view = SimpleNamespace(topics=topics)  # all paper_document reads from the KB
    first = (conn.execute("SELECT max(doc) FROM docs").fetchone()[0] or 0) + 1
    made = [paper_rows(paper, view) for paper in papers]
    return insert_rows(conn, made, first)


PaperRows = tuple[tuple, tuple, tuple, list[str], list[str], list[tuple]]
"""A paper's query rows without its document number: docs (without its topics text), fts,
the keys it cites each once in the order of their first place with how often each is named
(None: each once), its topic ids, the ``people.person`` of each of its authors in order, and
the ``people`` values of the spellings it is the first to use among the papers its ``view``
met (see :func:`paper_rows`). Rows of ``citing``, ``tagged`` and ``authorship`` are made from
these by :func:`insert_rows`, which knows the paper's id: made here, a row per citation, each
naming the paper, was a tuple per row that a first build's workers sent and its parent
unpacked."""


def paper_rows(paper: Paper, view: object) -> PaperRows:
    """The query rows of one paper; plain tuples, so a worker process can make and send them.

    ``view`` gives ``topics`` (a paper's searchable text names its topics). The author column
    holds the merge group until :func:`resolve_authors` runs. The texts are those of
    :func:`~neurokb.search.engine.paper_document`, normalised; made here field by field (a
    first build makes 100k of them), which the tests compare with ``paper_document``.
    """
    key, title, venue = paper.key, normalized(paper.title), paper.venue or ""
    topic_list, topics_text = _topics_of(view, paper.topics)
    texts = {
        "title": title,
        "key": normalized(key),
        # each person's display name (Person.display), in the parts it is made of: the
        # same words, without a property and a generator per author
        "authors": normalized(
            " ; ".join([p.literal or f"{p.given} {p.family} {p.suffix}" for p in paper.authors])
        ),
        "topics": topics_text,
        "venue": normalized(venue),
        "summary": normalized(paper.summary or ""),
        "abstract": normalized(paper.abstract or ""),
    }
    fts = tuple([texts[name] for name in FIELDS])
    doc = (key, paper.year, paper.type.value, paper.doi, paper.arxiv,
           stored_venue(texts["venue"], paper.venue), title, title_hash(title),
           *[text.count(" ") + 1 if text else 0 for text in fts],
           paper.venue, int(bool(paper.pmid)),
           _json(list(paper.implementations)) if paper.implementations else None,
           topic_list)  # fmt: skip
    cited = paper.cites
    if len(set(cited)) == len(cited):  # each once (nearly always): what Counter would give
        cites: tuple = (cited, None)
    else:
        counted = Counter(cited)
        cites = (list(counted), list(counted.values()))
    spelt = _spellings(view)
    authors, spellings = [], []
    for person in paper.authors:
        known = tuple(person.__dict__.values())  # every field: the same JSON, the same row
        row = spelt.get(known)
        if row is None:  # met here first: its people values go with this paper, only
            row = spelt[known] = _person_row(person)
            spellings.append(row)
        authors.append(row[0])
    return doc, fts, cites, paper.topics, authors, spellings


def _person_row(person: Person) -> tuple[str, ...]:
    """The ``people`` values of a spelling (person, base, family, display, inverted, author)."""
    author_id, folded_author_id = _identity()
    family, given = person.family, person.given
    if (  # a plain "Family, Given": stored_person's short form, without dumping the JSON
        person.suffix == person.literal == ""
        and person.orcid is None
        and _SAFE_TEXT.match(family)
        and _SAFE_TEXT.match(given)
    ):
        stored = f"{family}{SEPARATOR}{given}"
    else:
        stored = stored_person(person.model_dump_json())
    if person.literal:  # an organisation (no family or given name): one name in every form
        family_key = display = inverted = fold(person.literal)
        base = author_id(person)  # stands for the author id until resolve_authors
    else:  # fold goes letter by letter: each form's fold is its parts' folds in its order
        family_key, given_key = fold(family), fold(given)
        suffix_key = fold(person.suffix) if person.suffix else ""
        display = given_key + family_key + suffix_key  # fold(person.display)
        inverted = family_key + suffix_key + given_key  # fold(person.inverted)
        base = folded_author_id(family_key, given_key)  # author_id(person)
    return stored, base, family_key, display, inverted, base


@cache
def _identity() -> tuple[Callable[[Person], str], Callable[[str, str], str]]:
    """``author_id`` and ``folded_author_id``, imported on first use (they bring the graph
    package), then once per process rather than once per new spelling."""
    from neurokb.graph.identity import author_id, folded_author_id

    return author_id, folded_author_id


def _topics_of(view: object, topic_ids: list[str]) -> tuple[tuple[str, ...], str]:
    """A paper's ``docs.topics`` pieces and its normalised ``topics`` text, made once per
    list of topics (a few hundred distinct lists in a KB) and kept on ``view``."""
    made: dict[tuple[str, ...], tuple[tuple[str, ...], str]] | None = getattr(
        view, "topic_texts", None
    )
    if made is None:
        made = view.topic_texts = {}  # type: ignore[attr-defined]
    wanted = tuple(topic_ids)
    found = made.get(wanted)
    if found is None:
        topics = view.topics  # type: ignore[attr-defined]
        text = normalized(" ; ".join(
            " ; ".join([t.name, t.id.replace("-", " "), *t.aliases])
            for t in (topics[t] for t in wanted if t in topics)
        ))  # fmt: skip
        pieces = _topic_pieces(view)
        piece_list = tuple(pieces[t] for t in wanted if t in pieces)
        if join_pieces(list(piece_list)) != text:  # pieces cannot remake it: keep it whole,
            piece_list = (text,)  # as one piece (ftstext.topic_piece says why)
        found = made[wanted] = (piece_list, text)
    return found


_PLAIN = '{"family":"%s","given":"%s","suffix":"","literal":"","orcid":null}'
_SAFE = r'([^"\\\x00-\x1f\x7f]*)'  # nothing a JSON writer might escape
_PLAIN_JSON = re.compile(re.escape(_PLAIN).replace("%s", _SAFE) + r"\Z")
_SAFE_TEXT = re.compile(_SAFE + r"\Z")  # such a name is in its JSON as it is
SEPARATOR = "\x1f"  # never raw in JSON text: a stored form with it is the short one


def stored_person(text: str) -> str:
    """``people.person`` for a Person's JSON ``text``: a plain "Family, Given" (nearly every
    author) as family and given joined by :data:`SEPARATOR`, which the view ``paper_authors``
    turns back into this very text with ``json_object`` (a tenth of the people rows' bytes
    and of their unique index); any other, or a name a JSON writer might escape, whole."""
    plain = _PLAIN_JSON.match(text)
    return f"{plain[1]}{SEPARATOR}{plain[2]}" if plain else text


def person_text(stored: str) -> str:
    """The Person JSON of a ``people.person`` value (:func:`stored_person` undone)."""
    family, found, given = stored.partition(SEPARATOR)
    return _PLAIN % (family, given) if found else stored


def _spellings(view: object) -> dict[tuple, tuple]:
    """The people-row values of each spelling met so far, kept on ``view`` (most authors
    write many papers: folded and dumped once)."""
    found: dict[tuple, tuple] | None = getattr(view, "spellings", None)
    if found is None:
        found = {}
        view.spellings = found  # type: ignore[attr-defined]
    return found


def _topic_pieces(view: object) -> dict[str, str]:
    """Each topic's part of the ``topics`` texts, kept on ``view`` (made once per topic)."""
    found: dict[str, str] | None = getattr(view, "topic_pieces", None)
    if found is None:
        found = {
            topic_id: topic_piece(topic.name, topic.id, list(topic.aliases))
            for topic_id, topic in view.topics.items()  # type: ignore[attr-defined]
        }
        view.topic_pieces = found  # type: ignore[attr-defined]
    return found


def insert_rows(
    conn: sqlite3.Connection,
    made: Iterable[PaperRows],
    first: int,
    *,
    known: dict[str, int] | None = None,
    aside: str = "",
    people_ids: dict[str, int] | None = None,
) -> set[str]:
    """Write papers' rows, numbering their documents from ``first``; return their merge groups.

    A first build passes ``known`` (the ``names`` ids it has met, kept across its chunks: a
    lookup per chunk of every key it names cost seconds at 100k), ``aside``, the prefix of
    the tables of :data:`ASIDE`'s names it puts their rows in until the end (inserted paper by
    paper they land all over their B-trees), and ``people_ids``, the ``people`` ids of the
    spellings it has written: on an empty table it numbers new spellings itself, 1, 2, ... in
    the order they come, as SQLite would, and an authorship needs no lookup of its spelling.
    """
    rows: dict[str, list[tuple]] = defaultdict(list)
    bases: set[str] = set()
    people: dict[str, tuple] = {}
    made = list(made)
    ids = _piece_ids(conn, {piece for doc, *_ in made for piece in doc[-1]})
    topic_ids = _topic_ids(conn, {topic for _, _, _, topics, *_ in made for topic in topics})
    numbers = known if known is not None else {}
    # Each paper's own id is looked up once: its rows of citations, topics and authors all
    # name it (paper_rows), and a lookup per row was a tenth of a first build's Python.
    owns, cited = _own_and_cited(conn, made, numbers, every_paper_known=known is not None)
    docs, fts_rows = rows[_INSERT_DOC], []
    rows[_INSERT_CITE.format(aside)] = cited
    topic_rows = rows[_INSERT_TOPIC.format(aside)]
    numbered = people_ids is not None
    authorships = rows[(_INSERT_NUMBERED if numbered else _INSERT_AUTHORSHIP).format(aside)]
    for number, own, (doc, fts, _, topics, authors, spellings) in zip(
        range(first, first + len(made)), owns, made, strict=True
    ):
        docs.append((number, *doc[:-1], " ".join([ids[p] for p in doc[-1]])))
        year = doc[1]
        topic_rows.extend([(topic_ids[t], own, pos, year) for pos, t in enumerate(topics)])
        for row in spellings:  # a paper's new spellings come with it: before its authorships
            bases.add(row[1])
            if people_ids is None:
                people.setdefault(row[0], row)
            elif row[0] not in people_ids:  # the next number, in the order they come
                people_ids[row[0]] = len(people_ids) + 1
                people[row[0]] = (len(people_ids), *row)
        if people_ids is None:
            authorships.extend([(own, pos, person) for pos, person in enumerate(authors)])
        else:
            authorships.extend(
                [(own, pos, people_ids[person]) for pos, person in enumerate(authors)]
            )
        fts_rows.append((number, *fts))
    # a spelling's row first (kept if it exists: its author id is re-resolved after)
    conn.executemany(_INSERT_PERSON_ID if numbered else _INSERT_PERSON, people.values())
    for statement, values in rows.items():
        conn.executemany(statement, values)
    conn.executemany(_INSERT_FTS, fts_rows)  # last, after the rows they index
    return bases


def add_topic(conn: sqlite3.Connection, topic: Topic) -> None:
    conn.execute(
        "INSERT OR REPLACE INTO topics VALUES (?, ?, ?, ?)",
        (topic.id, topic.name, _json(list(topic.aliases)), _json(list(topic.parents))),
    )


ASIDE = ("citing", "tagged", "authorship")
"""The tables keyed by other than the document order (see :func:`insert_rows`'s ``aside``)."""
_INSERT_CITE = "INSERT OR REPLACE INTO {}citing VALUES (?, ?, ?, ?)"
_INSERT_TOPIC = "INSERT OR IGNORE INTO {}tagged (topic, paper, pos, year) VALUES (?, ?, ?, ?)"
_INSERT_PERSON = (
    "INSERT OR IGNORE INTO people (person, base, family, display, inverted, author) "
    "VALUES (?, ?, ?, ?, ?, ?)"
)
_INSERT_PERSON_ID = (
    "INSERT INTO people (id, person, base, family, display, inverted, author) "
    "VALUES (?, ?, ?, ?, ?, ?, ?)"
)
_INSERT_AUTHORSHIP = "INSERT INTO {}authorship SELECT ?1, ?2, id FROM people WHERE person = ?3"
_INSERT_NUMBERED = "INSERT INTO {}authorship VALUES (?, ?, ?)"
_INSERT_DOC = f"INSERT INTO docs VALUES ({', '.join('?' * (13 + len(FIELDS)))})"


_ASCII_LOWER = str.maketrans(string.ascii_uppercase, string.ascii_lowercase)


def stored_venue(words: str, venue: str | None) -> str | None:
    """``docs.venue`` for the normalised ``words`` of ``venue``: NULL where SQLite's
    ``lower(venue_name)`` gives them (an ASCII name of plain words, nearly every venue), which
    the ``venue:`` filter reads instead (:class:`neurokb.search.filters.VenueHas`)."""
    if venue and venue.isascii() and venue.translate(_ASCII_LOWER) == words:
        return None
    return words


def _own_and_cited(
    conn: sqlite3.Connection,
    made: list[PaperRows],
    numbers: dict[str, int],
    *,
    every_paper_known: bool,
) -> tuple[list[int], list[tuple[int, int, int, int]]]:
    """The ``names`` ids of the papers of ``made`` and their ``citing`` rows, numbering the keys
    ``numbers`` lacks. A first build has numbered every paper before it starts, so only a key
    cited but not in the KB can be new: its rows are tried first and the keys sought only when
    one is missing (a set of every cited key per batch cost as much as the lookups)."""
    if every_paper_known:
        try:
            owns = [numbers[doc[0]] for doc, *_ in made]
            return owns, _cited(made, owns, numbers)
        except KeyError:
            pass
    keys = {doc[0] for doc, *_ in made} | {key for _, _, (cited, _), *_ in made for key in cited}
    missing = keys - numbers.keys()
    if missing:
        numbers.update(_numbers(conn, missing))
    owns = [numbers[doc[0]] for doc, *_ in made]
    return owns, _cited(made, owns, numbers)


def _cited(
    made: list[PaperRows], owns: list[int], numbers: dict[str, int]
) -> list[tuple[int, int, int, int]]:
    out: list[tuple[int, int, int, int]] = []
    for own, (_, _, (cited, counts), *_) in zip(owns, made, strict=True):
        if counts is None:
            out.extend([(numbers[dst], own, pos, 1) for pos, dst in enumerate(cited)])
        else:
            pairs = enumerate(zip(cited, counts, strict=True))
            out.extend([(numbers[dst], own, pos, n) for pos, (dst, n) in pairs])
    return out


def _numbers(conn: sqlite3.Connection, keys: set[str]) -> dict[str, int]:
    """The ``names`` ids of ``keys``, numbered where new (a first build numbers every paper
    first, in order, so rows keyed by paper go in in order: full pages)."""
    conn.executemany("INSERT OR IGNORE INTO names (key) VALUES (?)", [(k,) for k in sorted(keys)])
    wanted, out = sorted(keys), {}
    for start in range(0, len(wanted), 900):
        chunk = wanted[start : start + 900]
        query = f"SELECT key, id FROM names WHERE key IN ({', '.join('?' * len(chunk))})"
        out.update(conn.execute(query, chunk))
    return out


def _topic_ids(conn: sqlite3.Connection, topics: set[str]) -> dict[str, int]:
    """The ``topic_names`` ids of ``topics``, added where new (a few dozen rows in all)."""
    conn.executemany("INSERT OR IGNORE INTO topic_names (topic) VALUES (?)", [(t,) for t in topics])
    return {topic: i for i, topic in conn.execute("SELECT id, topic FROM topic_names")}


def _piece_ids(conn: sqlite3.Connection, pieces: set[str]) -> dict[str, str]:
    """The ``topic_pieces`` ids of ``pieces``, added where new (one per topic text)."""
    conn.executemany("INSERT OR IGNORE INTO topic_pieces (text) VALUES (?)", [(p,) for p in pieces])
    return {text: i for i, text in pieces_of(conn).items()}


_DELETE_FTS = (
    f"INSERT INTO fts (fts, rowid, {', '.join(FIELDS)}) "
    f"VALUES ('delete', {', '.join('?' * (1 + len(FIELDS)))})"
)
_INSERT_FTS = (
    f"INSERT INTO fts (rowid, {', '.join(FIELDS)}) VALUES ({', '.join('?' * (1 + len(FIELDS)))})"
)


def resolve_authors(conn: sqlite3.Connection, bases: Iterable[str]) -> None:
    """Re-resolve the author ids of the merge groups ``bases`` from every paper in the index.

    The grouping is :func:`neurokb.graph.identity.author_index`'s own (``resolve_group``), run
    group by group, so ``author:`` filters on the index match the in-memory ones.
    """
    from neurokb.cache.rows import construct
    from neurokb.graph.identity import resolve_group

    wanted = sorted(bases)
    # the spellings in use (a paper's removal deletes those it alone used), not each authorship
    query = "SELECT base, person, author FROM people WHERE base IN ({marks})"
    rows: list[tuple[str, str, str]] = list(rows_in(conn, query, wanted))
    spellings: dict[str, dict[str, None]] = defaultdict(dict)
    for base, person, _ in rows:  # resolve_group sorts the spellings: their order is moot
        spellings[base][person] = None
    ids: dict[tuple[str, str], str] = {}
    for base, texts in spellings.items():
        if len(texts) == 1:  # one spelling is one person, named by the group (resolve_group)
            ids[(base, next(iter(texts)))] = base
            continue
        people = {text: construct(Person, json.loads(person_text(text))) for text in texts}
        resolved = resolve_group(base, list(people.values()))
        for text, person in people.items():
            ids[(base, text)] = resolved[person]
    changed = {  # most authors are alone in their group; the id belongs to the spelling
        person: ids[(base, person)]
        for base, person, stored in rows
        if ids[(base, person)] != stored
    }
    conn.executemany(
        "UPDATE people SET author = ? WHERE person = ?",
        [(author, person) for person, author in changed.items()],
    )


def _json(data: object) -> str:
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"))
