"""Spreading a list of independent jobs over forked worker processes, for a cold load.

A cold ``neurokb validate`` spends about as long reading, parsing and validating the entry
files as it does starting Python; the files are independent, so a second core nearly halves that
part. Forked children start with everything the parent has imported and built (no re-import, no
pickled work function) and send their results back pickled: a validated model pickles and
unpickles in about a fifth of the time it takes to read it, which is cheaper than sending plain
data and validating it again in the parent.

The jobs are cut into small batches that the parent and the workers claim one at a time, so a
process on a core that something else is using simply claims fewer (a fixed split made a
contended load slower than a sequential one). A claim is a 4-byte read from a pipe that the
parent filled with batch numbers before forking: Linux reads a pipe under a lock, so each batch
goes to exactly one process, and no lock or shared memory (several milliseconds to set up) is
needed. Workers stream each batch's results back as they finish it, and the parent unpickles
them between its own batches. Results made only of plain values (a first index build's rows)
go as :mod:`marshal` data instead, which writes and reads them in about half pickle's time
(:func:`_encode`).

Forking is only safe in a process that runs no other threads (a thread holding a lock at the
fork leaves the child's copy locked for good), so it is opt-in: :func:`run_split` runs
sequentially unless the caller asks for workers, which only a one-shot command does
(``mkdocs serve`` and the test runner may have threads), and only on Linux.

The results are exactly the sequential ones, in the same order. A worker that fails in any way
(an exception, a crash, a result that does not unpickle) costs time, not results: the parent
reads whatever batches it did not deliver.
"""

from __future__ import annotations

import marshal
import os
import pickle
import sys
import threading
from collections.abc import Callable, Iterator, Sequence
from typing import Any, TypeVar

Job = TypeVar("Job")
Result = TypeVar("Result")
First = TypeVar("First")
Second = TypeVar("Second")
Progress = Callable[[int, int], None]
Reader = Callable[[Sequence[Job], Progress | None], list[Result]]

MIN_CHUNK = 100
"""Jobs each process should get at least: with fewer, a worker costs more (fork, pickling,
unpickling) than it saves, so a load of under twice this many runs sequentially."""

BATCH = 32
"""Jobs per claim (~3 ms of reading): small enough that the processes finish together."""

_TICKET = 4  # bytes of one batch number in the claim pipe
_PIPE_SIZE = 1 << 20  # a worker's results may run ahead of the parent by this many bytes


def cpu_workers() -> int:
    """How many processes this process may run at once (its CPU affinity, not the machine's)."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - not on Linux
        return os.cpu_count() or 1


def can_fork() -> bool:
    """Whether worker processes can be forked here: on Linux only (see the module doc)."""
    return sys.platform.startswith("linux")


def other_threads() -> bool:
    """Whether this process runs threads besides the main one, which makes forking unsafe (a
    one-shot command has none; a test runner or a server may, whatever the caller asked)."""
    return threading.active_count() > 1


def run_split(
    read: Reader[Job, Result],
    jobs: Sequence[Job],
    workers: int = 1,
    progress: Progress | None = None,
) -> list[Result]:
    """``read(jobs, progress)``, with the jobs spread over up to ``workers`` processes.

    ``read`` must give one result per job and depend on nothing but its jobs. Workers never
    call ``progress``; the parent calls it with the jobs done by all processes. Nothing may have
    started a thread before the call (a progress bar starts its own on first use, which is why
    the workers are forked before it is called).
    """
    workers = min(workers, len(jobs) // MIN_CHUNK)
    if workers < 2 or not can_fork() or other_threads():
        return read(jobs, progress)
    size = max(BATCH, -(-len(jobs) // 8192))  # at most 8192 tickets: 32 KiB, inside a pipe
    batches = [(start, min(start + size, len(jobs))) for start in range(0, len(jobs), size)]
    claims, tickets = os.pipe()
    os.write(tickets, b"".join(i.to_bytes(_TICKET, "little") for i in range(len(batches))))
    os.close(tickets)  # once every ticket is read, a claim reads end-of-file
    done = _Results(len(batches), len(jobs), progress)
    pipes = _start(read, jobs, batches, claims, workers - 1)
    try:
        while (index := _claim(claims)) is not None:
            start, stop = batches[index]
            done.add(index, read(jobs[start:stop], None))
            for _, receive in pipes:  # keep the workers' pipes from filling up
                while done.receive(receive):
                    pass
        for process, receive in pipes:
            while done.receive(receive, wait=True):
                pass
            process.join()
    finally:  # also on an error (Ctrl-C): a worker then stops at its next send
        os.close(claims)
        for _, receive in pipes:
            receive.close()
    for index in done.missing():  # a worker failed: read what it did not deliver
        start, stop = batches[index]
        done.add(index, read(jobs[start:stop], None))
    return done.joined()


def run_beside(here: Callable[[], First], there: Callable[[], Second]) -> tuple[First, Second]:
    """``(here(), there())``, with ``there`` run at the same time in a forked process.

    For work that can only start once everything is loaded (``validate``'s cross-entry checks
    at 100k papers): the second core would otherwise sit idle. The conditions are those of
    :func:`run_split` (the caller asks; Linux; no other thread). ``there``'s result comes back
    pickled. If the process cannot be forked or fails in any way, ``there()`` runs here after
    ``here()``: the result is the same, only later.
    """
    if not can_fork() or other_threads():
        return here(), there()
    for stream in (sys.stdout, sys.stderr):  # or the child flushes the parent's pending output
        stream.flush()
    receive, send = os.pipe()
    try:
        pid = os.fork()
    except OSError:  # cannot fork (process limit, memory)
        os.close(receive)
        os.close(send)
        return here(), there()
    if pid == 0:  # the child: run there(), send its result, leave without the parent's cleanup
        code = 1
        try:
            os.close(receive)
            data = pickle.dumps(there(), protocol=pickle.HIGHEST_PROTOCOL)
            with os.fdopen(send, "wb") as out:
                out.write(data)
            code = 0
        finally:
            os._exit(code)
    os.close(send)
    pipe = os.fdopen(receive, "rb")
    try:
        first = here()
        data = pipe.read()
    finally:  # closed first on an error too: a child blocked in writing then stops
        pipe.close()
        _, status = os.waitpid(pid, 0)
    if os.waitstatus_to_exitcode(status) == 0:
        try:
            return first, pickle.loads(data)
        except Exception:  # a message that does not unpickle: computed here instead
            pass
    return first, there()


def run_stream(
    read: Reader[Job, Result],
    jobs: Sequence[Job],
    workers: int = 1,
    batch: int = BATCH,
) -> Iterator[list[Result]]:
    """``read``'s results for successive batches of ``jobs``, in job order, made by ``workers``
    forked processes while the caller consumes them.

    Unlike :func:`run_split` the parent reads nothing itself: it is free to write what it is
    given (a first index build stores one batch while the workers read the next ones), so the
    cores stay busy together. Falls back to reading batch by batch in the caller's process
    where :func:`run_split` would not fork. A worker that fails costs time, not results: the
    batches it did not deliver are read here once every worker has stopped.
    """
    size = max(batch, -(-len(jobs) // 8192))  # at most 8192 tickets, as in run_split
    batches = [(start, min(start + size, len(jobs))) for start in range(0, len(jobs), size)]
    if min(workers, len(jobs) // MIN_CHUNK) < 2 or not can_fork() or other_threads():
        for start, stop in batches:
            yield read(jobs[start:stop], None)
        return
    claims, tickets = os.pipe()
    os.write(tickets, b"".join(i.to_bytes(_TICKET, "little") for i in range(len(batches))))
    os.close(tickets)
    done = _Results(len(batches), len(jobs), None)
    pipes = _start(read, jobs, batches, claims, workers)
    os.close(claims)  # only workers claim: once they have all stopped, nothing is claimed
    try:
        for index, (start, stop) in enumerate(batches):
            while done.batches[index] is None and _wait(done, pipes):
                pass
            results = done.batches[index]
            if results is None:  # every worker has stopped: read what they left
                results = read(jobs[start:stop], None)
            done.batches[index] = None  # handed over: the caller keeps what it needs
            yield results
    finally:  # also when the caller stops early: a worker then stops at its next send
        for process, receive in pipes:
            receive.close()
            process.join()


def _wait(done: _Results, pipes: list[tuple[Any, Any]]) -> bool:
    """Take at least one batch from any worker; False once every worker has stopped."""
    from multiprocessing.connection import wait

    open_pipes = [receive for _, receive in pipes if not receive.closed]
    if not open_pipes:
        return False
    for receive in wait(open_pipes):
        done.receive(receive)  # closes a pipe at its end of file
    return True


def _claim(claims: int) -> int | None:
    ticket = os.read(claims, _TICKET)
    return int.from_bytes(ticket, "little") if ticket else None


def _start(
    read: Reader[Any, Any],
    jobs: Sequence[Any],
    batches: list[tuple[int, int]],
    claims: int,
    count: int,
) -> list[tuple[Any, Any]]:
    """Fork up to ``count`` workers; give each one's process and the parent's end of its pipe."""
    import multiprocessing

    context = multiprocessing.get_context("fork")
    for stream in (sys.stdout, sys.stderr):  # or a child flushes the parent's pending output
        stream.flush()
    pipes = []
    for _ in range(count):
        receive, send = context.Pipe(duplex=False)
        _enlarge(send.fileno())
        readers = [*(other for _, other in pipes), receive]  # the read ends this fork copies
        process = context.Process(target=_work, args=(read, jobs, batches, claims, send, readers))
        process.daemon = True
        try:
            process.start()
        except OSError:  # cannot fork (process limit, memory): the parent reads more itself
            receive.close()
        else:
            pipes.append((process, receive))
        finally:
            send.close()  # the parent's copy: the worker's end-of-file reaches the parent
    return pipes


def _enlarge(pipe: int) -> None:
    try:
        import fcntl

        fcntl.fcntl(pipe, fcntl.F_SETPIPE_SZ, _PIPE_SIZE)
    except (ImportError, AttributeError, OSError):  # a smaller pipe only makes workers wait
        pass


def _work(
    read: Reader[Any, Any],
    jobs: Sequence[Any],
    batches: list[tuple[int, int]],
    claims: int,
    send: Any,
    readers: Sequence[Any] = (),
) -> None:
    """A worker's whole life: claim batches, send each one's results, stop at the first error.

    On an error (or Ctrl-C) the batch is not sent and nothing more is claimed: the parent reads
    the batch again and reports whatever went wrong itself, so the worker stays silent.

    ``readers`` are the copies the fork made of the parent's read ends (its own pipe's, and
    those of the workers forked before it), closed first: a parent that stops reading early
    closes its ends, and a worker's next send must then fail, not wait for ever on a pipe
    that a worker still holds open for reading.
    """
    for reader in readers:
        reader.close()
    try:
        while (index := _claim(claims)) is not None:
            start, stop = batches[index]
            results = read(jobs[start:stop], None)
            send.send_bytes(_encode((index, results)))
    except BaseException:  # the parent reads the batch again (see above)
        pass
    finally:
        send.close()


_MARSHAL, _PICKLE = b"m", b"p"


def _encode(message: Any) -> bytes:
    """``message`` as marshal data if it holds only the types marshal writes exactly (tuples,
    lists, str, bytes, int, None ...: :func:`marshal.dumps` refuses anything else, a subclass
    of those included, so nothing comes back as another type), else pickled; tagged with which.
    """
    try:
        return _MARSHAL + marshal.dumps(message)
    except ValueError:  # a model, a dataclass, an enum: refused at the first one met
        return _PICKLE + pickle.dumps(message, protocol=pickle.HIGHEST_PROTOCOL)


def _decode(data: bytes) -> Any:
    """What :func:`_encode` was given."""
    if data[:1] == _MARSHAL:
        return marshal.loads(memoryview(data)[1:])
    if data[:1] == _PICKLE:
        return pickle.loads(memoryview(data)[1:])
    raise ValueError("not a worker's message")


class _Results:
    """Batch results as they come in, from the parent or a worker, joined in job order."""

    def __init__(self, batches: int, jobs: int, progress: Progress | None) -> None:
        self.batches: list[list[Any] | None] = [None] * batches
        self.jobs, self.progress, self.done, self.reported = jobs, progress, 0, 0

    def add(self, index: int, results: list[Any]) -> None:
        self.batches[index] = results
        self.done += len(results)
        if self.progress and (self.done - self.reported >= 500 or self.done == self.jobs):
            self.reported = self.done
            self.progress(self.done, self.jobs)

    def receive(self, pipe: Any, *, wait: bool = False) -> bool:
        """Take one message from a worker; False when there is none (yet, or ever again)."""
        if pipe.closed:
            return False
        try:
            if not (wait or pipe.poll()):
                return False
            index, results = _decode(pipe.recv_bytes())
        except Exception:  # end of file (the worker is done or died), or a bad message
            pipe.close()
            return False
        self.add(index, results)
        return True

    def missing(self) -> list[int]:
        return [index for index, results in enumerate(self.batches) if results is None]

    def joined(self) -> list[Any]:
        return [result for results in self.batches for result in results or ()]
