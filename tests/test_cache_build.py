"""The first build of the index (neurokb.cache.build) writes exactly what refreshes write.

A bulk build (forked workers, chunks, indexes made at the end) and an index grown by ordinary
refreshes, file by file, must hold the same rows; the tables are compared whole.
"""

from __future__ import annotations

import json
import re
import shutil
import sqlite3
from pathlib import Path
from types import SimpleNamespace

import pytest
import yaml

from neurokb.cache import build, db
from neurokb.cache.ftstext import pieces_of, topics_text
from neurokb.cache.sync import refresh
from tests.cachefixtures import generate_kb

# what differs between two copies of the same files, or between two runs
_FILES = "name, kind, key, path, size, mtime_ns, digest, entry, problems"
_TABLES = {
    "files": _FILES,
    "docs": "*",
    "fts_hits": "*",  # the contentless FTS index itself: every term, document, column, place
    "cites": "*",
    "topics": "*",
    "paper_topics": "*",
    "paper_authors": "*",
}


def _tables(conn: sqlite3.Connection) -> dict[str, list[tuple]]:
    out = {name: sorted(conn.execute(f"SELECT {cols} FROM {name}"), key=repr)
           for name, cols in _TABLES.items()}  # fmt: skip
    pieces = pieces_of(conn)  # docs.topics as texts, not ids
    out["docs"] = [(*row[:-1], topics_text(row[-1], pieces)) for row in out["docs"]]
    meta = conn.execute("SELECT name, value FROM meta WHERE name NOT IN ('surveyed', 'generation')")
    out["meta"] = sorted(meta)
    out["schema"] = sorted(conn.execute("SELECT type, name, sql FROM sqlite_master"), key=repr)
    return out


@pytest.fixture(scope="module")
def source(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = generate_kb(tmp_path_factory.mktemp("build") / "kb", 450)
    (root / "entries" / "papers" / "broken.yaml").write_text("title: [unclosed\n")
    # A paper citing twice a key no file has: a build numbers such a key when it meets it.
    papers = sorted((root / "entries" / "papers").glob("*.yaml"))
    entry = yaml.safe_load(papers[len(papers) // 2].read_text())
    entry["cites"] = ["nosuchpaper1999", *entry.get("cites", []), "nosuchpaper1999"]  # twice
    (root / "entries" / "papers" / "danglingcite2020.yaml").write_text(yaml.safe_dump(entry))
    return root


def test_bulk_build_equals_file_by_file_refresh(
    source: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(build, "CHUNK", 128)  # several chunks, each split over two processes
    bulk = tmp_path / "bulk"
    shutil.copytree(source, bulk)
    conn = db.connect(bulk)
    done = refresh(conn, bulk, workers=2)
    assert done.read == len(list((bulk / "entries").rglob("*.yaml")))
    grown = tmp_path / "grown"
    shutil.copytree(source, grown)
    papers = sorted((grown / "entries" / "papers").iterdir())
    aside = tmp_path / "aside"
    aside.mkdir()
    for path in papers[1:]:
        path.rename(aside / path.name)
    other = db.connect(grown)
    refresh(other, grown, walk=True)  # built from topics and one paper
    for start in range(1, len(papers), 200):  # the rest arrives in a few refreshes
        for path in papers[start : start + 200]:
            (aside / path.name).rename(path)
        refresh(other, grown, walk=True)
    assert _tables(conn) == _tables(other)
    dangling = "SELECT src, pos, n FROM cites WHERE dst = 'nosuchpaper1999'"
    assert conn.execute(dangling).fetchall() == [("danglingcite2020", 0, 2)]
    assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    assert conn.execute("PRAGMA synchronous").fetchone() == (1,)  # NORMAL again
    assert conn.execute("PRAGMA cache_size").fetchone() == (-db.CACHE_KIB,)  # as connect sets
    assert conn.execute("PRAGMA wal_autocheckpoint").fetchone() == (db.WAL_PAGES,)
    assert conn.execute("PRAGMA page_size").fetchone() == (db.PAGE_SIZE,)


def test_interrupted_bulk_build_starts_over(
    source: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = tmp_path / "kb"
    shutil.copytree(source, root)
    conn = db.connect(root)
    calls = 0

    def failing(*args: object, **kwargs: object) -> set[str]:
        nonlocal calls
        calls += 1
        if calls == 2:
            raise KeyboardInterrupt
        return real(*args, **kwargs)  # type: ignore[arg-type]

    from neurokb.cache import textindex

    real = textindex.insert_rows
    monkeypatch.setattr(build, "CHUNK", 128)
    monkeypatch.setattr(textindex, "insert_rows", failing)
    with pytest.raises(KeyboardInterrupt):
        refresh(conn, root)
    assert db.get_meta(conn, "built") is None
    monkeypatch.setattr(textindex, "insert_rows", real)
    done = refresh(conn, root)
    assert done.read == len(list((root / "entries").rglob("*.yaml")))
    count = conn.execute("SELECT count(*) FROM docs").fetchone()[0]
    assert count == conn.execute("SELECT count(*) FROM files WHERE entry IS NOT NULL "
                                 "AND kind = 'papers'").fetchone()[0]  # fmt: skip


def test_refresh_after_edits_equals_a_new_build(source: Path, tmp_path: Path) -> None:
    """Rows of edited and removed papers (their citations found through the stored entry)
    are replaced exactly: the refreshed index equals one built from the edited files."""
    root = tmp_path / "kb"
    shutil.copytree(source, root)
    conn = db.connect(root)
    refresh(conn, root)
    papers = sorted((root / "entries" / "papers").glob("*.yaml"))
    edited = 0
    for path in papers[:20]:  # drop each one's first citation: still valid, one link fewer
        text = path.read_text(encoding="utf-8")
        head, found, rest = text.partition("\ncites:\n")
        if found and rest.count("\n  - ") >= 1:
            path.write_text(head + found + rest.partition("\n")[2], encoding="utf-8")
            edited += 1
    assert edited
    for path in papers[20:30]:  # new words in the title and a new first author: FTS and people
        text = path.read_text(encoding="utf-8")
        text = re.sub(r"^title: ", "title: Zebrafish ", text, count=1, flags=re.M)
        text = re.sub(r'^  - "[^"\n]*, [^"\n]*"$', '  - "Quokka, Ada"', text, count=1, flags=re.M)
        path.write_text(text, encoding="utf-8")
    links = conn.execute("SELECT count(*) FROM cites").fetchone()[0]
    papers[5].unlink()
    papers[6].write_text("title: [unclosed\n", encoding="utf-8")
    refresh(conn, root, walk=True)
    fresh = tmp_path / "fresh"
    shutil.copytree(root / "entries", fresh / "entries")
    other = db.connect(fresh)
    refresh(other, fresh)
    assert conn.execute("SELECT count(*) FROM cites").fetchone()[0] < links
    mine, theirs = _tables(conn), _tables(other)
    for name in ("files", "cites", "paper_topics", "paper_authors", "topics"):
        assert mine[name] == theirs[name], name
    # the contentless FTS index (its deletes name the old texts) and the packed texts, by key
    # (document numbers differ), and no spelling left behind by the papers that changed
    by_key = {
        "SELECT d.key, h.term, h.col, h.offset FROM fts_hits AS h JOIN docs AS d ON d.doc = h.doc",
        "SELECT person, base, family, display, inverted, author FROM people",
    }
    for query in by_key:
        assert sorted(conn.execute(query)) == sorted(other.execute(query)), query
    assert conn.execute("SELECT count(*) FROM fts_hits WHERE term = 'zebrafish'").fetchone()[0]
    assert conn.execute("SELECT count(*) FROM people WHERE family = 'quokka'").fetchone()[0]
    _assert_texts_remade(conn)


def test_a_topics_text_its_pieces_cannot_remake_is_kept_whole(
    source: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from neurokb.cache import textindex

    monkeypatch.setattr(textindex, "topic_piece", lambda *_: "not what was indexed")
    root = tmp_path / "kb"
    shutil.copytree(source, root)
    conn = db.connect(root)
    refresh(conn, root)
    assert "not what was indexed" not in pieces_of(conn).values()
    _assert_texts_remade(conn)


def _assert_texts_remade(conn: sqlite3.Connection) -> None:
    """What ftstext.texts_of makes from a stored entry is, term for term, its FTS row."""
    from neurokb.cache.ftstext import pieces_of, texts_of, topics_text
    from neurokb.cache.tables import FIELDS

    indexed: dict[tuple[int, str], list[str]] = {}
    rows = conn.execute("SELECT doc, col, term FROM fts_hits ORDER BY doc, col, offset")
    for doc, col, term in rows:
        indexed.setdefault((doc, col), []).append(term)
    query = "SELECT d.doc, f.entry, d.topics FROM docs AS d JOIN files AS f ON f.name = 'papers/' || d.key"
    remade: dict[tuple[int, str], list[str]] = {}
    pieces = pieces_of(conn)
    for doc, entry, ids in conn.execute(query):
        texts = texts_of(json.loads(entry), topics_text(ids, pieces))
        for name, text in zip(FIELDS, texts, strict=True):
            if text:
                remade[(doc, name)] = text.split()
    assert remade == indexed


def test_the_terminal_progress_bar_leaves_the_build_its_workers(
    source: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The bar (with the time left) draws without a thread of its own, so the workers fork
    (a thread makes run_stream read alone), once, however many chunks there are."""
    import sys
    import threading

    from neurokb.cli import common
    from neurokb.cli.terminal import SafeConsole
    from neurokb.load import parallel

    monkeypatch.setattr(sys.stderr, "isatty", lambda: True)
    # A console of this test's own, set in the module's dict (getattr would make and keep
    # the module's console, which would then colour every later test's messages).
    monkeypatch.setitem(vars(common), "stderr", SafeConsole(stderr=True, soft_wrap=True))
    threads: list[int] = []
    forks: list[int] = []
    real, real_start = parallel.run_stream, parallel._start

    def spy(read, jobs, workers=1):  # type: ignore[no-untyped-def]
        threads.append(threading.active_count())
        yield from real(read, jobs, workers)

    def start(*args):  # type: ignore[no-untyped-def]
        forks.append(threading.active_count())
        return real_start(*args)

    monkeypatch.setattr(parallel, "run_stream", spy)
    monkeypatch.setattr(parallel, "_start", start)
    monkeypatch.setattr(build, "CHUNK", 2000 // 4)  # the bar shows from 2,000 files
    root = generate_kb(tmp_path / "big", 2100)
    seen: list[tuple[int, int]] = []
    bar = common.progress_bar()
    assert bar is not None

    def progress(done: int, total: int) -> None:
        seen.append((done, total))
        bar(done, total)

    refresh(db.connect(root), root, progress=progress, workers=2)
    assert threads == [threading.active_count()]  # the bar left no thread behind
    assert forks == threads or parallel.other_threads()  # the runner's own threads
    assert seen[-1][0] == seen[-1][1] > 2000
    assert [done for done, _ in seen] == sorted(done for done, _ in seen)


@pytest.mark.parametrize(
    ("person", "short"),
    [
        ({"family": "Zenke", "given": "Friedemann"}, True),
        ({"family": "Ünal", "given": "Çağrı"}, True),  # not ASCII: both writers keep it raw
        ({"family": "O'Brien", "given": ""}, True),
        ({"family": 'Say "hi"', "given": "A\\B"}, False),  # escaped by a JSON writer
        ({"family": "Tab\u007fDel", "given": "x"}, False),  # might be
        ({"family": "Howard", "given": "Matthew A.", "suffix": "III"}, False),
        ({"literal": "Numenta"}, False),
        ({"family": "Doe", "given": "J", "orcid": "0000-0002-1825-0097"}, False),
    ],
)
def test_a_stored_person_reads_back_as_its_json(tmp_path: Path, person: dict, short: bool) -> None:
    """``people.person`` keeps a plain name short; the view gives back Pydantic's JSON."""
    from neurokb.cache.textindex import person_text, stored_person
    from neurokb.core.models import Person

    text = Person(**person).model_dump_json()
    stored = stored_person(text)
    assert person_text(stored) == text
    assert (stored != text) == short
    conn = db.connect(tmp_path)
    conn.execute("INSERT INTO names (id, key) VALUES (1, 'doe2020x')")
    conn.execute("INSERT INTO people VALUES (1, ?, 'b', 'f', 'd', 'i', 'a')", (stored,))
    conn.execute("INSERT INTO authorship VALUES (1, 0, 1)")
    assert conn.execute("SELECT person FROM paper_authors").fetchone() == (text,)


@pytest.mark.parametrize(
    ("text", "name", "shorter"),
    [
        ('{"key":"doe2020x","ids":[]}', "papers/doe2020x", True),
        ('{"id":"hebbian-learning","name":"Hebbian"}', "topics/hebbian-learning", True),
        ('{"key":"doe2020x","ids":[]}', "papers/other2020y", False),  # not the file's key
        ('{"key":"doe2020x"}', "papers/doe2020x", False),  # not followed by a field
    ],
)
def test_a_packed_entry_leaves_out_its_files_key(text: str, name: str, shorter: bool) -> None:
    from neurokb.cache.packing import pack, unpack

    key = name.partition("/")[2]
    assert unpack(pack(text, key), name) == text
    assert (len(pack(text, key)) < len(pack(text))) == shorter


def test_paper_rows_index_the_texts_of_paper_document(source: Path) -> None:
    """paper_rows makes each FTS text field by field; each is paper_document's, normalised,
    also for the shipped KB (organisations, suffixes, accents, topics without a file)."""
    from neurokb.cache.tables import FIELDS
    from neurokb.cache.textindex import paper_rows
    from neurokb.load.loader import load_kb
    from neurokb.search.engine import paper_document
    from neurokb.search.text import normalized

    shipped = Path(__file__).resolve().parents[1]
    for root in (source, shipped):
        kb = load_kb(root)
        view = SimpleNamespace(topics=kb.topics)
        papers = list(kb.papers.values())
        papers.append(papers[0].model_copy(update={"topics": ["no-such-topic", *papers[0].topics]}))
        assert len(papers) > 40
        for paper in papers:
            document = paper_document(kb, paper)  # type: ignore[arg-type]
            doc, fts, *_ = paper_rows(paper, view)
            assert fts == tuple(normalized(document[name]) for name in FIELDS), paper.key
            assert doc[6] == normalized(paper.title)


@pytest.mark.parametrize(
    "person",
    [
        {"family": "Zenke", "given": "Friedemann"},
        {"family": "Müller", "given": "Jörg"},
        {"family": "O'Neil", "given": ""},
        {"family": 'Quo"te', "given": "A"},
        {"family": "Back\\slash", "given": "B"},
        {"family": "Del\x7f", "given": "C"},
        {"family": "Howard", "given": "Matthew A.", "suffix": "III"},
        {"literal": "Numenta"},
        {"family": "Zenke", "given": "F.", "orcid": "0000-0002-1883-6442"},
    ],
)
def test_a_people_row_stores_the_person_as_stored_person_does(person: dict) -> None:
    from neurokb.cache.textindex import _person_row, stored_person
    from neurokb.core.models import Person

    model = Person.model_validate(person)
    assert _person_row(model)[0] == stored_person(model.model_dump_json())


def test_read_entry_at_reads_as_read_entry(source: Path, tmp_path: Path) -> None:
    """The index's reader of a file given as a string (no Path per file) gives read_entry's
    result: the entry, every problem with its place, the kept positions."""
    from neurokb.load.loader import read_entry, read_entry_at

    root = tmp_path / "kb"
    shutil.copytree(source / "entries", root / "entries")
    papers = root / "entries" / "papers"
    first = sorted(papers.glob("*.yaml"))[0].read_text(encoding="utf-8")
    (papers / "Bad_Key.yaml").write_text(first, encoding="utf-8")
    (papers / "stray-key.yaml").write_text(first + "key: x\n", encoding="utf-8")
    (papers / "bad-doi.yaml").write_text(first.replace("doi: ", "doi: x", 1), encoding="utf-8")
    (papers / "empty.yaml").write_text("", encoding="utf-8")
    (papers / "v1.2.yaml").write_text(first, encoding="utf-8")
    files = [*sorted(papers.glob("*.yaml")), *sorted((root / "entries" / "topics").glob("*.yaml"))]
    problems = 0
    for path in files:
        kind = path.parent.name
        raw = path.read_bytes() or None
        expected = read_entry(kind, path, root, raw)
        assert read_entry_at(kind, str(path), root, raw) == expected, path.name
        problems += len(expected.problems)
    assert problems >= 5


def test_a_bulk_build_numbers_spellings_in_the_order_papers_use_them(
    source: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """people ids are given in the build, as SQLite gave them when each paper's spellings went
    in: in the order of first use, paper by paper, whichever worker met a spelling first."""
    monkeypatch.setattr(build, "WRITE", 40)
    root = tmp_path / "kb"
    shutil.copytree(source, root)
    conn = db.connect(root)
    refresh(conn, root, workers=2)
    first_use: dict[str, None] = {}
    query = "SELECT p.person FROM authorship AS a JOIN names AS n ON n.id = a.paper " \
            "JOIN people AS p ON p.id = a.person ORDER BY n.key, a.position"  # fmt: skip
    for (person,) in conn.execute(query):
        first_use.setdefault(person, None)
    numbered = [person for (person,) in conn.execute("SELECT person FROM people ORDER BY id")]
    assert numbered == list(first_use)
    assert list(conn.execute("SELECT min(id), max(id) FROM people")) == [(1, len(numbered))]


_NAME_PARTS = ["Zenke", "Müller", "ß", "Ø", "ﬁ", "e\u0301", "\u0301a", "Łukasz", "O'Neil", "-", "ł",
               "Kurth-Nelson", "van der Berg", "李", "Ⅻ", "½", "Jr.", "  ", "x\u0308\u0323"]  # fmt: skip


def _people() -> list[dict]:
    import random

    rng = random.Random(7)
    out = [{"literal": "Numenta"}, {"literal": "Blue Brain ß Ⅻ"}]
    for _ in range(400):
        family = "".join(rng.choice(_NAME_PARTS) for _ in range(rng.randint(1, 3))).strip()
        given = "".join(rng.choice(_NAME_PARTS) for _ in range(rng.randint(0, 2))).strip()
        suffix = rng.choice(["", "", "III", "Jr."])
        if family:
            out.append({"family": family, "given": given, "suffix": suffix})
    return out


def test_a_people_row_folds_its_names_as_fold_does() -> None:
    """_person_row folds a name's parts once and joins them in each form's order (and makes the
    author id from them); that must be fold() of each form whole, and author_id, whatever the
    letters (marks, ligatures, letters that fold to nothing or to two)."""
    from neurokb.cache.reader import fold
    from neurokb.cache.textindex import _person_row
    from neurokb.core.models import Person
    from neurokb.graph.identity import author_id

    for data in _people():
        person = Person.model_validate(data)
        _, base, family, display, inverted, author = _person_row(person)
        assert base == author == author_id(person), data
        assert family == fold(person.family or person.literal), data
        assert display == fold(person.display), data
        assert inverted == fold(person.inverted), data


def test_a_build_leaves_fts_merging_as_a_refresh_has_it(source: Path, tmp_path: Path) -> None:
    """The build turns FTS5's automatic merges off while its segments come in (one 'optimize'
    merges them), and back on for the refreshes that follow."""
    bulk = tmp_path / "bulk"
    shutil.copytree(source, bulk)
    conn = db.connect(bulk)
    refresh(conn, bulk, workers=2)
    config = dict(conn.execute("SELECT k, v FROM fts_config WHERE k != 'version'"))
    assert config == {"automerge": 4, "crisismerge": 16}  # FTS5's defaults, as a refresh has
