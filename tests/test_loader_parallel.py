"""Loading with forked workers gives exactly the sequential result, whatever a worker does."""

from __future__ import annotations

import os
import select
import shutil
import threading
from collections.abc import Callable, Sequence
from pathlib import Path

import pytest
from cachefixtures import generate_kb

from neurokb.load import checks, parallel
from neurokb.load.loader import load_kb
from neurokb.load.validation import check_kb

FAILING = Path(__file__).parent / "data" / "failing"
pytestmark = pytest.mark.skipif(not parallel.can_fork(), reason="workers are forked on Linux only")


@pytest.fixture(autouse=True)
def _fork_despite_the_runner(monkeypatch: pytest.MonkeyPatch) -> None:
    """The test session may have threads (the site tests' web server): these tests fork
    anyway, as the workers only read files; a one-shot command has no other thread."""
    monkeypatch.setattr(parallel, "other_threads", lambda: False)


@pytest.fixture(scope="module")
def broken_kb(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """600 generated papers plus every broken file of the failing fixtures."""
    root = generate_kb(tmp_path_factory.mktemp("parallel"), 600)
    for case in sorted(FAILING.iterdir()):
        for path in (case / "entries").glob("*/*.yaml"):
            if path.stem not in {"doe2020good", "t"}:
                target = root / "entries" / path.parent.name / f"{case.name.lower()}{path.name}"
                shutil.copyfile(path, target, follow_symlinks=False)  # NKB040: a link loop
    return root


def test_parallel_load_equals_sequential_load(broken_kb: Path) -> None:
    sequential, forked = load_kb(broken_kb), load_kb(broken_kb, workers=3)
    assert len(sequential.papers) > 600 and len(sequential.problems) > 20
    assert list(forked.papers.items()) == list(sequential.papers.items())
    assert list(forked.topics.items()) == list(sequential.topics.items())
    assert forked.problems == sequential.problems
    assert [str(p) for p in forked.problems] == [str(p) for p in sequential.problems]
    assert list(forked.sources.items()) == list(sequential.sources.items())


def _reader(
    in_child: Callable[[], None], total: int = 1000
) -> parallel.Reader[int, tuple[int, int]]:
    """Reads job ``n`` as ``(n, pid)``. Reading a batch (fewer than ``total`` jobs: workers
    were started), the parent first waits, up to 30 s, until a worker has started reading,
    so workers surely take some jobs however loaded the machine is (a fixed pause was a
    wall-clock window)."""
    parent = os.getpid()
    started, signal = os.pipe()

    def read(jobs: Sequence[int], progress: parallel.Progress | None) -> list[tuple[int, int]]:
        if os.getpid() == parent:
            if len(jobs) < total:
                select.select([started], [], [], 30.0)  # stays readable once a worker wrote
        else:
            os.write(signal, b"x")
            in_child()
        return [(job, os.getpid()) for job in jobs]

    return read


def test_workers_share_the_jobs_and_keep_their_order() -> None:
    seen: list[tuple[int, int]] = []
    results = parallel.run_split(_reader(lambda: None), range(1000), 3, lambda *a: seen.append(a))
    assert [job for job, _ in results] == list(range(1000))
    assert {pid for _, pid in results} - {os.getpid()}  # some were read in a worker
    assert seen[-1] == (1000, 1000)
    assert [done for done, _ in seen] == sorted(done for done, _ in seen)


def _raise() -> None:
    raise RuntimeError("a bug that only bites in a worker")


def _die() -> None:
    os._exit(3)


@pytest.mark.parametrize("failure", [_raise, _die], ids=["exception", "crash"])
def test_a_failing_worker_costs_no_results(failure: Callable[[], None]) -> None:
    results = parallel.run_split(_reader(failure), range(1000), 2)
    assert results == [(job, os.getpid()) for job in range(1000)]


def test_few_jobs_or_one_worker_stay_in_the_process() -> None:
    small = parallel.MIN_CHUNK * 2 - 1
    results = parallel.run_split(_reader(_die, small), range(small), 4)
    assert results == [(job, os.getpid()) for job in range(small)]
    results = parallel.run_split(_reader(_die), range(1000), 1)
    assert results == [(job, os.getpid()) for job in range(1000)]


def test_a_process_with_other_threads_does_not_fork(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.undo()  # the real check
    stop = threading.Event()
    thread = threading.Thread(target=stop.wait, daemon=True)
    thread.start()
    try:
        results = parallel.run_split(_reader(lambda: None), range(1000), 3)
    finally:
        stop.set()
        thread.join()
    assert {pid for _, pid in results} == {os.getpid()}


def test_validate_s_check_finds_what_the_load_finds(
    broken_kb: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``validate`` keeps only the facts the checks read (neurokb.load.validation): the same
    problems, in the same order, with the same counts, sequentially and with workers (which
    also split the checks over two processes)."""
    monkeypatch.setattr(checks, "SPLIT_FROM", 1)
    loaded = load_kb(broken_kb)
    codes = {p.code for p in loaded.problems}
    assert {"NKB020", "NKB021", "NKB024", "NKB051", "NKB052", "NKB054"} <= codes
    for workers in (1, 3):
        found = check_kb(broken_kb, workers=workers)
        assert found.problems == loaded.problems
        assert [str(p) for p in found.problems] == [str(p) for p in loaded.problems]
        assert (found.papers, found.topics) == (len(loaded.papers), len(loaded.topics))


def test_work_beside_gives_both_results_in_order() -> None:
    parent = os.getpid()
    big = "x" * 200_000  # more than a pipe holds: the child waits for the parent to read
    here, there = parallel.run_beside(lambda: os.getpid(), lambda: (os.getpid(), big))
    assert here == parent and there[0] != parent and there[1] == big


def test_a_failing_process_beside_costs_no_result() -> None:
    parent = os.getpid()

    def there() -> int:
        if os.getpid() != parent:
            os._exit(3)  # the child dies without a word
        return 7

    assert parallel.run_beside(lambda: 1, there) == (1, 7)


def test_an_error_here_leaves_no_process_behind(tmp_path: Path) -> None:
    told = tmp_path / "pid"

    def here() -> None:
        while not told.exists():  # the child has started
            select.select([], [], [], 0.01)
        raise KeyError("here")

    def there() -> str:
        told.write_text(str(os.getpid()))
        return "x" * 200_000  # more than a pipe holds: blocked until the parent gives up

    with pytest.raises(KeyError):
        parallel.run_beside(here, there)
    with pytest.raises(ChildProcessError):
        os.waitpid(int(told.read_text()), os.WNOHANG)  # reaped, not left running


def _streamed(read: parallel.Reader[int, tuple[int, int]], jobs: int, workers: int) -> list:
    return [result for batch in parallel.run_stream(read, range(jobs), workers) for result in batch]


def test_a_stream_is_read_by_the_workers_in_order() -> None:
    batches = list(parallel.run_stream(_reader(lambda: None), range(1000), 2, batch=50))
    assert [len(batch) for batch in batches] == [50] * 20
    results = [result for batch in batches for result in batch]
    assert [job for job, _ in results] == list(range(1000))
    assert os.getpid() not in {pid for _, pid in results}  # the caller only consumes


@pytest.mark.parametrize("failure", [_raise, _die], ids=["exception", "crash"])
def test_a_failing_worker_costs_a_stream_no_results(failure: Callable[[], None]) -> None:
    assert _streamed(_reader(failure), 1000, 2) == [(job, os.getpid()) for job in range(1000)]


def test_a_small_stream_or_one_worker_stays_in_the_process() -> None:
    small = parallel.MIN_CHUNK * 2 - 1  # total=0: the parent reads without waiting for a worker
    assert _streamed(_reader(_die, 0), small, 4) == [(j, os.getpid()) for j in range(small)]
    assert _streamed(_reader(_die, 0), 1000, 1) == [(j, os.getpid()) for j in range(1000)]


def test_a_stream_left_early_stops_its_workers() -> None:
    before = set(threading.enumerate())  # a test runner's own threads (web servers) stay
    stream = parallel.run_stream(_reader(lambda: None), range(100_000), 2)
    assert len(next(stream)) == parallel.BATCH
    stream.close()  # joins the workers: they stop at their next send
    assert set(threading.enumerate()) <= before
    import multiprocessing

    assert multiprocessing.active_children() == []


def _big(jobs: Sequence[int], progress: parallel.Progress | None) -> list[str]:
    return ["x" * 20_000 for _ in jobs]  # a batch fills half a worker's pipe


def test_a_stream_left_early_stops_workers_whose_pipes_are_full() -> None:
    """A worker blocked on a full pipe when the caller stops must see its send fail once the
    caller closes its end: no worker may hold its own pipe (or another's) open for reading,
    or closing the stream waits for ever (an alarm fails the test instead)."""
    import multiprocessing
    import signal

    def hung(*_: object) -> None:
        for child in multiprocessing.active_children():
            child.kill()  # or the failure waits for them too
        raise AssertionError("the workers did not stop")  # not an OSError: join swallows those

    previous = signal.signal(signal.SIGALRM, hung)
    signal.alarm(30)
    try:
        stream = parallel.run_stream(_big, range(20_000), 2)
        assert len(next(stream)) == parallel.BATCH
        select.select([], [], [], 0.5)  # the workers fill their pipes and block
        stream.close()
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


class _Text(str):
    """A str subclass: marshal would read it back as a plain str, so it must be pickled."""


@pytest.mark.parametrize(
    "message, kind",
    [
        ((3, [("papers/a", None, 1.5, b"\x00", True, -(2**70)), ([1, 2], {"k": (None,)})]), b"m"),
        ((0, [("a", frozenset({"b"}))]), b"m"),
        ((1, [("a", _Text("b"))]), b"p"),  # a subclass: pickled, type and all
        ((2, [("a", Path("b"))]), b"p"),  # any other object: pickled
    ],
)
def test_a_worker_s_message_reads_back_as_it_was_sent(message: tuple, kind: bytes) -> None:
    """Plain values go as marshal data, anything else pickled: either way the same values of
    the same types come back (a tuple stays a tuple, a subclass its class)."""
    data = parallel._encode(message)
    assert data[:1] == kind
    back = parallel._decode(data)
    assert back == message
    assert [type(value) for value in back[1][0]] == [type(value) for value in message[1][0]]


def test_a_message_of_another_shape_is_refused() -> None:
    with pytest.raises(ValueError):
        parallel._decode(b"x123")
