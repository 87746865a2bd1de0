"""The tables of the index, in one place (importing this module loads no models).

``files`` (a view of ``file_rows``) and ``meta`` are the index proper: one row per entry file
with what the freshness check compares and what a full load restores (the validated entry). The other tables hold
what filters, ranking and relations look up (search terms, years, citations, topics,
authors), never an output shape: the faces' JSON is made from the stored entry by
:mod:`neurokb.core.serialize`. ``citations`` is the one derived value kept (formatting is slow).
"""

from __future__ import annotations

from neurokb.search.boosts import BOOSTS

FIELDS = tuple(BOOSTS)  # FTS column order: the order in which the in-memory index adds scores

FILES = """
CREATE TABLE IF NOT EXISTS meta (name TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS file_rows (  -- read and written through the view files (below)
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE,    -- "papers/<key>" or "topics/<id>"
    kind TEXT,                    -- NULL: the name's part before "/" (what it always is)
    key TEXT,                     -- NULL: the name's part after "/" (nearly every file)
    path TEXT,                    -- relative to the KB root, as problems report it; NULL:
                                  -- "entries/<name>.yaml" (nearly every file)
    size INTEGER NOT NULL,
    mtime_ns INTEGER NOT NULL,
    ino INTEGER NOT NULL,
    ctime_ns INTEGER NOT NULL,    -- cannot be set back: a same-size, same-mtime edit moves it
    digest BLOB NOT NULL,         -- blake2b (8 bytes) of the bytes, for changes a stat misses
    checked_ns INTEGER NOT NULL,  -- when the digest was last compared (racy-file rule)
    problems TEXT NOT NULL        -- JSON list of the file's own problems
);
-- The valid entries, packed (packing.pack of the JSON: a third of its size), beside the narrow
-- file rows a scan reads (with them inline, a covering index of the stat columns was needed
-- to keep a scan off the wide rows: 8 MiB at 100k).
CREATE TABLE IF NOT EXISTS entries (
    file INTEGER PRIMARY KEY,     -- file_rows.id
    packed BLOB NOT NULL
);
CREATE INDEX IF NOT EXISTS files_racy ON file_rows(mtime_ns - checked_ns);
CREATE INDEX IF NOT EXISTS files_problems ON file_rows(name) WHERE problems != '[]';
-- One row per entry file, as readers want it: ``entry`` is model_dump(mode="json") of the
-- valid entry (unpacked by nkb_unpack, which db.connect registers), else NULL. Writers insert
-- into the view with the *packed* entry (rows.dump_entry) in the ``entry`` place; updates of
-- the other columns and deletes also go through the view.
CREATE VIEW IF NOT EXISTS files AS SELECT f.name AS name,
    coalesce(f.kind, substr(f.name, 1, instr(f.name, '/') - 1)) AS kind,
    coalesce(f.key, substr(f.name, instr(f.name, '/') + 1)) AS key,
    coalesce(f.path, 'entries/' || f.name || '.yaml') AS path, f.size AS size,
    f.mtime_ns AS mtime_ns, f.ino AS ino, f.ctime_ns AS ctime_ns, f.digest AS digest,
    f.checked_ns AS checked_ns, nkb_unpack(e.packed, f.name) AS entry, f.problems AS problems
    FROM file_rows AS f LEFT JOIN entries AS e ON e.file = f.id;
CREATE TRIGGER IF NOT EXISTS files_insert INSTEAD OF INSERT ON files BEGIN
    DELETE FROM entries WHERE file = (SELECT id FROM file_rows WHERE name = NEW.name);
    INSERT OR REPLACE INTO file_rows (name, kind, key, path, size, mtime_ns, ino, ctime_ns,
        digest, checked_ns, problems) VALUES (NEW.name,
        nullif(NEW.kind, substr(NEW.name, 1, instr(NEW.name, '/') - 1)),
        nullif(NEW.key, substr(NEW.name, instr(NEW.name, '/') + 1)),
        nullif(NEW.path, 'entries/' || NEW.name || '.yaml'), NEW.size, NEW.mtime_ns, NEW.ino,
        NEW.ctime_ns, NEW.digest, NEW.checked_ns, NEW.problems);
    INSERT INTO entries SELECT last_insert_rowid(), NEW.entry WHERE NEW.entry IS NOT NULL;
END;
CREATE TRIGGER IF NOT EXISTS files_delete INSTEAD OF DELETE ON files BEGIN
    DELETE FROM entries WHERE file = (SELECT id FROM file_rows WHERE name = OLD.name);
    DELETE FROM file_rows WHERE name = OLD.name;
END;
CREATE TRIGGER IF NOT EXISTS files_update INSTEAD OF UPDATE ON files BEGIN
    UPDATE file_rows SET kind = nullif(NEW.kind, substr(NEW.name, 1, instr(NEW.name, '/') - 1)),
        key = nullif(NEW.key, substr(NEW.name, instr(NEW.name, '/') + 1)),
        path = nullif(NEW.path, 'entries/' || NEW.name || '.yaml'), size = NEW.size,
        mtime_ns = NEW.mtime_ns, ino = NEW.ino, ctime_ns = NEW.ctime_ns, digest = NEW.digest,
        checked_ns = NEW.checked_ns, problems = NEW.problems
    WHERE name = OLD.name;
END;
-- The stats the rows were last checked against, packed per folder (scan.py): comparing a
-- survey of 100k files with it costs two comparisons, not 100k rows.
CREATE TABLE IF NOT EXISTS scan_snapshot (
    folder TEXT NOT NULL,         -- "entries", "entries/papers", "entries/topics"
    part INTEGER NOT NULL,        -- 0: the folder's own stat; then 4,096 names a part
    names TEXT NOT NULL,          -- the part's names, NUL-separated, in listing order
    stats BLOB NOT NULL,          -- int64 inode, size, mtime_ns, ctime_ns of each name
    PRIMARY KEY (folder, part)
);
"""

QUERY = f"""
-- What filters, ranking and sorting read, in narrow rows: a search touching 30,000 papers
-- must not page through their JSON.
CREATE TABLE IF NOT EXISTS docs (
    doc INTEGER PRIMARY KEY,      -- also the rowid of the paper's row in fts
    key TEXT NOT NULL UNIQUE,
    year INTEGER NOT NULL,
    type TEXT NOT NULL,
    doi TEXT,
    arxiv TEXT,
    venue TEXT,                   -- normalised words, for venue: filters; NULL: lower(venue_name)
                                  -- is them (most venues: 2 MB at 100k; textindex.stored_venue)
    title TEXT NOT NULL,          -- normalised, for the exact-title rule and the title order of lists
    title_hash INTEGER NOT NULL,  -- textindex.title_hash(title): what the exact-title rule
                                  -- looks up (an index of the titles themselves was 9 MB)
    {", ".join(f"len_{name} INTEGER NOT NULL" for name in FIELDS)},
    venue_name TEXT,              -- as written (venue nodes and labels, for stats)
    has_pmid INTEGER NOT NULL,    -- 1 with a PubMed id (the identifier shares of stats)
    implementations TEXT,         -- JSON list of the algorithms it names, NULL for none
    topics TEXT NOT NULL          -- topic_pieces ids (space-separated): its FTS topics text
);
CREATE INDEX IF NOT EXISTS docs_title ON docs(title_hash);
-- A broad search lists its matches newest first (reader.Reader._broad): stop at --limit.
CREATE INDEX IF NOT EXISTS docs_newest ON docs(year DESC, key);
-- "Did you mean": the FTS terms of each first letter and length, as of the FTS structure
-- ``version`` (termindex.StoredIndex.spelt_alike).
CREATE TABLE IF NOT EXISTS spelling_pools (
    letter TEXT NOT NULL, length INTEGER NOT NULL, version BLOB NOT NULL,
    terms TEXT NOT NULL,          -- space-separated
    PRIMARY KEY (letter, length)
) WITHOUT ROWID;
-- A derived value, not an entry: valid only for the code fingerprint of the file (db.py).
CREATE TABLE IF NOT EXISTS citations (
    key TEXT PRIMARY KEY,
    text TEXT NOT NULL            -- the default-style reference, formatted on first show
) WITHOUT ROWID;
-- Citations by number: a link named by two keys took more room than the entry citing it.
CREATE TABLE IF NOT EXISTS names (
    id INTEGER PRIMARY KEY,
    key TEXT NOT NULL UNIQUE      -- a paper key: indexed, cited, or once indexed
);
CREATE TABLE IF NOT EXISTS citing (
    dst INTEGER NOT NULL, src INTEGER NOT NULL,  -- names.id
    pos INTEGER NOT NULL,         -- its first place in the citing paper's list
    n INTEGER NOT NULL,           -- how often that list names it
    PRIMARY KEY (dst, src)
) WITHOUT ROWID;
-- What relations, stats and the graph read (written through citing).
CREATE VIEW IF NOT EXISTS cites AS SELECT d.key AS dst, s.key AS src, c.pos AS pos, c.n AS n
    FROM citing AS c JOIN names AS d ON d.id = c.dst JOIN names AS s ON s.id = c.src;
CREATE TABLE IF NOT EXISTS topics (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    aliases TEXT NOT NULL,        -- JSON list, for topic: filters by name or alias
    parents TEXT NOT NULL         -- JSON list
) WITHOUT ROWID;
-- The topic ids papers name, numbered: as text in each of 180k taggings and in their index by
-- paper they took 7 MB at 100k.
CREATE TABLE IF NOT EXISTS topic_names (
    id INTEGER PRIMARY KEY,
    topic TEXT NOT NULL UNIQUE
);
CREATE TABLE IF NOT EXISTS tagged (  -- read through the view paper_topics
    topic INTEGER NOT NULL,       -- topic_names.id
    year INTEGER NOT NULL,        -- the paper's (docs.year): a topic's papers by year, no docs
    paper INTEGER NOT NULL,       -- names.id
    pos INTEGER NOT NULL,         -- its first place in the paper's list (graph edge order)
    -- A paper once per topic (its year is its own); the rows of a topic lie oldest first, so
    -- `list --topic` and `related` read a topic's members in order without a lookup in docs.
    -- (The key's columns come first, in its order: SQLite 3.40's integrity_check reports
    -- NULLs that are not there in a WITHOUT ROWID table declared otherwise.)
    PRIMARY KEY (topic, year, paper)
) WITHOUT ROWID;
-- Removing a paper finds its topics by paper (its citations by its stored entry's list:
-- an index on cites(src) was 7% of the file).
CREATE INDEX IF NOT EXISTS tagged_paper ON tagged(paper);
CREATE VIEW IF NOT EXISTS paper_topics AS SELECT m.topic AS topic, n.key AS key, t.pos AS pos
    FROM tagged AS t JOIN topic_names AS m ON m.id = t.topic JOIN names AS n ON n.id = t.paper;
-- A paper's authors, one row per place in its list; what each spelling is (the columns of the
-- view paper_authors) is kept once per distinct spelling in ``people``: most authors write
-- many papers, and six indexes over a row per authorship were a fifth of the file.
CREATE TABLE IF NOT EXISTS authorship (
    paper INTEGER NOT NULL,       -- names.id
    position INTEGER NOT NULL,
    person INTEGER NOT NULL,      -- people.id
    PRIMARY KEY (paper, position) -- also finds a paper's authors
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS authorship_person ON authorship(person);
CREATE TABLE IF NOT EXISTS people (
    id INTEGER PRIMARY KEY,
    person TEXT NOT NULL UNIQUE,  -- JSON of the Person, to re-resolve a merge group; a plain
                                  -- one as family x'1f' given (textindex.stored_person)
    base TEXT NOT NULL,           -- neurokb.graph.identity.author_id: the merge group
    family TEXT NOT NULL,         -- folded family name (or organisation)
    display TEXT NOT NULL,        -- folded "Given Family"
    inverted TEXT NOT NULL,       -- folded "Family, Given"
    author TEXT NOT NULL          -- the resolved author id (a function of base and person)
);
CREATE INDEX IF NOT EXISTS people_base ON people(base);
CREATE INDEX IF NOT EXISTS people_family ON people(family);
CREATE INDEX IF NOT EXISTS people_author ON people(author);
CREATE INDEX IF NOT EXISTS people_display ON people(display);
CREATE INDEX IF NOT EXISTS people_inverted ON people(inverted);
-- What filters, relations and the author index read (written through the two tables).
CREATE VIEW IF NOT EXISTS paper_authors AS SELECT n.key AS key, a.position AS position,
    p.base AS base, p.family AS family, p.display AS display, p.inverted AS inverted,
    CASE WHEN instr(p.person, char(31)) THEN json_object(
        'family', substr(p.person, 1, instr(p.person, char(31)) - 1),
        'given', substr(p.person, instr(p.person, char(31)) + 1),
        'suffix', '', 'literal', '', 'orcid', NULL) ELSE p.person END AS person,
    p.author AS author
    FROM authorship AS a JOIN people AS p ON p.id = a.person JOIN names AS n ON n.id = a.paper;
-- Whole-KB results (PageRank, statistics) computed from the tables above, each valid for the
-- index generation it was computed at (sync.generation), recomputed on first use after.
CREATE TABLE IF NOT EXISTS derived (
    name TEXT PRIMARY KEY, generation INTEGER NOT NULL, data BLOB NOT NULL
) WITHOUT ROWID;
-- Contentless: the index alone (FTS5 would otherwise keep a second copy of every text), and
-- no column sizes (docs.len_* hold them; no query calls bm25(), which would read them). The
-- texts a delete and the counts of shown papers need are made again from the stored entry and
-- the paper's topics as they were when it was indexed (docs.topics; ftstext.py).
CREATE VIRTUAL TABLE IF NOT EXISTS fts USING fts5({", ".join(FIELDS)}, content = '', columnsize = 0,
    tokenize = 'ascii');
CREATE TABLE IF NOT EXISTS topic_pieces (
    id INTEGER PRIMARY KEY,
    text TEXT NOT NULL UNIQUE     -- one topic's part of a "topics" FTS text, as indexed
);
CREATE VIRTUAL TABLE IF NOT EXISTS fts_terms USING fts5vocab(fts, row);
CREATE VIRTUAL TABLE IF NOT EXISTS fts_hits USING fts5vocab(fts, instance);
"""

ALL = FILES + QUERY
