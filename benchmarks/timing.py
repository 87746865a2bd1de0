"""Timing commands as a user sees them: wall time of a whole process, and its peak memory.

Each measurement starts a fresh process (interpreter start-up included, as the targets say)
and records its wall time and peak resident memory.
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


@dataclass
class Sample:
    """Repeated runs of one command: wall times (s) and the largest peak memory (MiB)."""

    seconds: list[float] = field(default_factory=list)
    peak_mib: float = 0.0
    failures: int = 0

    @property
    def median(self) -> float:
        return statistics.median(self.seconds) if self.seconds else float("nan")

    def as_dict(self) -> dict[str, object]:
        return {
            "median_s": round(self.median, 4),
            "runs_s": [round(s, 4) for s in self.seconds],
            "peak_mib": round(self.peak_mib, 1),
            "failures": self.failures,
        }


def run_once(
    command: Sequence[str], env: dict[str, str] | None = None, timeout: float | None = None
) -> tuple[float, float, int]:
    """(wall seconds, peak RSS in MiB, exit status) of one run; output is discarded.

    A run still going after ``timeout`` seconds is killed and reported with status -9.

    The peak comes from ``/usr/bin/time`` when it exists: ``wait4`` on a child forked from
    this (large) Python process also counts the pages the child shared with it before exec.
    """
    with tempfile.NamedTemporaryFile("r", suffix=".rss") as rss:
        timer = ["/usr/bin/time", "-f", "%M", "-o", rss.name] if Path(_TIME).exists() else []
        started = time.perf_counter()
        process = subprocess.Popen(
            [*timer, *command], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
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
    return elapsed, peak_kib / 1024, process.returncode


_TIME = "/usr/bin/time"


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


def measure(
    command: Sequence[str],
    repeat: int,
    *,
    env: dict[str, str] | None = None,
    before: Callable[[int], None] | None = None,
    ok: Callable[[int], bool] = lambda code: code in (0, 1),
    timeout: float | None = None,
) -> Sample:
    """Run ``command`` ``repeat`` times (``before(i)`` first, untimed) and collect the sample.

    Exit status 1 counts as success by default: ``search`` exits 1 when nothing matches.
    """
    sample = Sample()
    for index in range(repeat):
        if before:
            before(index)
        seconds, peak, code = run_once(command, env, timeout)
        if not ok(code):
            sample.failures += 1
            continue
        sample.seconds.append(seconds)
        sample.peak_mib = max(sample.peak_mib, peak)
    return sample
