"""The index under .neurokb-cache/: it follows the files, and a broken one is rebuilt silently.

Each test compares what the cached path answers with what a cold load of the files answers,
after the kind of change a contributor (or git) makes: edit, add, delete, rename, a change a
stat cannot see, a corrupt or foreign index file, several processes at once.
"""

from __future__ import annotations

import multiprocessing
import os
import sqlite3
from pathlib import Path

import pytest
from cachefixtures import age_tree, copy_kb, generate_kb, rewrite_in_place

from neurokb.cache import db, scan, sync
from neurokb.cache.open import open_kb, open_reader
from neurokb.cache.reader import Reader
from neurokb.load.loader import load_kb


@pytest.fixture(scope="module")
def small_kb(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return generate_kb(tmp_path_factory.mktemp("gen") / "kb", 120, seed=3)


@pytest.fixture
def kb(small_kb: Path, tmp_path: Path) -> Path:
    """A fresh copy of the small generated KB, with a warm index."""
    root = copy_kb(small_kb, tmp_path / "kb")
    open_kb(root)
    return root


def _same_as_files(root: Path) -> None:
    cached, cold = open_kb(root), load_kb(root)
    assert cached.papers == cold.papers
    assert cached.topics == cold.topics
    assert cached.problems == cold.problems


def _paper(root: Path, n: int = 0) -> Path:
    return sorted((root / "entries" / "papers").iterdir())[n]


def _refresh(root: Path, **options: object) -> sync.Refresh:
    conn = db.connect(root)
    try:
        return sync.refresh(conn, root, **options)  # type: ignore[arg-type]
    finally:
        conn.close()


def test_warm_index_reads_nothing(kb: Path) -> None:
    done = _refresh(kb, walk=True)
    assert (done.read, done.removed) == (0, 0)
    _same_as_files(kb)


def test_edited_entry_is_read_again(kb: Path) -> None:
    path = _paper(kb)
    path.write_text(path.read_text().replace('title: "', 'title: "Zyzzyva: ', 1))
    assert _refresh(kb).read == 1
    _same_as_files(kb)
    reader = open_reader(kb)
    assert reader is not None
    assert [h.key for h in (reader.find("zyzzyva") or (0, []))[1]] == [path.stem]


def test_added_and_deleted_entries(kb: Path) -> None:
    first, second = _paper(kb, 0), _paper(kb, 1)
    copy = first.with_name("zzz2020added.yaml")
    copy.write_text(first.read_text().replace("doi:", "# doi:"))
    second.unlink()
    done = _refresh(kb)
    assert (done.read, done.removed) == (1, 1)
    cached = open_kb(kb)
    assert "zzz2020added" in cached.papers and second.stem not in cached.papers
    _same_as_files(kb)


def test_renamed_entry(kb: Path) -> None:
    path = _paper(kb, 2)
    path.rename(path.with_name("renamed2001entry.yaml"))
    cached = open_kb(kb)
    assert "renamed2001entry" in cached.papers and path.stem not in cached.papers
    _same_as_files(kb)


def test_same_size_same_mtime_edit_is_caught_by_the_content_hash(kb: Path) -> None:
    path = _paper(kb, 3)
    before = path.stat()
    text = path.read_text()
    path.write_text(_swap_year(text))
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert path.stat().st_size == before.st_size
    assert _refresh(kb).read == 1  # size and mtime as before: the ctime gives the edit away
    _same_as_files(kb)


def _swap_year(text: str) -> str:
    """The same text with the year's last digit changed: same size, different content."""
    index = text.index("year: ") + len("year: ") + 3
    digit = "1" if text[index] != "1" else "2"
    return text[:index] + digit + text[index + 1 :]


def test_touch_without_change_is_not_read_again(kb: Path) -> None:
    age_tree(kb)
    assert _refresh(kb).restamped > 0  # every file was written a moment ago: racy, re-hashed
    assert _refresh(kb).restamped == 0  # now they are old: a stat suffices
    os.utime(_paper(kb, 4))
    done = _refresh(kb)
    assert (done.read, done.restamped) == (0, 1)


def test_invalid_entry_leaves_the_others_and_its_problems_match(kb: Path) -> None:
    _paper(kb, 5).write_text("title: [unclosed\n")
    (kb / "entries" / "papers" / "stray.yml").write_text("title: x\n")
    _same_as_files(kb)
    _same_as_files(kb)  # twice: the cross-entry checks now come from the index


def test_topic_change_reaches_the_search_text_of_its_papers(kb: Path) -> None:
    topic = kb / "entries" / "topics" / "memory.yaml"
    topic.write_text(topic.read_text().replace("aliases:\n", "aliases:\n  - Quuxology\n", 1))
    reader = open_reader(kb)
    assert reader is not None
    hits = (reader.find("quuxology") or (0, []))[1]
    assert hits and {h.key for h in hits} == {
        key for key, p in load_kb(kb).papers.items() if "memory" in p.topics
    }


def _search_keys(root: Path, text: str) -> list[str]:
    reader = open_reader(root)
    assert reader is not None
    return [hit.key for hit in (reader.find(text) or (0, []))[1]]


def test_every_query_sees_an_in_place_edit_of_any_file(kb: Path) -> None:
    """Not only the files an answer comes from: the edited file is in no answer before."""
    age_tree(kb)
    _refresh(kb, walk=True)
    path = _paper(kb, 7)
    word = path.read_text().split("summary: |\n", 1)[1].split()[0]
    rewrite_in_place(path, word, "Q" * len(word))
    assert _search_keys(kb, "q" * len(word)) == [path.stem]
    done = _refresh(kb)
    assert (done.read, done.restamped) == (0, 0)  # the first query stored it


def test_save_by_rename_is_seen_without_walking_the_tree(
    kb: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Editors and ``neurokb fmt`` save through a temporary file: the names stay, the folder's
    times and the file's inode move. The changed records are enough, no walk is needed."""
    age_tree(kb)
    _refresh(kb, walk=True)
    path = _paper(kb, 8)
    temp = path.with_name(path.name + ".tmp-edit")
    temp.write_text(path.read_text().replace('title: "', 'title: "Frobnicated ', 1))
    os.replace(temp, path)

    def no_walk(root: Path) -> object:
        raise AssertionError("walked the tree")

    monkeypatch.setattr("neurokb.load.files.entry_names", no_walk)
    assert _search_keys(kb, "frobnicated") == [path.stem]


def test_stray_files_and_nested_folders_are_noticed(kb: Path) -> None:
    age_tree(kb)
    _refresh(kb, walk=True)
    (kb / "entries" / "papers" / "draft.yml").write_text("title: x\n")
    _refresh(kb)
    conn = db.connect(kb)
    try:
        assert "entries/papers/draft.yml" in (db.get_meta(conn, "stray") or "")
    finally:
        conn.close()
    (kb / "entries" / "papers" / "draft.yml").unlink()
    nested = kb / "entries" / "papers" / "old"
    nested.mkdir()
    _refresh(kb)
    (nested / "copy.yaml").write_text("title: x\n")  # moves old/'s stat, a name of papers/
    _refresh(kb)
    conn = db.connect(kb)
    try:
        stray = db.get_meta(conn, "stray") or ""
        assert "entries/papers/old/copy.yaml" in stray and "draft.yml" not in stray
    finally:
        conn.close()
    _same_as_files(kb)


def test_stored_survey_is_the_survey_in_parts(kb: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The snapshot a refresh stores (in parts of PART names) reads back as what it surveyed,
    after edits that rewrite one part, shift all parts, or drop the last one."""
    monkeypatch.setattr(scan, "PART", 7)
    age_tree(kb)

    def stored_equals_disk() -> None:
        conn = db.connect(kb)
        try:
            sync.refresh(conn, kb)
            conn.execute("BEGIN")
            stored = scan.load_survey(conn)
            conn.execute("COMMIT")
            assert stored == scan.survey(kb)
            assert sync.refresh(conn, kb).read == 0
        finally:
            conn.close()

    stored_equals_disk()
    rewrite_in_place(_paper(kb, 11), "summary: |", "summary: >")
    stored_equals_disk()
    _paper(kb, 0).unlink()
    stored_equals_disk()
    for path in sorted((kb / "entries" / "papers").iterdir())[-20:]:
        path.unlink()
    stored_equals_disk()


def test_survey_in_threads_equals_one_thread(kb: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(scan, "SPLIT_FROM", 10)
    monkeypatch.setattr(scan, "THREADS", 3)
    threaded = scan.survey(kb)
    monkeypatch.setattr(scan, "THREADS", 1)
    alone = scan.survey(kb)
    assert threaded == alone
    assert len(alone["entries/papers"].stats) == 32 * (
        1 + len(list((kb / "entries" / "papers").iterdir()))
    )


def test_did_you_mean_never_suggests_a_word_absent_from_the_files(kb: Path) -> None:
    """After an edit removes the only occurrence of a word, no suggestion names it (the
    vocabulary is the index's, and the index answers from the files as they are)."""
    age_tree(kb)
    path = _paper(kb, 9)
    title = path.read_text().split('title: "', 1)[1].split('"', 1)[0]
    first = title.split()[0]
    unique = (
        "Quaggamire"[: len(first)] if len(first) <= 10 else "Quaggamire" + "x" * (len(first) - 10)
    )
    rewrite_in_place(path, f'title: "{first}', f'title: "{unique}')
    typo = unique.lower()[:-1] + ("z" if unique[-1] != "z" else "y")
    assert unique.lower() in _guesses(kb, typo)  # the word exists: it is suggested
    gone = "Xylophagic"[: len(unique)] + "q" * max(0, len(unique) - 10)
    rewrite_in_place(path, f'title: "{unique}', f'title: "{gone}')
    texts = " ".join(p.read_text().lower() for p in (kb / "entries").rglob("*.yaml"))
    assert unique.lower() not in texts
    for text in (typo, unique.lower() + "s", "hebian", "lerning", "plastisity", "netwrok"):
        for guess in _guesses(kb, text):
            assert guess in texts, f"'{text}' suggests '{guess}', which no file contains"


def _guesses(root: Path, text: str) -> list[str]:
    """The words ``neurokb search TEXT`` suggests, read from its notes."""
    from typer.testing import CliRunner

    from neurokb.cli.app import app

    result = CliRunner().invoke(app, ["--kb", str(root), "search", text])
    out: list[str] = []
    for line in result.stderr.splitlines():
        if "(did you mean " in line:
            out += line.split("(did you mean ", 1)[1].rstrip("?)").split(", ")
    return out


@pytest.mark.parametrize("damage", [b"this is not a database" * 100, b""])
def test_corrupt_index_is_rebuilt_silently(kb: Path, damage: bytes) -> None:
    path = db.db_path(kb)
    for suffix in ("-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    data = path.read_bytes()
    path.write_bytes(damage or data[: len(data) // 3])
    _same_as_files(kb)
    assert sqlite3.connect(path).execute("PRAGMA integrity_check").fetchone() == ("ok",)


def test_index_from_other_code_is_rebuilt(kb: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(db, "code_fingerprint", lambda: "changed code")
    done = _refresh(kb)
    assert done.read == len(list((kb / "entries").rglob("*.yaml")))
    _same_as_files(kb)


def test_schema_version_names_another_file(kb: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    old = db.db_path(kb)
    monkeypatch.setattr(db, "SCHEMA_VERSION", db.SCHEMA_VERSION + 1)
    assert db.db_path(kb) != old
    _same_as_files(kb)
    assert db.db_path(kb).exists()


def test_interrupted_first_build_starts_over(kb: Path) -> None:
    conn = db.connect(kb)
    conn.execute("DELETE FROM meta WHERE name = 'built'")
    conn.execute("DELETE FROM docs")  # as if the build had stopped half-way
    conn.close()
    _same_as_files(kb)
    reader = open_reader(kb)
    assert reader is not None and (reader.find("learning") or (0, []))[1]


def test_unusable_cache_folder_falls_back_to_the_files(kb: Path) -> None:
    cache = kb / db.CACHE_DIR
    for path in cache.iterdir():
        path.unlink()
    cache.rmdir()
    cache.write_text("a file where the cache folder should be")
    assert open_reader(kb) is None
    _same_as_files(kb)


def _hammer(root: str, rounds: int) -> None:
    for _ in range(rounds):
        kb = open_kb(Path(root))
        assert kb.papers
        reader = open_reader(Path(root))
        assert isinstance(reader, Reader)
        reader.find("learning")


def test_concurrent_refreshes_do_not_corrupt_the_index(kb: Path) -> None:
    context = multiprocessing.get_context("spawn")
    workers = [context.Process(target=_hammer, args=(str(kb), 3)) for _ in range(3)]
    for worker in workers:
        worker.start()
    for n in range(6):  # edit while they read and refresh
        path = _paper(kb, 10 + n)
        path.write_text(path.read_text().replace("summary: |", f"summary: |\n  Edit {n}.", 1))
    for worker in workers:
        worker.join(120)
        assert worker.exitcode == 0
    conn = sqlite3.connect(db.db_path(kb))
    assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    _same_as_files(kb)
