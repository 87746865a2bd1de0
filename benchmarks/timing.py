"""Timing commands as a user sees them: wall time of a whole process, and its peak memory.

Each measurement starts a fresh process (interpreter start-up included, as the targets say)
and waits for it with ``os.wait4``, whose resource usage is that child's alone, so the peak
resident memory of every command is known without ``/usr/bin/time``.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field


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


def run_once(command: Sequence[str], env: dict[str, str] | None = None) -> tuple[float, float, int]:
    """(wall seconds, peak RSS in MiB, exit status) of one run; output is discarded."""
    started = time.perf_counter()
    process = subprocess.Popen(
        list(command), env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    _, status, usage = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - started
    process.returncode = os.waitstatus_to_exitcode(status)
    return elapsed, usage.ru_maxrss / 1024, process.returncode


def measure(
    command: Sequence[str],
    repeat: int,
    *,
    env: dict[str, str] | None = None,
    before: Callable[[int], None] | None = None,
    ok: Callable[[int], bool] = lambda code: code in (0, 1),
) -> Sample:
    """Run ``command`` ``repeat`` times (``before(i)`` first, untimed) and collect the sample.

    Exit status 1 counts as success by default: ``search`` exits 1 when nothing matches.
    """
    sample = Sample()
    for index in range(repeat):
        if before:
            before(index)
        seconds, peak, code = run_once(command, env)
        if not ok(code):
            sample.failures += 1
            continue
        sample.seconds.append(seconds)
        sample.peak_mib = max(sample.peak_mib, peak)
    return sample
