"""Where a first query's CPU time goes: per phase, in the parent and in its workers.

Runs ``neurokb search QUERY --json`` on a copy of a library whose index is deleted first (so
the query builds it), with the functions of each phase wrapped to charge their CPU time
(``time.process_time``) to that phase, less what wrapped calls inside them took (self time).
SQL statements are charged by their first words. Each process (the parent, each forked
worker) writes its own totals; the report adds the workers up.

    python benchmarks/cold_account.py --library /work/scratch/me/kb100k
    python benchmarks/cold_account.py --library DIR --query hebbian --out DIR

The wrappers cost about a microsecond a call (two clock reads and a frame; a dozen calls a
file), so the totals run about a tenth above an unwrapped build's: compare phases, and time
the whole with ``run.py``. The library folder gets an index written into it: give a copy.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
_clock = time.process_time
_charged: dict[str, float] = {}
_open: list[float] = []  # per active wrapped call: the CPU its wrapped callees took


def _charge(name: str, started: float) -> None:
    spent = _clock() - started
    inner = _open.pop()
    _charged[name] = _charged.get(name, 0.0) + spent - inner
    if _open:
        _open[-1] += spent


def _wrap(owner: Any, attr: str, name: str) -> None:
    func = getattr(owner, attr)

    def wrapped(*args: Any, **kwargs: Any) -> Any:
        _open.append(0.0)
        started = _clock()
        try:
            return func(*args, **kwargs)
        finally:
            _charge(name, started)

    setattr(owner, attr, wrapped)


def _wrap_generator(owner: Any, attr: str, name: str) -> None:
    func = getattr(owner, attr)

    def wrapped(*args: Any, **kwargs: Any) -> Iterator[Any]:
        items = func(*args, **kwargs)
        while True:
            _open.append(0.0)
            started = _clock()
            try:
                item = next(items)
            except StopIteration:
                return
            finally:
                _charge(name, started)
            yield item

    setattr(owner, attr, wrapped)


class _Connection(sqlite3.Connection):
    """Charges each statement to ``sql: <its first words>``."""

    def _timed(self, run: Callable[..., Any], sql: str, *args: Any) -> Any:
        _open.append(0.0)
        started = _clock()
        try:
            return run(sql, *args)
        finally:
            _charge("sql: " + " ".join(sql.split()[:4])[:50], started)

    def execute(self, sql: str, *args: Any) -> Any:  # type: ignore[override]
        return self._timed(super().execute, sql, *args)

    def executemany(self, sql: str, *args: Any) -> Any:  # type: ignore[override]
        return self._timed(super().executemany, sql, *args)


def _instrument(out: Path) -> None:
    """Wrap the phases (imports here are the build's own), then run the command line."""
    import pickle

    import neurokb.cli.app
    from neurokb.cache import build, rows, sync, textindex
    from neurokb.core.models import Paper
    from neurokb.load import files, loader, parallel

    connect = sqlite3.connect
    sqlite3.connect = lambda *a, **k: connect(*a, **{"factory": _Connection, **k})
    for owner, attr, name in [
        (files, "read_entry_bytes", "worker: read the file"),
        (loader, "decode", "worker: decode"),
        (loader, "parse", "worker: parse the YAML"),
        (Paper, "model_validate", "worker: validate (Pydantic)"),
        (loader, "paper_if_unchanged", "worker: validate (without Pydantic)"),
        (sync, "digest", "worker: digest"),
        (rows, "pack", "worker: compress (Zstandard)"),
        (rows, "dump_entry", "worker: model_dump_json"),
        (rows, "dump_problems", "worker: dump problems"),
        (textindex, "paper_rows", "worker: query rows (paper_rows)"),
        (sync, "read_file", "worker: read_file, rest"),
        (loader, "read_entry_at", "worker: read_entry_at, rest"),
        (build, "_make_all", "worker: batch loop, rest"),
        (parallel, "_encode", "worker: encode results"),
        (pickle, "dumps", "worker: pickle"),
        (sync, "scan", "parent: scan"),
        (build, "_write", "parent: _write (Python)"),
        (textindex, "insert_rows", "parent: insert_rows (Python)"),
        (textindex, "resolve_authors", "parent: resolve_authors (Python)"),
        (sync, "save_meta", "parent: save_meta (Python)"),
        (build, "_flush", "parent: flush (Python)"),
        (build, "build", "parent: build, rest (Python)"),
        (sync, "_build", "parent: clear tables, rest"),
        (parallel, "_decode", "parent: decode results"),
    ]:
        if hasattr(owner, attr):
            _wrap(owner, attr, name)
    _wrap_generator(parallel, "run_stream", "parent: stream, rest (fork, wait)")
    parent = os.getpid()
    work = parallel._work

    def worker(*args: Any) -> None:
        _charged.clear()
        _open.clear()
        start = _clock()  # what the worker inherited is the parent's
        try:
            work(*args)
        finally:
            _charged["total"] = _clock() - start
            (out / f"worker-{os.getpid()}.json").write_text(json.dumps(_charged))

    parallel._work = worker
    try:
        neurokb.cli.app.main()
    finally:
        if os.getpid() == parent:
            _charged["total"] = _clock()
            (out / "parent.json").write_text(json.dumps(_charged))


def report(out: Path) -> str:
    lines = []
    for kind in ("parent", "worker"):
        totals: dict[str, float] = {}
        found = sorted(out.glob(f"{kind}*.json"))
        for path in found:
            for name, value in json.loads(path.read_text()).items():
                totals[name] = totals.get(name, 0.0) + value
        total = totals.pop("total", 0.0)
        lines.append(f"{kind} ({len(found)} process{'es' * (len(found) != 1)}): {total:.2f} s CPU")
        for name, value in sorted(totals.items(), key=lambda item: -item[1]):
            if value >= 0.005:
                lines.append(f"  {value:7.2f} s  {100 * value / total:5.1f} %  {name}")
        rest = total - sum(totals.values())
        lines.append(f"  {rest:7.2f} s  {100 * rest / total:5.1f} %  (the rest: start-up, query)")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--library", type=Path, required=True, help="a copy (it is written)")
    parser.add_argument("--query", default="hebbian")
    parser.add_argument("--out", type=Path, help="where each process writes its totals")
    options = parser.parse_args()
    out = options.out or Path(tempfile.mkdtemp(prefix="cold-account-"))
    out.mkdir(parents=True, exist_ok=True)
    for old in out.glob("*.json"):
        old.unlink()
    shutil.rmtree(options.library / ".neurokb-cache", ignore_errors=True)
    env = {**os.environ, "COLD_ACCOUNT_OUT": str(out)}
    command = [sys.executable, __file__, "--run", "search", options.query, "--json"]
    subprocess.run(command, cwd=options.library, env=env, check=True, stdout=subprocess.DEVNULL)
    print(report(out))


if __name__ == "__main__":
    if sys.argv[1:2] == ["--run"]:
        del sys.argv[1]
        _instrument(Path(os.environ["COLD_ACCOUNT_OUT"]))
    else:
        main()
