"""The watcher (neurokb.cache.watcher): a query re-checks only what inotify saw change, and
falls back to the full scan whenever the watcher cannot vouch (or is not there at all).

Each test that needs the real background process starts one for its own KB and stops it.
The full scan is replaced by a function that fails where a test asserts it is not used.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from cachefixtures import (
    age_tree,
    generate_kb,
    rewrite_in_place,
    wait_for_watcher,
    watched_token,
)

from neurokb.cache import db, sync, watch, watcher
from neurokb.cache.open import open_reader
from neurokb.cache.reader import Reader
from neurokb.core.atomic import TEMP_SUFFIX

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="inotify is Linux's")


@pytest.fixture(scope="module")
def source(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return generate_kb(tmp_path_factory.mktemp("watched") / "kb", 120, seed=7)


@pytest.fixture
def kb(source: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A fresh copy of the KB, indexed, its watcher running (stopped afterwards)."""
    import shutil

    root = tmp_path / "kb"
    shutil.copytree(source / "entries", root / "entries")
    age_tree(root)
    monkeypatch.setattr(watch, "WATCH_FROM", 0)
    monkeypatch.setenv("NEUROKB_WATCH_IDLE", "120")
    assert _reader(root) is not None  # builds the index
    _reader(root)  # the watcher is started by this query, for the next ones
    wait_for_watcher(root)
    _reader(root)  # its first answer is "everything": a full scan, then its token is recorded
    try:
        yield root
    finally:
        watch.stop(root)


def _reader(root: Path) -> Reader:
    reader = open_reader(root)
    assert reader is not None
    return reader


@pytest.fixture
def no_full_scan(monkeypatch: pytest.MonkeyPatch) -> None:
    """Fail if a refresh stats every file: the watcher must have answered."""

    def full_scan(*args: object, **kwargs: object) -> None:
        raise AssertionError("a full scan ran although the watcher could answer")

    monkeypatch.setattr(sync, "scan", full_scan)


def _keys(root: Path, text: str) -> list[str]:
    found = _reader(root).find(text)
    assert found is not None
    return [hit.key for hit in found[1]]


def _paper(root: Path, index: int = 0) -> Path:
    return sorted((root / "entries" / "papers").iterdir())[index]


def _title(path: Path) -> str:
    return path.read_text(encoding="utf-8").split('title: "', 1)[1].split('"', 1)[0]


def _retitled(path: Path, word: str) -> str:
    """The file's text with its first title word replaced by ``word``."""
    text = path.read_text(encoding="utf-8")
    first = _title(path).split()[0]
    return text.replace(f'title: "{first}', f'title: "{word}', 1)


def test_the_index_records_the_watchers_token_and_nothing_changed_since(kb: Path) -> None:
    token = watched_token(kb)
    assert token is not None
    answer = watch.ask(kb, token, lambda: False)
    assert answer is not None and answer.names == [] and answer.token == token


def test_an_in_place_edit_with_size_and_mtime_kept_is_seen(kb: Path, no_full_scan: None) -> None:
    path = _paper(kb, 3)
    first = _title(path).split()[0]
    new = ("Qzw" * len(first))[: len(first)]
    rewrite_in_place(path, f'title: "{first}', f'title: "{new}')
    assert _keys(kb, new.lower()) == [path.stem]


def test_save_by_rename_new_file_and_deletion_are_seen(kb: Path, no_full_scan: None) -> None:
    path = _paper(kb, 5)
    temp = path.with_name(path.name + TEMP_SUFFIX)  # as neurokb's own atomic writes do
    temp.write_text(_retitled(path, "Renamedword"), encoding="utf-8")
    os.replace(temp, path)
    assert _keys(kb, "renamedword") == [path.stem]

    swap = path.parent / f".{path.name}.swp"  # an editor's way: write aside, rename over
    swap.write_text(_retitled(path, "Swappedword"), encoding="utf-8")
    os.rename(swap, path)
    assert _keys(kb, "swappedword") == [path.stem]

    new = path.with_name("zzwatch2020new.yaml")
    new.write_text(_retitled(path, "Brandnewword").replace(path.stem, new.stem), "utf-8")
    assert _keys(kb, "brandnewword") == [new.stem]
    new.unlink()
    assert _keys(kb, "brandnewword") == []


def test_a_new_or_removed_folder_makes_a_full_scan(
    kb: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    scans = []
    real = sync.scan
    monkeypatch.setattr(sync, "scan", lambda *a, **k: scans.append(1) or real(*a, **k))
    topics = kb / "entries" / "topics"
    moved = kb / "topics-away"
    topics.rename(moved)
    _reader(kb)
    assert scans, "a kind folder went away: the watcher must ask for a full scan"
    moved.rename(topics)
    scans.clear()
    path = _paper(kb, 7)  # the watcher watches the folder that came back
    path.write_text(_retitled(path, "Afterfolderword"), encoding="utf-8")
    assert _keys(kb, "afterfolderword") == [path.stem]
    assert scans  # its answer after the folder came back is "everything" once
    scans.clear()
    path.write_text(_retitled(path, "Secondword"), encoding="utf-8")
    assert _keys(kb, "secondword") == [path.stem]
    assert not scans  # then names again


def test_a_dead_watcher_falls_back_to_the_full_scan_and_is_replaced(kb: Path) -> None:
    watch.stop(kb)
    time.sleep(0.2)
    stale = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)  # a socket nobody listens on
    address, _ = watch.socket_address(kb / db.CACHE_DIR)
    if os.path.exists(address):
        os.unlink(address)
    stale.bind(address)
    stale.close()
    path = _paper(kb, 9)
    path.write_text(_retitled(path, "Deadwatcherword"), encoding="utf-8")
    assert _keys(kb, "deadwatcherword") == [path.stem]  # the full scan answered
    wait_for_watcher(kb)  # and the query started a new watcher on the stale socket's place
    assert _keys(kb, "deadwatcherword") == [path.stem]


def test_without_the_watcher_queries_scan_fully(kb: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NEUROKB_WATCH", "0")
    path = _paper(kb, 11)
    first = _title(path).split()[0]
    new = ("Wqz" * len(first))[: len(first)]
    rewrite_in_place(path, f'title: "{first}', f'title: "{new}')
    assert _keys(kb, new.lower()) == [path.stem]


def test_overflow_and_a_restarted_watcher_ask_for_everything(source: Path) -> None:
    one = watcher.Watcher(source)
    one.setup()
    token = f"{one.id} {one.seq}"
    assert one.answer(token.encode()).endswith(b"names 0\n")
    papers = next(wd for wd, role in one.roles.items() if role == ("kind", "papers"))
    one._event(papers, watcher.IN_MODIFY, "a.yaml")
    assert watch.parse(one.answer(token.encode())).names == ["papers/a.yaml"]
    assert one._event(-1, watcher.IN_Q_OVERFLOW, "")  # events were lost: watches made again
    one.setup()
    assert watch.parse(one.answer(token.encode())).names is None
    other = watcher.Watcher(source)
    other.setup()
    assert watch.parse(other.answer(token.encode())).names is None  # another watcher's token
    os.close(one.fd)
    os.close(other.fd)


def test_a_reply_cut_short_is_not_trusted() -> None:
    assert watch.parse(b"abc 7 names 2\npapers/a.yaml") is None
    assert watch.parse(b"abc 7 names 2\npapers/a.yaml\0papers/b.yaml").names == [
        "papers/a.yaml",
        "papers/b.yaml",
    ]
    assert watch.parse(b"abc 7 full\n").names is None
    assert watch.parse(b"") is None


def test_a_linked_entry_stops_the_watcher_from_vouching(source: Path, tmp_path: Path) -> None:
    import shutil

    root = tmp_path / "kb"
    shutil.copytree(source / "entries", root / "entries")
    target = _paper(root, 0)
    os.link(target, tmp_path / "elsewhere.yaml")  # writable through an unwatched folder
    (root / db.CACHE_DIR).mkdir()
    assert watcher.run(root) == 1
    assert "link" in (root / db.CACHE_DIR / watch.OFF).read_text()


def test_the_watcher_stops_when_idle_or_when_its_folder_goes(source: Path, tmp_path: Path) -> None:
    import shutil

    processes = []
    for name, idle in (("idle", "0.5"), ("removed", "120")):
        root = tmp_path / name
        shutil.copytree(source / "entries", root / "entries")
        (root / db.CACHE_DIR).mkdir()
        env = {**os.environ, "NEUROKB_WATCH_IDLE": idle, "PYTHONPATH": os.pathsep.join(sys.path)}
        command = [sys.executable, "-m", "neurokb.cache.watcher", str(root)]
        processes.append((root, subprocess.Popen(command, env=env)))
    root = processes[1][0]
    wait_for_watcher(root)
    shutil.rmtree(root / db.CACHE_DIR)
    for _, process in processes:
        assert process.wait(timeout=20) == 0


def test_did_you_mean_never_offers_a_word_an_edit_removed(kb: Path, no_full_scan: None) -> None:
    path = _paper(kb, 13)
    first = _title(path).split()[0]
    unique = ("Quaggamire" * 3)[: max(len(first), 4)]
    path.write_text(_retitled(path, unique), encoding="utf-8")
    typo = unique.lower()[:-1] + ("z" if unique[-1] != "z" else "y")
    assert unique.lower() in _reader(kb).misspelt(typo).get(typo, [])
    path.write_text(_retitled(path, "Xylophagic"), encoding="utf-8")
    texts = " ".join(p.read_text().lower() for p in (kb / "entries").rglob("*.yaml"))
    assert unique.lower() not in texts
    for word, guesses in _reader(kb).misspelt(typo).items():
        for guess in guesses:
            assert guess in texts, f"'{word}' suggests '{guess}', which no file contains"
