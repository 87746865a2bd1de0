"""The persistent index: one SQLite file under ``.neurokb-cache/`` that remembers every entry.

Why it exists: reading and validating 100,000 YAML files takes tens of seconds, and a query
should not. The index keeps, for each entry file, its size, mtime, inode and content hash, the
validated entry (as the JSON of ``model_dump``) and the file's own problems, plus the tables
that let ``show`` and ``search`` answer straight from SQL without building any model.

It is never trusted over the files. Every use starts with a check of what changed on disk
(:mod:`~neurokb.cache.scan`), and only changed files are read again (:mod:`~neurokb.cache.sync`);
a file that is corrupt, was written by another schema version or by different code is thrown
away and rebuilt without a word (:mod:`~neurokb.cache.db`). ``neurokb --no-cache`` bypasses it.

- :mod:`~neurokb.cache.open`: the KB through the index (or the files when it cannot be used);
- :mod:`~neurokb.cache.db`: where the file lives, opening, resetting, locking;
- :mod:`~neurokb.cache.tables`: the tables;
- :mod:`~neurokb.cache.scan`: what changed on disk since the last refresh;
- :mod:`~neurokb.cache.rows`: entries to rows and back (``model_construct``, no re-validation);
- :mod:`~neurokb.cache.sync`: bringing the index up to date, file by file;
- :mod:`~neurokb.cache.textindex`: writing the query tables (filter columns, FTS5 text, authors);
- :mod:`~neurokb.cache.termindex`: the BM25 statistics of the search, read from FTS5;
- :mod:`~neurokb.cache.reader`: the fast read paths (one entry, a search, a listing);
- :mod:`~neurokb.cache.links`: ``related`` from the query tables (the lookups it scores);
- :mod:`~neurokb.cache.restore`: the whole KnowledgeBase from the index.

Import it lazily: the fast read path must not import Pydantic, NetworkX or NumPy.
"""
