"""Hostile files in ``entries/``, and writes that must not lose anything (issue 21, items 2, 5, 7).

Each case is built in the test (git cannot commit a named pipe or a 1 GB sparse file) on a
copy of the mini KB, and run through the commands a user or CI runs. Every case asserts the
exact one-line message, the exit code, that no traceback was printed, and that nothing on
disk changed (the index folder aside).
"""

from __future__ import annotations

import errno
import os
import shutil
import signal
import sqlite3
import stat
import subprocess
import sys
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from kbfixtures import mini_kb
from typer.testing import CliRunner

from neurokb.cache import db
from neurokb.core import atomic
from neurokb.load.files import MAX_BYTES, TEMP_SUFFIX, Unreadable, read_entry_bytes
from neurokb.load.loader import load_kb

REPO = Path(__file__).parents[1]
GOOD = "hebb1949organization"
WARNING = "warning: 1 problem(s) in 1 file(s); answering from the valid entries (run `neurokb validate`): {}"


@pytest.fixture(autouse=True)
def _no_hang() -> Iterator[None]:
    """A read that blocks (a named pipe) fails the test instead of hanging the suite."""
    previous = signal.signal(signal.SIGALRM, lambda *_: pytest.fail("a command hung"))
    signal.alarm(60)
    yield
    signal.alarm(0)
    signal.signal(signal.SIGALRM, previous)


@pytest.fixture
def kb(tmp_path: Path) -> Path:
    return mini_kb(tmp_path / "kb")


def run(root: Path, *args: str) -> Any:
    """Run ``neurokb --kb ROOT ARGS`` in process; no exception may escape, none be printed."""
    from neurokb.cli.app import app

    result = CliRunner().invoke(app, ["--kb", str(root), *args])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    assert "Traceback" not in result.stdout + result.stderr
    return result


def lines(text: str) -> list[str]:
    return text.splitlines()


def disk(root: Path) -> dict[str, tuple]:
    """Everything under ``root`` but the index: type, mode, size, mtime and content or target
    (a folder's mtime moves when a temporary file comes and goes: that changes nothing)."""
    out: dict[str, tuple] = {}
    for folder, dirs, files in os.walk(root):  # os.walk follows no links into folders
        dirs[:] = [d for d in dirs if d != db.CACHE_DIR]
        for name in [*dirs, *files]:
            path = os.path.join(folder, name)
            info = os.lstat(path)
            if stat.S_ISLNK(info.st_mode):
                content: Any = os.readlink(path)
            elif stat.S_ISREG(info.st_mode) and info.st_size <= MAX_BYTES:
                content = Path(path).read_bytes()
            else:
                content = None
            mtime = None if stat.S_ISDIR(info.st_mode) else info.st_mtime_ns  # a folder's moves
            out[os.path.relpath(path, root)] = (stat.S_IFMT(info.st_mode), stat.S_IMODE(info.st_mode),
                                                info.st_size, mtime, content)  # fmt: skip
    return out


# -- hostile files in entries/ ------------------------------------------------------------------
def _loop(root: Path) -> str:
    (root / "entries/papers/loop.yaml").symlink_to("loop.yaml")
    return "entries/papers/loop.yaml:1:1: error: NKB040 symbolic link loop; not read"


def _dev_zero(root: Path) -> str:
    (root / "entries/papers/zero.yaml").symlink_to("/dev/zero")
    return (
        "entries/papers/zero.yaml:1:1: error: NKB040 symbolic link to a file outside the "
        "knowledge base; not read"
    )


def _fifo(root: Path) -> str:
    os.mkfifo(root / "entries/papers/pipe.yaml")
    return "entries/papers/pipe.yaml:1:1: error: NKB040 not a regular file (a named pipe); not read"


def _sparse(root: Path) -> str:
    with open(root / "entries/papers/huge.yaml", "wb") as handle:
        handle.truncate(1 << 30)
    return (
        "entries/papers/huge.yaml:1:1: error: NKB007 file is 1,073,741,824 bytes; entries are "
        "limited to 262,144 bytes"
    )


def _newline_key(root: Path) -> str:
    source = root / f"entries/papers/{GOOD}.yaml"
    (root / "entries/papers/k\n.yaml").write_bytes(source.read_bytes())
    return "entries/papers/k\n.yaml:1:1: error: NKB006 file name 'k\\n.yaml' is not a valid key"


CASES: dict[str, Callable[[Path], str]] = {
    "symlink loop": _loop,
    "symlink to /dev/zero": _dev_zero,
    "named pipe": _fifo,
    "1 GB sparse file": _sparse,
    "key with a newline": _newline_key,
}


def one_line(text: str) -> list[str]:
    """The lines of ``text``, where a file name with a newline may be printed escaped or not
    (escaping control characters on the terminal is the output layer's job, not the walk's)."""
    return lines(text.replace("k\n.yaml", "k\\n.yaml"))


@pytest.mark.parametrize("case", CASES)
def test_a_hostile_file_is_one_error_and_queries_keep_answering(kb: Path, case: str) -> None:
    line = CASES[case](kb).replace("k\n.yaml:", "k\\n.yaml:")
    path = line.split(":1:1:")[0]
    before = disk(kb)
    result = run(kb, "validate")
    assert result.exit_code == 1
    assert line in one_line(result.stdout)
    assert (result.stdout + result.stderr).count("error:") == 1
    for cache in ([], ["--no-cache"]):
        listed = run(kb, *cache, "list", "--json")
        assert listed.exit_code == 0
        assert f'"key": "{GOOD}"' in listed.stdout
        searched = run(kb, *cache, "search", "organization", "behavior")
        assert searched.exit_code == 0 and GOOD in searched.stdout
        shown = run(kb, *cache, "show", GOOD)
        assert shown.exit_code == 0 and "Hebb" in shown.stdout
        for answered in (listed, searched, shown):
            assert one_line(answered.stderr) == [WARNING.format(path)]
    assert disk(kb) == before


@pytest.mark.parametrize("case", ["symlink loop", "symlink to /dev/zero", "named pipe"])
def test_a_hostile_file_named_on_the_command_line(kb: Path, case: str) -> None:
    line = CASES[case](kb)
    path = line.split(":1:1:")[0]
    before = disk(kb)
    named = str(kb / path)
    for args in (["validate", named], ["fmt", named], ["fmt", "--check", named]):
        result = run(kb, *args)
        assert result.exit_code == 1
        assert lines(result.stdout + result.stderr)[0] == line
    assert disk(kb) == before


def test_the_size_limit_is_checked_before_reading(
    kb: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _sparse(kb)
    reads: list[int] = []
    real_read = os.read
    monkeypatch.setattr(os, "read", lambda fd, n: reads.append(n) or real_read(fd, n))
    with pytest.raises(Unreadable, match="1,073,741,824 bytes"):
        read_entry_bytes(kb / "entries/papers/huge.yaml", kb)
    assert reads == []


def test_a_folder_link_out_of_the_kb_is_never_walked(kb: Path) -> None:
    (kb / "entries/etc").symlink_to("/etc")
    (kb / "entries/papers/again").symlink_to("..")  # a loop back to entries/
    before = disk(kb)
    result = run(kb, "validate")
    out = result.stdout + result.stderr
    assert result.exit_code == 0
    assert "entries/etc:1:1: warning: NKB028 link to a folder outside entries/; not followed" in out
    assert (
        "entries/papers/again:1:1: warning: NKB028 link to a folder already read (a loop); "
        "not followed" in out
    )
    assert "passwd" not in out and "hostname" not in out and "entries/etc/" not in out
    listed = run(kb, "list")
    assert listed.exit_code == 0 and "passwd" not in listed.stdout + listed.stderr
    assert disk(kb) == before


def test_entries_papers_being_a_file_is_an_error(kb: Path) -> None:
    papers = kb / "entries/papers"
    for path in papers.iterdir():
        path.unlink()
    papers.rmdir()
    papers.write_text("not a folder\n")
    before = disk(kb)
    result = run(kb, "validate")
    assert result.exit_code == 1
    assert lines(result.stdout)[0] == (
        "entries/papers:1:1: error: NKB040 'entries/papers' is a file; it must be a folder"
    )
    made = run(kb, "new", "paper", "doe2020new")
    assert made.exit_code == 1
    assert lines(made.stderr)[-2] == (
        f"error: cannot write {kb}/entries/papers/doe2020new.yaml: cannot create the folder "
        f"{kb}/entries/papers: File exists"
    )
    listed = run(kb, "list")  # no paper to list: the usual answer, after the one warning
    assert listed.exit_code == 1
    assert lines(listed.stderr)[:2] == [WARNING.format("entries/papers"),
                                        "error: no papers match these filters"]  # fmt: skip
    shown = run(kb, "show", "neuroai")
    assert shown.exit_code == 0 and "NeuroAI" in shown.stdout
    assert disk(kb) == before


def test_an_unreadable_folder_is_one_error(kb: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Root reads any folder, so the refusal a normal user gets is injected (see also the
    non-root test below)."""
    topics = str(kb / "entries/topics")
    real_scandir = os.scandir

    def scandir(path: Any = ".") -> Any:
        if os.fspath(path) == topics:
            raise PermissionError(errno.EACCES, "Permission denied", topics)
        return real_scandir(path)

    monkeypatch.setattr(os, "scandir", scandir)
    before = disk(kb)
    result = run(kb, "--no-cache", "validate")
    assert result.exit_code == 1
    assert (  # the papers' topics are unknown too, as they would be without the folder
        "entries/topics:1:1: error: NKB040 cannot read folder: Permission denied"
        in lines(result.stdout)
    )
    listed = run(kb, "--no-cache", "list", "--json")
    assert listed.exit_code == 0 and f'"key": "{GOOD}"' in listed.stdout
    assert disk(kb) == before


def test_an_unreadable_file_is_one_error(kb: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    secret = str(kb / f"entries/papers/{GOOD}.yaml")
    real_open = os.open

    def open_(path: Any, flags: int, *args: Any, **kwargs: Any) -> int:
        if os.fspath(path) == secret:
            raise PermissionError(errno.EACCES, "Permission denied", secret)
        return real_open(path, flags, *args, **kwargs)

    monkeypatch.setattr(os, "open", open_)
    before = disk(kb)
    result = run(kb, "--no-cache", "validate")
    assert result.exit_code == 1
    assert lines(result.stdout)[0] == (
        f"entries/papers/{GOOD}.yaml:1:1: error: NKB040 cannot read file: Permission denied"
    )
    listed = run(kb, "--no-cache", "list", "--json")
    assert listed.exit_code == 0 and '"key": "hopfield1982neural"' in listed.stdout
    assert lines(listed.stderr)[0].startswith("warning: ")
    assert disk(kb) == before


def test_parallel_load_equals_sequential_load_with_hostile_files(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from cachefixtures import generate_kb

    from neurokb.load import parallel

    if not parallel.can_fork():
        pytest.skip("workers are forked on Linux only")
    monkeypatch.setattr(parallel, "other_threads", lambda: False)
    root = generate_kb(tmp_path / "big", 400)
    for make in (_loop, _dev_zero, _fifo, _sparse):
        make(root)
    (root / "entries/etc").symlink_to("/etc")
    sequential, forked = load_kb(root), load_kb(root, workers=3)
    assert len(sequential.errors) == 4
    assert [str(p) for p in forked.problems] == [str(p) for p in sequential.problems]
    assert list(forked.papers.items()) == list(sequential.papers.items())


# -- the index ------------------------------------------------------------------------------------
BYPASS = "warning: cannot use the index: {}; reading the entry files directly (slower)"


def test_a_read_only_index_is_bypassed_with_one_warning(
    kb: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert run(kb, "list").exit_code == 0  # an index exists, built by its owner
    cache = kb / db.CACHE_DIR
    real_access = os.access
    monkeypatch.setattr(
        os, "access", lambda p, mode, **kw: False if Path(p) == cache else real_access(p, mode)
    )
    before = disk(kb), sorted(cache.iterdir())
    for args in (["list"], ["search", "hebb"], ["show", GOOD], ["related", GOOD]):
        result = run(kb, *args)
        assert result.exit_code == 0, result.stderr
        assert lines(result.stderr) == [BYPASS.format(".neurokb-cache/ is read-only")]
    assert (disk(kb), sorted(cache.iterdir())) == before


def test_an_index_path_that_is_a_folder_is_bypassed(kb: Path) -> None:
    (kb / db.CACHE_DIR / db.db_path(kb).name).mkdir(parents=True)
    result = run(kb, "search", "hebb")
    assert result.exit_code == 0 and GOOD in result.stdout
    reason = f".neurokb-cache/{db.db_path(kb).name} is a folder, not an index (delete it)"
    assert lines(result.stderr) == [BYPASS.format(reason)]
    assert db.db_path(kb).is_dir()


def test_a_full_disk_under_the_index_is_bypassed(kb: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def full(path: Path) -> sqlite3.Connection:
        raise sqlite3.OperationalError("database or disk is full")

    monkeypatch.setattr(db, "_open", full)
    result = run(kb, "list")
    assert result.exit_code == 0 and GOOD in result.stdout
    reason = (
        f"cannot open or rebuild .neurokb-cache/{db.db_path(kb).name} (database or disk is full)"
    )
    assert lines(result.stderr) == [BYPASS.format(reason)]


NOBODY = 65534


def _as_nobody(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["setpriv", f"--reuid={NOBODY}", f"--regid={NOBODY}", "--clear-groups",
         sys.executable, "-m", "neurokb", *args],
        cwd=cwd, capture_output=True, text=True, timeout=120,
        env={**os.environ, "PYTHONPATH": str(REPO), "HOME": "/nonexistent"},
    )  # fmt: skip


@pytest.fixture
def shared_kb() -> Iterator[Path]:
    """The mini KB in a folder other users may enter (pytest's own temporary folder is 0700)."""
    folder = Path(tempfile.mkdtemp(prefix="neurokb-shared-"))
    folder.chmod(0o755)
    try:
        yield mini_kb(folder / "kb")
    finally:
        shutil.rmtree(folder)


def test_real_permissions_as_another_user(shared_kb: Path) -> None:
    """What a shared KB really does to a user who may not write its index or read a folder
    (only where this runs as root and can switch to nobody; the tests above inject the same
    refusals everywhere, CI included)."""
    kb = shared_kb
    if os.geteuid() != 0 or not shutil.which("setpriv"):
        pytest.skip("needs root and setpriv to run a command as another user")
    probe = _as_nobody("--version", cwd=kb)
    if probe.returncode != 0:
        pytest.skip(f"nobody cannot run neurokb from here: {probe.stderr.strip()[-200:]}")
    assert run(kb, "list").exit_code == 0  # root builds the index
    before = disk(kb)
    result = _as_nobody("list", cwd=kb)
    assert result.returncode == 0 and GOOD in result.stdout
    assert "Traceback" not in result.stderr
    assert lines(result.stderr) == [BYPASS.format(".neurokb-cache/ is read-only")]
    os.chmod(kb / "entries/topics", 0o700)
    result = _as_nobody("--no-cache", "validate", cwd=kb)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert "entries/topics:1:1: error: NKB040 cannot read folder: Permission denied" in lines(
        result.stdout
    )
    os.chmod(kb / "entries/topics", 0o755)
    os.chmod(kb / f"entries/papers/{GOOD}.yaml", 0o600)
    result = _as_nobody("--no-cache", "validate", cwd=kb)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert lines(result.stdout)[0] == (
        f"entries/papers/{GOOD}.yaml:1:1: error: NKB040 cannot read file: Permission denied"
    )
    os.chmod(kb / f"entries/papers/{GOOD}.yaml", 0o644)
    assert disk(kb) == before


# -- fmt: no lost edits ---------------------------------------------------------------------------
UNFORMATTED = """\
year: 2020
title: A paper to format
authors:
- Doe, Jane
"""


def _unformatted(root: Path, key: str = "doe2020paper") -> Path:
    path = root / "entries/papers" / f"{key}.yaml"
    path.write_text(UNFORMATTED)
    return path


def test_an_edit_saved_while_fmt_runs_is_kept(kb: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from neurokb.edit import fmt

    path = _unformatted(kb)
    other = _unformatted(kb, "doe2020other")
    edited = UNFORMATTED.replace("A paper to format", "A title the author just saved")
    real_format = fmt.format_entry

    def format_then_edit(kind: str, file: Path, root: Path, raw: bytes | None = None) -> Any:
        result = real_format(kind, file, root, raw)
        if file.name == path.name:  # the author saves between fmt's read and its write
            path.write_text(edited)
        return result

    monkeypatch.setattr(fmt, "format_entry", format_then_edit)
    result = run(kb, "fmt")
    assert result.exit_code == 1
    assert (
        "entries/papers/doe2020paper.yaml: not written: it changed while fmt ran; run fmt again "
        "to format the new content" in lines(result.stderr)
    )
    assert path.read_text() == edited
    assert "reformatted entries/papers/doe2020other.yaml" in lines(result.stdout)
    assert other.read_text() != UNFORMATTED


def test_fmt_keeps_the_mode_and_writes_through_a_link(kb: Path) -> None:
    private = _unformatted(kb)
    private.chmod(0o600)
    drafts = kb / "drafts"
    drafts.mkdir()
    target = drafts / "doe2020linked.yaml"
    target.write_text(UNFORMATTED.replace("A paper to format", "A linked paper"))
    link = kb / "entries/papers/doe2020linked.yaml"
    link.symlink_to("../../drafts/doe2020linked.yaml")
    result = run(kb, "fmt")
    assert result.exit_code == 0, result.stderr
    assert stat.S_IMODE(private.stat().st_mode) == 0o600
    assert link.is_symlink() and os.readlink(link) == "../../drafts/doe2020linked.yaml"
    assert target.read_text().startswith("# yaml-language-server")
    assert sorted(p.name for p in drafts.iterdir()) == ["doe2020linked.yaml"]


def test_fmt_on_a_full_disk_is_one_error_and_changes_nothing(
    kb: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert run(kb, "fmt").exit_code == 0  # every other file canonical
    path = _unformatted(kb)
    before = disk(kb)

    def full(fd: int) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "fsync", full)
    result = run(kb, "fmt")
    assert result.exit_code == 1
    assert lines(result.stderr)[-2:] == [f"error: cannot write {path}: disk full",
                                         "hint: free some space and run the command again"]  # fmt: skip
    assert disk(kb) == before


def _killed_writer(folder: Path) -> Path:
    """A process killed (SIGKILL) while writing leaves its temporary file behind."""
    code = (
        "import os, signal, sys\n"
        "from neurokb.core.atomic import atomic_file\n"
        "with atomic_file(sys.argv[1]) as out:\n"
        "    out.write(b'half')\n"
        "    out.flush()\n"
        "    os.kill(os.getpid(), signal.SIGKILL)\n"
    )
    target = folder / f"{GOOD}.yaml"
    done = subprocess.run(
        [sys.executable, "-c", code, str(target)], env={**os.environ, "PYTHONPATH": str(REPO)}
    )
    assert done.returncode == -signal.SIGKILL
    (left,) = [p for p in folder.iterdir() if p.name.endswith(TEMP_SUFFIX)]
    return left


def test_temporary_files_of_a_killed_run_are_ignored_and_cleaned(kb: Path) -> None:
    left = _killed_writer(kb / "entries/papers")
    ignored = subprocess.run(
        ["git", "-C", str(REPO), "check-ignore", "--no-index", "-q", f"entries/papers/{left.name}"]
    )
    assert ignored.returncode == 0  # git-ignored: never committed by accident
    result = run(kb, "validate")
    assert result.exit_code == 0 and left.name not in result.stdout + result.stderr
    assert left.exists()  # read-only commands leave it
    atomic._cleaned.clear()
    result = run(kb, "fmt")
    assert result.exit_code == 0, result.stderr
    assert not left.exists()


def test_a_live_writers_temporary_file_is_not_cleaned(tmp_path: Path) -> None:
    live = tmp_path / f".x.yaml.{os.getppid()}-abcdefgh{TEMP_SUFFIX}"
    dead = tmp_path / f".x.yaml.999999999-abcdefgh{TEMP_SUFFIX}"
    live.write_text("")
    dead.write_text("")
    atomic.clean_stale(tmp_path)
    assert live.exists() and not dead.exists()


# -- -o: write through devices and links, never create folders ----------------------------------
def test_output_to_dev_null_keeps_the_device(kb: Path) -> None:
    result = run(kb, "export", "-o", "/dev/null")
    assert result.exit_code == 0, result.stderr
    assert stat.S_ISCHR(os.stat("/dev/null").st_mode)


@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="no /dev/full here")
def test_output_to_dev_full_is_a_clean_disk_full_error(kb: Path) -> None:
    result = run(kb, "graph", "export", "-o", "/dev/full")
    assert result.exit_code == 1
    assert lines(result.stderr) == ["error: cannot write /dev/full: disk full",
                                    "hint: free some space and run the command again"]  # fmt: skip
    assert stat.S_ISCHR(os.stat("/dev/full").st_mode)


def test_output_through_a_link_keeps_the_link(kb: Path, tmp_path: Path) -> None:
    real = tmp_path / "real.bib"
    link = tmp_path / "refs.bib"
    link.symlink_to(real)
    for args in (["export"], ["graph", "export"]):
        result = run(kb, *args, "-o", str(link))
        assert result.exit_code == 0, result.stderr
        assert link.is_symlink() and real.stat().st_size > 0
    assert sorted(p.name for p in tmp_path.iterdir() if p.name != "kb") == ["real.bib", "refs.bib"]


def test_output_into_a_missing_folder_is_refused(kb: Path, tmp_path: Path) -> None:
    out = tmp_path / "missing" / "dir" / "refs.bib"
    for args in (["export"], ["graph", "export"]):
        result = run(kb, *args, "-o", str(out))
        assert result.exit_code == 1
        assert lines(result.stderr) == [
            f"error: cannot write {out}: the folder {out.parent} does not exist",
            "hint: create the folder first, or give another path",
        ]
    assert not (tmp_path / "missing").exists()


def test_new_refuses_a_key_ending_in_a_newline(kb: Path) -> None:
    before = disk(kb)
    result = run(kb, "new", "paper", "k\n")
    assert result.exit_code == 1
    assert lines(result.stderr)[0] == "error: 'k\\n' is not a valid key"
    assert disk(kb) == before


def test_a_figure_cache_that_cannot_be_written_is_skipped(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from types import SimpleNamespace

    from neurokb.site import figures

    drawn = figures.Figure(b"png", {"loss": 0.5})
    monkeypatch.setattr(figures, "draw", lambda alg: drawn)
    monkeypatch.setattr(figures, "cache_key", lambda alg: "key")
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("")
    alg: Any = SimpleNamespace(name="oja")
    assert figures.figure(alg, blocker / "figures") == drawn  # no OSError from the site build
    assert blocker.read_text() == ""


def test_a_file_is_read_in_one_call_and_growth_is_not_lost(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """One read asks for a byte more than fstat gave; a shorter answer holding every byte is
    the end. A file that grew after the fstat is read on to its end."""
    import os

    import neurokb.load.files as files

    path = tmp_path / "a.yaml"
    path.write_bytes(b"title: x\n" * 50)
    calls: list[int] = []
    real_read = os.read

    def counting(fd: int, n: int) -> bytes:
        calls.append(n)
        return real_read(fd, n)

    monkeypatch.setattr(files.os, "read", counting)
    assert read_entry_bytes(path, tmp_path) == b"title: x\n" * 50
    assert calls == [451]

    calls.clear()
    real_fstat = os.fstat

    real_lstat = os.lstat

    def smaller(info: os.stat_result) -> os.stat_result:  # as before a write grew the file
        fields = list(info)
        fields[6] = 100  # st_size
        return os.stat_result(fields)

    monkeypatch.setattr(files.os, "fstat", lambda fd: smaller(real_fstat(fd)))
    monkeypatch.setattr(files.os, "lstat", lambda p: smaller(real_lstat(p)))
    assert read_entry_bytes(path, tmp_path) == b"title: x\n" * 50
    assert len(calls) >= 2
