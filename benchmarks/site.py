"""Site timings of issue 19: warm build, live reload, first build, 10k build, `make serve`.

Each measure runs the real command (``mkdocs build --strict`` or ``mkdocs serve``) in a scratch
copy, never in the repository, and records wall-clock and CPU seconds (user + system of the
child processes) of every run. Results go to ``benchmarks/results/site.json``, which
``report.py`` renders on the Performance page; rows not measured this time keep their
previous values. On a shared machine the wall times are noisy: each row's note gives the load
average when it was measured, and CPU time is the steadier figure.

    python benchmarks/site.py                        # warm build and live reload (minutes)
    python benchmarks/site.py --only first           # first build of a fresh clone
    python benchmarks/site.py --only 10k --kb10k DIR # full build of a 10,000-paper library
    python benchmarks/site.py --only serve           # `make serve` on a fresh clone, pip included
    python benchmarks/site.py --only 10k --profile   # and where the time of that build goes

A fresh clone is ``git clone`` of the committed HEAD, so commit before measuring it.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import json
import os
import pstats
import re
import resource
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
RESULTS = HERE / "results" / "site.json"
FIGURES = Path(".neurokb-cache") / "figures"
BUILD_CACHE = Path(".neurokb-cache") / "site.sqlite"
QUIET = {"NO_MKDOCS_2_WARNING": "1", "PYTHONUNBUFFERED": "1"}
GOALS = {  # seconds, from issue 19
    "warm": ("warm build of the shipped KB (figures cached)", 10.0),
    "reload": ("live reload after editing one entry (mkdocs serve)", 3.0),
    "first": ("first build of a fresh clone (figures drawn)", 60.0),
    "10k": ("full build at 10,000 papers", 120.0),
    "serve": ("make serve on a fresh clone, pip included, until it serves", 150.0),
}


@dataclass
class Row:
    name: str
    goal_s: float
    runs: list[float] = field(default_factory=list)
    cpu_s: list[float] = field(default_factory=list)
    note: str = ""

    def as_json(self) -> dict[str, object]:
        median = round(statistics.median(self.runs), 2) if self.runs else None
        return {
            "name": self.name,
            "goal_s": self.goal_s,
            "median_s": median,
            "runs": [round(r, 2) for r in self.runs],
            "cpu_s": [round(c, 2) for c in self.cpu_s],
            "note": self.note,
        }


def load_note() -> str:
    one, five, _ = os.getloadavg()
    return f"load {one:.1f}/{five:.1f} on {os.cpu_count()} cores"


def children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def env_for(package_root: Path) -> dict[str, str]:
    """The environment of a build that uses the neurokb package at ``package_root``."""
    return {**os.environ, **QUIET, "PYTHONPATH": str(package_root)}


def timed(command: list[str], cwd: Path, env: dict[str, str]) -> tuple[float, float]:
    """Wall and CPU seconds of ``command``; a failure stops the benchmark with its output."""
    cpu, start = children_cpu(), time.perf_counter()
    done = subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True)
    wall = time.perf_counter() - start
    if done.returncode:
        sys.exit(f"{' '.join(command)} failed in {cwd}:\n{done.stderr[-3000:]}")
    return wall, children_cpu() - cpu


def site_copy(into: Path, entries_from: Path = REPO, figures: bool = True) -> Path:
    """A scratch site: mkdocs.yml (its theme folder pointed at this repository's) and kb/ of
    the repository, entries/ of ``entries_from``, and (with ``figures``) the repository's
    drawn figures."""
    into.mkdir(parents=True, exist_ok=True)
    config = (REPO / "mkdocs.yml").read_text("utf-8")
    config = config.replace("custom_dir: neurokb/", f"custom_dir: {REPO}/neurokb/")
    (into / "mkdocs.yml").write_text(config, "utf-8")
    shutil.copytree(REPO / "kb", into / "kb")
    shutil.copytree(entries_from / "entries", into / "entries")
    if figures and (REPO / FIGURES).is_dir():
        shutil.copytree(REPO / FIGURES, into / FIGURES)
    if figures and (REPO / BUILD_CACHE).is_file():  # only saves the priming build's time
        shutil.copy2(REPO / BUILD_CACHE, into / BUILD_CACHE)
    return into


def build_command(out: Path, strict: bool = True) -> list[str]:
    """``mkdocs build``; synthetic libraries build without ``--strict`` (their made-up text
    may warn), as benchmarks/run.py builds them."""
    return [sys.executable, "-m", "mkdocs", "build", *(["--strict"] if strict else []), "-q",
            "-d", str(out)]  # fmt: skip


def measure_warm(runs: int, scratch: Path) -> Row:
    name, goal = GOALS["warm"]
    row, site = Row(name, goal), site_copy(scratch)
    env = env_for(REPO)
    timed(build_command(scratch / "site"), site, env)  # fills the caches
    for _ in range(runs):
        wall, cpu = timed(build_command(scratch / "site"), site, env)
        row.runs.append(wall)
        row.cpu_s.append(cpu)
    row.note = load_note()
    return row


def edit_entry(path: Path, n: int) -> None:
    """A one-word change to the summary, as a curator fixing a sentence would make."""
    lines = path.read_text("utf-8").splitlines(keepends=True)
    at = next(i for i, line in enumerate(lines) if line.startswith("summary:")) + 1
    text = re.sub(r"^(\s*)(Edited \d+\. )?", rf"\g<1>Edited {n}. ", lines[at], count=1)
    lines[at] = text
    path.write_text("".join(lines), "utf-8")


class LogWatch:
    """The lines of a running command's stderr, with the time each arrived."""

    def __init__(self, process: subprocess.Popen[str]) -> None:
        self.lines: list[tuple[float, str]] = []
        self.cond = threading.Condition()
        threading.Thread(target=self._read, args=(process,), daemon=True).start()

    def _read(self, process: subprocess.Popen[str]) -> None:
        assert process.stderr is not None
        for line in process.stderr:
            with self.cond:
                self.lines.append((time.perf_counter(), line.rstrip()))
                self.cond.notify_all()

    def wait_for(self, text: str, after: float, timeout: float) -> tuple[float, str]:
        end = time.perf_counter() + timeout
        with self.cond:
            while True:
                for at, line in self.lines:
                    if at >= after and text in line:
                        return at, line
                left = end - time.perf_counter()
                if left <= 0:
                    tail = "\n".join(line for _, line in self.lines[-20:])
                    sys.exit(f"no '{text}' within {timeout:.0f} s; last lines:\n{tail}")
                self.cond.wait(left)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@contextlib.contextmanager
def serving(site: Path, env: dict[str, str]) -> Iterator[tuple[subprocess.Popen[str], LogWatch]]:
    command = [sys.executable, "-m", "mkdocs", "serve", "--dev-addr", f"127.0.0.1:{free_port()}"]
    process = subprocess.Popen(
        command, cwd=site, env=env, stderr=subprocess.PIPE, stdout=subprocess.DEVNULL, text=True
    )
    try:
        yield process, LogWatch(process)
    finally:
        process.terminate()
        process.wait(timeout=30)


def measure_reload(runs: int, scratch: Path) -> Row:
    """From saving an entry to the end of the rebuild that ``mkdocs serve`` runs for it.

    The wall time includes the file watcher's delay; CPU is the server process's during the
    rebuild (read from /proc, Linux only).
    """
    name, goal = GOALS["reload"]
    row, site = Row(name, goal), site_copy(scratch)
    env = env_for(REPO)
    timed(build_command(scratch / "primed"), site, env)  # fills the caches, as a session would
    entry = sorted((site / "entries" / "papers").glob("*.yaml"))[0]
    with serving(site, env) as (process, log):
        log.wait_for("Serving on", 0.0, 600)
        for n in range(1, runs + 1):
            time.sleep(1.0)  # let the watcher settle after the previous build
            cpu = process_cpu(process.pid)
            start = time.perf_counter()
            edit_entry(entry, n)
            done, _ = log.wait_for("Documentation built in", start, 300)
            row.runs.append(done - start)
            row.cpu_s.append(process_cpu(process.pid) - cpu)
    row.note = load_note()
    return row


def process_cpu(pid: int) -> float:
    """User + system seconds of a running process (Linux /proc), 0 elsewhere."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def fresh_clone(into: Path) -> Path:
    subprocess.run(["git", "clone", "--quiet", str(REPO), str(into)], check=True)
    return into


def measure_first(runs: int, scratch: Path) -> Row:
    """``mkdocs build --strict`` in a fresh clone: no figure or build cache yet."""
    name, goal = GOALS["first"]
    row = Row(name, goal)
    for n in range(runs):
        clone = fresh_clone(scratch / f"clone{n}")
        wall, cpu = timed(build_command(clone / "site"), clone, env_for(clone))
        row.runs.append(wall)
        row.cpu_s.append(cpu)
    row.note = load_note()
    return row


def measure_10k(runs: int, scratch: Path, kb10k: Path, profile: bool) -> Row:
    """A full build (empty build cache, figures cached) of a copy of the 10,000-paper KB."""
    name, goal = GOALS["10k"]
    row = Row(name, goal)
    env = env_for(REPO)
    if not (kb10k / "entries").is_dir():
        sys.exit(f"{kb10k}: no entries/ folder (python -m neurokb.synthetic.generate makes one)")
    for n in range(runs):
        site = site_copy(scratch / f"kb{n}", entries_from=kb10k)
        wall, cpu = timed(build_command(scratch / f"site{n}", strict=False), site, env)
        row.runs.append(wall)
        row.cpu_s.append(cpu)
    row.note = load_note()
    if profile:
        site = scratch / "kb0"
        (site / ".neurokb-cache" / "site.sqlite").unlink(missing_ok=True)
        print(profile_build(site, scratch / "profiled"))
    return row


def profile_build(site: Path, out: Path) -> str:
    """Where the time of one build goes: the top functions by cumulative time."""
    stats_file = out.with_suffix(".prof")
    command = [sys.executable, "-m", "cProfile", "-o", str(stats_file), "-m", "mkdocs"]
    timed(command + build_command(out, strict=False)[3:], site, env_for(REPO))
    text = io.StringIO()
    pstats.Stats(str(stats_file), stream=text).sort_stats("cumulative").print_stats(60)
    return text.getvalue()


def measure_serve(scratch: Path) -> Row:
    """``make serve`` in a fresh clone with no virtual environment, until it serves."""
    name, goal = GOALS["serve"]
    row = Row(name, goal)
    clone = fresh_clone(scratch / "serve")
    env = {**os.environ, **QUIET, "PORT": str(free_port())}
    env.pop("PYTHONPATH", None)
    env.pop("VIRTUAL_ENV", None)
    cpu, start = children_cpu(), time.perf_counter()
    process = subprocess.Popen(
        ["make", "serve"], cwd=clone, env=env, stderr=subprocess.PIPE, stdout=subprocess.DEVNULL,
        text=True,
    )  # fmt: skip
    try:
        at, _ = LogWatch(process).wait_for("Serving on", 0.0, 1200)
    finally:
        process.terminate()
        process.wait(timeout=30)
    row.runs.append(at - start)
    row.cpu_s.append(children_cpu() - cpu)
    row.note = load_note()
    return row


def measured_commit() -> str:
    """The commit of this checkout (whose package the builds use), and whether its package
    differs from it: rows measured by separate runs can each say what they measured."""

    def git(*args: str) -> str:
        command = ["git", "-C", str(REPO), *args]
        return subprocess.run(command, capture_output=True, text=True, check=False).stdout.strip()

    commit = git("rev-parse", "--short", "HEAD")
    if not commit:
        return "unknown"
    changed = git("status", "--porcelain", "--", "neurokb", "pyproject.toml", "mkdocs.yml")
    return commit + (" with uncommitted changes" if changed else "")


def save(rows: list[Row], command: str) -> None:
    """Merge ``rows`` into site.json (by name), keeping rows measured before. Each new row
    records when, at which commit and by which command it was measured: the rows of one page
    often come from several runs."""
    old: list[dict[str, object]] = []
    if RESULTS.exists():
        data = json.loads(RESULTS.read_text("utf-8"))
        old = data["rows"] if isinstance(data, dict) else data
    stamp = {
        "measured": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
        "commit": measured_commit(),
        "command": command,
    }
    new = {row.name: {**row.as_json(), **stamp} for row in rows}
    order = [goal[0] for goal in GOALS.values()]
    merged = {str(r["name"]): r for r in old} | new
    ordered = sorted(
        merged.values(), key=lambda r: order.index(r["name"]) if r["name"] in order else 99
    )
    machine = {
        "cpus": os.cpu_count(),
        "python": sys.version.split()[0],
        "date": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
        "command": command,
        "nice": os.nice(0),
    }
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps({"machine": machine, "rows": ordered}, indent=2) + "\n", "utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--only", default="warm,reload", help=f"any of {','.join(GOALS)}")
    parser.add_argument("--kb10k", type=Path, default=Path("/work/scale/kb10k"))
    parser.add_argument("--profile", action="store_true", help="profile the 10k build too")
    args = parser.parse_args(argv)
    chosen = args.only.split(",")
    unknown = set(chosen) - set(GOALS)
    if unknown:
        parser.error(f"unknown measure(s) {', '.join(sorted(unknown))}; use {', '.join(GOALS)}")
    measures: dict[str, Callable[[Path], Row]] = {
        "warm": lambda d: measure_warm(args.runs, d),
        "reload": lambda d: measure_reload(args.runs, d),
        "first": lambda d: measure_first(min(args.runs, 1), d),
        "10k": lambda d: measure_10k(args.runs, d, args.kb10k, args.profile),
        "serve": measure_serve,
    }
    rows = []
    for name in chosen:
        with tempfile.TemporaryDirectory(prefix=f"neurokb-site-{name}-") as folder:
            row = measures[name](Path(folder))
        rows.append(row)
        print(json.dumps(row.as_json()), flush=True)
    save(rows, "python benchmarks/site.py " + " ".join(argv or sys.argv[1:]))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
