"""Timing commands as a user sees them: wall and CPU time of a whole process, and its peak memory.

Each measurement starts a fresh process (interpreter start-up included, as the goals say) and
records its wall time, its CPU time (user + system, its child processes included: a command
that forks workers pays for them) and its peak resident memory. Commands that are compared
with each other (neurokb and its floor, neurokb and papis) are run interleaved, run 1 of each
then run 2 of each, so that a change in the machine's load hits both sides alike.
"""

from __future__ import annotations

import contextlib
import os
import statistics
import subprocess
import tempfile
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

_TIME = "/usr/bin/time"


@dataclass
class Sample:
    """Repeated runs of one command: wall and CPU seconds per run, the largest peak (MiB).

    ``checks_failed`` counts runs whose output failed the row's check (a search that did not
    find what it must find): such a run is timed but the row cannot count as met.
    """

    seconds: list[float] = field(default_factory=list)
    cpu: list[float] = field(default_factory=list)
    peak_mib: float = 0.0
    failures: int = 0
    checks_failed: int = 0

    @property
    def median(self) -> float:
        return statistics.median(self.seconds) if self.seconds else float("nan")

    def as_dict(self) -> dict[str, object]:
        """The saved form: medians, the spread (min and max) and every run."""
        seconds = self.seconds or [float("nan")]
        return {
            "median_s": round(self.median, 4),
            "min_s": round(min(seconds), 4),
            "max_s": round(max(seconds), 4),
            "median_cpu_s": round(statistics.median(self.cpu), 4) if self.cpu else None,
            "runs_s": [round(s, 4) for s in self.seconds],
            "cpu_s": [round(s, 4) for s in self.cpu],
            "peak_mib": round(self.peak_mib, 1),
            "failures": self.failures,
            "checks_failed": self.checks_failed,
        }


@dataclass
class Run:
    """One timed process: wall and CPU seconds, peak RSS (MiB), exit status and its stdout."""

    seconds: float
    cpu: float
    peak_mib: float
    code: int
    stdout: bytes = b""


def run_once(
    command: Sequence[str],
    env: dict[str, str] | None = None,
    timeout: float | None = None,
    capture: bool = False,
) -> Run:
    """Run ``command`` once; its output is discarded unless ``capture`` (then kept in a file).

    A run still going after ``timeout`` seconds is killed and reported with status -9.

    The peak comes from ``/usr/bin/time`` when it exists: ``wait4`` on a child forked from
    this (large) Python process also counts the pages the child shared with it before exec.
    CPU time comes from ``wait4``: the resources of ``/usr/bin/time`` include those of the
    command and of every process the command waited for (a validate's forked workers).
    """
    with (
        tempfile.NamedTemporaryFile("r", suffix=".rss") as rss,
        tempfile.TemporaryFile() as out,
    ):
        timer = [_TIME, "-f", "%M", "-o", rss.name] if Path(_TIME).exists() else []
        stdout = out if capture else subprocess.DEVNULL
        started = time.perf_counter()
        process = subprocess.Popen(
            [*timer, *command], env=env, stdout=stdout, stderr=subprocess.DEVNULL
        )
        # The child must be reaped by wait4 (its resource usage), not by Popen.wait, so a
        # timeout is a timer that kills it while wait4 blocks.
        timer_thread = threading.Timer(timeout, _kill_tree, [process]) if timeout else None
        if timer_thread:
            timer_thread.start()
        try:
            _, status, usage = os.wait4(process.pid, 0)
        finally:
            if timer_thread:
                timer_thread.cancel()
        elapsed = time.perf_counter() - started
        process.returncode = os.waitstatus_to_exitcode(status)
        peak_kib = usage.ru_maxrss
        if timer:
            lines = [line for line in rss.read().splitlines() if line.strip().isdigit()]
            peak_kib = int(lines[-1]) if lines else peak_kib
        out.seek(0)
        captured = out.read() if capture else b""
    cpu = usage.ru_utime + usage.ru_stime
    return Run(elapsed, cpu, peak_kib / 1024, process.returncode, captured)


def _kill_tree(process: subprocess.Popen) -> None:
    """Kill the timed command (a child of /usr/bin/time) and the timer itself."""
    import signal

    try:
        children = Path(f"/proc/{process.pid}/task/{process.pid}/children").read_text().split()
    except OSError:
        children = []
    for pid in children:
        with contextlib.suppress(ProcessLookupError):
            os.kill(int(pid), signal.SIGKILL)
    with contextlib.suppress(ProcessLookupError):
        process.kill()


def _ok_status(code: int) -> bool:
    """Exit status 1 counts as success: ``search`` exits 1 when nothing matches."""
    return code in (0, 1)


@dataclass
class Spec:
    """One command to time: ``before(i)`` runs untimed before run ``i``; ``check(stdout)`` must
    hold for a run to count as correct (its output is then captured)."""

    command: Sequence[str]
    env: dict[str, str] | None = None
    before: Callable[[int], None] | None = None
    ok: Callable[[int], bool] = _ok_status
    check: Callable[[bytes], bool] | None = None
    timeout: float | None = 30 * 60  # a run still going then is killed and counts as failed


def measure_many(specs: dict[str, Spec], repeat: int) -> dict[str, Sample]:
    """Time every spec ``repeat`` times, interleaved (run i of each before run i + 1 of any)."""
    samples = {name: Sample() for name in specs}
    for index in range(repeat):
        for name, spec in specs.items():
            if spec.before:
                spec.before(index)
            run = run_once(spec.command, spec.env, spec.timeout, capture=spec.check is not None)
            sample = samples[name]
            if not spec.ok(run.code):
                sample.failures += 1
                continue
            if spec.check is not None and not spec.check(run.stdout):
                sample.checks_failed += 1
            sample.seconds.append(run.seconds)
            sample.cpu.append(run.cpu)
            sample.peak_mib = max(sample.peak_mib, run.peak_mib)
    return samples


def measure(command: Sequence[str], repeat: int, **options: object) -> Sample:
    """Time one command ``repeat`` times (the options are those of :class:`Spec`)."""
    return measure_many({"_": Spec(command, **options)}, repeat)["_"]  # type: ignore[arg-type]
