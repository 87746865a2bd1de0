"""Scale benchmarks: neurokb on generated libraries, side by side with papis and the libyaml floor.

    python benchmarks/run.py                          # 1,000, 10,000 and 100,000 papers (long)
    python benchmarks/run.py --sizes 1000             # a quick check of the harness
    python benchmarks/run.py --sizes 100000 --library 100000=/path/to/kb100k   # one size
    python benchmarks/run.py --sizes 100000 --library 100000=/path/to/kb100k --quick

Every row of the scale issue's table is measured in one run, for each size: whole processes,
as a user runs them (interpreter start-up included), each row's median, spread (min and max),
CPU time (user + system, children included) and peak memory over ``--repeat`` runs
(``--repeat-slow`` for the rows that read every entry). Rows compared with each other run
interleaved (run 1 of each, then run 2 of each). The rows, in the order they run:

- cold load: the libyaml floor with one process and with as many processes as ``validate``
  uses, and ``neurokb validate`` (it always reads the files);
- first query (it builds the index), against papis's cold cache build (both backends);
- warm ``show`` (terminal, ``--json``), ``search`` (broad, selective ``author:``, zero hits),
  ``cite``, ``list --topic``, ``related``, ``--help`` and papis's warm ``author:`` query,
  with the KB's watcher running as it does after a user's first query (it starts itself);
- the index's size on disk against the YAML it indexes;
- ``search`` for a new title right after an in-place edit (same size, mtime restored);
- ``stats`` (terminal and ``--json``), ``path``, ``reading-list`` and ``graph export``.

The site rows (warm build, live reload, 10k build, first ``make serve``) are measured by
``benchmarks/site.py`` into ``results/site.json``; the report shows them when that file exists.
Results go to ``results/results.json``; with ``--page`` also to ``kb/performance.md``.
"""

from __future__ import annotations

import argparse
import collections
import json
import os
import platform
import shutil
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(HERE))

import peer  # noqa: E402
import report  # noqa: E402
from timing import Sample, Spec, measure_many, run_once  # noqa: E402

_SCRIPT = Path(sys.executable).parent / "neurokb"
# The installed command, as a user runs it (``python -m neurokb`` when it is not installed).
NEUROKB = [str(_SCRIPT)] if _SCRIPT.exists() else [sys.executable, "-m", "neurokb"]
BROAD = "hebbian"  # a word of the generator's vocabulary: about half the papers match
ZERO = "hebbain"  # a misspelling no paper contains: the "did you mean" path
EDIT_TOKEN = "qzedit"  # start of the word an in-place edit puts in a title


def prepare(size: int, work: Path, source: Path | None) -> Path:
    """The library of ``size`` papers in ``work``: a copy of ``source``, or generated there.

    A shared library is copied, never used in place: the benchmark writes an index into the
    library and edits one of its files (restored afterwards).
    """
    root = work / f"kb{size}"
    marker = root / ".bench-source"
    wanted = f"copy of {source.resolve()}\n" if source else f"generated {size} seed 0\n"
    if marker.exists() and marker.read_text() == wanted:
        return root
    shutil.rmtree(root, ignore_errors=True)
    if source:
        print(f"copying {source} ...", file=sys.stderr)
        papers = len(os.listdir(source / "entries" / "papers"))
        if papers != size:
            raise SystemExit(f"{source}: {papers} papers, not {size}")
        _copy(source, root)
    else:
        print(f"generating {size} papers ...", file=sys.stderr)
        command = [sys.executable, "-m", "neurokb.synthetic.generate", "--papers", str(size)]
        topics = ["--topics", str(REPO / "entries" / "topics")]
        subprocess.run([*command, *topics, "--out", str(root)], check=True)
    marker.write_text(wanted)
    return root


def _copy(source: Path, root: Path) -> None:
    """Copy a library without its index; ``cp -a`` when there is one (at 100k papers it is
    several times faster than copying file by file from Python)."""
    if shutil.which("cp") and sys.platform.startswith("linux"):
        subprocess.run(["cp", "-a", "--reflink=auto", str(source), str(root)], check=True)
        shutil.rmtree(root / ".neurokb-cache", ignore_errors=True)
    else:
        shutil.copytree(source, root, symlinks=True, ignore=shutil.ignore_patterns(".neurokb-*"))


def pick(root: Path) -> dict[str, str]:
    """What the rows query: a paper to show, a second paper (``path``), a paper whose title an
    edit rewrites, the most frequent first author and the most frequent topic (of a sample)."""
    names = sorted(os.listdir(root / "entries" / "papers"))
    families: collections.Counter[str] = collections.Counter()
    topics: collections.Counter[str] = collections.Counter()
    for name in names[:: max(1, len(names) // 2000)]:
        text = (root / "entries" / "papers" / name).read_text(encoding="utf-8")
        families[text.split("authors:\n  - ", 1)[1].split(",", 1)[0].strip('"')] += 1
        block = text.split("topics:\n", 1)[1].split("\n")
        topics.update(line[4:] for line in _block_items(block))
    edit = next(n for n in names[len(names) // 3 :] if _editable(root / "entries" / "papers" / n))
    return {
        "key": names[len(names) // 2][:-5],
        "other": names[len(names) // 4][:-5],
        "edit": edit[:-5],
        "author": families.most_common(1)[0][0],
        "topic": topics.most_common(1)[0][0],
    }


def _block_items(lines: list[str]) -> list[str]:
    """The ``  - item`` lines at the start of a YAML block list."""
    out = []
    for line in lines:
        if not line.startswith("  - "):
            break
        out.append(line)
    return out


def _title_line(data: bytes) -> tuple[int, int]:
    """Start and end offsets of the JSON string after ``title: `` in an entry's bytes."""
    start = data.index(b"\ntitle: ") + len(b"\ntitle: ")
    return start, data.index(b"\n", start)


def _editable(path: Path) -> bool:
    """Whether the title can be rewritten in place at the same size (plain ASCII, long)."""
    data = path.read_bytes()
    start, end = _title_line(data)
    raw = data[start:end]
    return raw.isascii() and raw.startswith(b'"') and len(raw) > 40 and b"\\" not in raw


def _token(index: int) -> str:
    """A word no generated paper contains, different for every run (letters only)."""
    letters = ""
    index += 26  # at least two letters
    while index:
        index, rest = divmod(index, 26)
        letters = "abcdefghijklmnopqrstuvwxyz"[rest] + letters
    return EDIT_TOKEN + letters


def edit_in_place(path: Path, index: int) -> str:
    """Rewrite the title of ``path`` in place to start with a new word; the file keeps its
    size, inode and mtime (restored to the nanosecond). Returns the word.

    This is the edit a stat-based freshness check cannot see (only the change time and the
    bytes differ), made on purpose: the search that follows must still find the new title.
    """
    stat = path.stat()
    data = path.read_bytes()
    start, end = _title_line(data)
    title = json.loads(data[start:end])
    word = _token(index)
    new = json.dumps(word + " " + title[len(word) + 1 :]).encode()
    if len(new) != end - start:
        raise SystemExit(f"{path}: the edited title would change the file's size")
    with open(path, "r+b") as handle:
        handle.seek(start)
        handle.write(new)
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    return word


def _json_total(out: bytes) -> int | None:
    try:
        return int(json.loads(out)["total"])
    except (ValueError, KeyError, TypeError):
        return None


def _lists_some(out: bytes) -> bool:
    """A check that papis listed at least one document (its query syntax was understood)."""
    return bool(out.strip())


def _finds(key: str):
    """A check that a ``search --json`` output lists ``key``."""

    def check(out: bytes) -> bool:
        try:
            return any(hit.get("key") == key for hit in json.loads(out)["results"])
        except (ValueError, KeyError, TypeError, AttributeError):
            return False

    return check


def validate_processes() -> int:
    """How many processes ``neurokb validate`` uses here (one per usable CPU, see
    ``neurokb.load.parallel``): the parallel floor gets the same number."""
    try:
        from neurokb.load.parallel import cpu_workers
    except ImportError:
        return len(os.sched_getaffinity(0))
    return cpu_workers()


def bench_size(size: int, root: Path, work: Path, options: argparse.Namespace) -> dict:
    picks = pick(root)
    key, author, topic = picks["key"], picks["author"], picks["topic"]
    kb = [*NEUROKB, "--kb", str(root)]
    only = options.only
    results: dict[str, Sample] = {}
    extra: dict[str, object] = {}
    load_before = os.getloadavg()

    def timed(specs: dict[str, Spec], times: int, warm_up: bool = False) -> None:
        specs = {name: spec for name, spec in specs.items() if not only or name in only}
        if not specs:
            return
        print(f"  {size:>7,} {', '.join(specs)} ...", file=sys.stderr, flush=True)
        if warm_up:  # one untimed run each: the page cache and compiled modules are warm
            for spec in specs.values():
                run_once(spec.command, spec.env)
        samples = measure_many(specs, times)
        for name, sample in samples.items():
            cpu = f", CPU {sample.as_dict()['median_cpu_s']} s" if sample.cpu else ""
            bad = f", {sample.checks_failed} failed checks" if sample.checks_failed else ""
            print(f"  {size:>7,} {name}: {sample.median:.3f} s{cpu}{bad}", file=sys.stderr)
        results.update(samples)

    # Cold load: validate against the floor with one process and with validate's processes.
    processes = validate_processes()
    floor = [sys.executable, str(HERE / "floor.py"), str(root)]
    timed(
        {
            "floor": Spec(floor),
            "floor_parallel": Spec([*floor, "--processes", str(processes)]),
            "validate": Spec([*kb, "validate"]),
        },
        options.repeat_slow,
        warm_up=True,
    )

    # First query: builds the index (deleted before each run), against papis's cold cache.
    cache = root / ".neurokb-cache"
    first = Spec([*kb, "search", BROAD, "--json"], before=lambda _: _remove_index(cache))
    cold = {"build": first}
    papis_envs = {}
    if options.papis is not None:
        for backend in options.backends:
            scratch = work / f"papis{size}-{backend}"
            env = peer.environment(root / "papis", scratch, backend)
            papis_envs[backend] = env
            name = "papis_cold" if backend == "papis" else f"papis_{backend}_cold"
            cold[name] = Spec(
                peer.list_command(options.papis, author),
                env=env,
                before=lambda _, s=scratch: peer.clear_cache(s),
                check=_lists_some,
            )
    timed(cold, options.repeat_slow)
    if not (cache.exists() and any(cache.iterdir())):
        run_once([*kb, "search", BROAD, "--json"])  # `--only` skipped the build: make one

    # Warm queries, each after one untimed run, interleaved with papis's warm query. They run
    # as a user's queries after the first do: with the KB's watcher answering what changed.
    extra["watcher"] = _with_watcher(kb, root)

    def search(query: str, check=None) -> Spec:
        return Spec([*kb, "search", query, "--json"], check=check)

    warm = {
        "show_view": Spec([*kb, "show", key]),
        "show": Spec([*kb, "show", key, "--json"]),
        "search_broad": search(BROAD, lambda out: (_json_total(out) or 0) > 0),
        "search_author": search(f"author:{author}", lambda out: (_json_total(out) or 0) > 0),
        "search_zero": search(ZERO, lambda out: _json_total(out) == 0),
        "cite": Spec([*kb, "cite", key]),
        "list_topic": Spec([*kb, "list", "--topic", topic]),
        "related": Spec([*kb, "related", key]),
        "help": Spec([*NEUROKB, "--help"]),
    }
    for backend, env in papis_envs.items():
        name = "papis_warm" if backend == "papis" else f"papis_{backend}_warm"
        warm[name] = Spec(peer.list_command(options.papis, author), env=env, check=_lists_some)
    timed(warm, options.repeat, warm_up=True)
    for name, query in (("search_broad", BROAD), ("search_author", f"author:{author}")):
        if name in results:
            extra[f"{name}_hits"] = _json_total(
                run_once([*kb, "search", query, "--json"], capture=True).stdout
            )
    for backend, env in papis_envs.items():  # papis finds the same papers as neurokb
        if ("papis_warm" if backend == "papis" else f"papis_{backend}_warm") in results:
            out = run_once(peer.list_command(options.papis, author), env, capture=True).stdout
            extra[f"papis_{backend}_hits"] = len(out.split())
    index_bytes, (yaml_bytes, yaml_disk) = _index_size(cache), _yaml_size(root)

    # An in-place edit (same size, mtime restored): the next search must find the new title.
    if not only or "edit_search" in only:
        paper = root / "entries" / "papers" / f"{picks['edit']}.yaml"
        original, stat = paper.read_bytes(), paper.stat()
        after_edit = Spec(
            [*kb, "search", "WORD", "--json"],
            before=lambda i: _edit_and_aim(paper, i, after_edit),
            check=_finds(picks["edit"]),
        )
        try:
            timed({"edit_search": after_edit}, options.repeat)
        finally:
            paper.write_bytes(original)
            os.utime(paper, ns=(stat.st_atime_ns, stat.st_mtime_ns))
        run_once([*kb, "search", BROAD, "--json"])  # the index follows the restored file

    # Whole-graph commands.
    graph_file = work / f"graph{size}.graphml"
    timed(
        {
            "stats": Spec([*kb, "stats"]),
            "stats_json": Spec([*kb, "stats", "--json"]),
            "path": Spec([*kb, "path", key, picks["other"]]),
            "reading_list": Spec([*kb, "reading-list", topic]),
            "graph_export": Spec(
                [*kb, "graph", "export", "--format", "graphml", "-o", str(graph_file)]
            ),
        },
        options.repeat_slow,
    )
    graph_file.unlink(missing_ok=True)
    from neurokb.cache import watch

    watch.stop(root)  # a user's would stop after 15 idle minutes; a benchmark leaves nothing
    return {
        "papers": size,
        "picks": picks,
        "validate_processes": processes,
        "index_bytes": index_bytes,
        "yaml_bytes": yaml_bytes,
        "yaml_disk_bytes": yaml_disk,
        "load_before": [round(x, 2) for x in load_before],
        "load_after": [round(x, 2) for x in os.getloadavg()],
        **extra,
        "results": {name: sample.as_dict() for name, sample in results.items()},
    }


def _with_watcher(kb: list[str], root: Path, wait: float = 120.0) -> str:
    """Let the KB's watcher start as it does for a user: the first query of a large KB starts
    it in the background (``neurokb/cache/watch.py``); once it listens, the next query
    records its token with the index (that query still stats every file). Returns whether it
    runs, for the results. Without a watcher
    (not Linux, or it refused this KB: ``.neurokb-cache/watch.off`` says why) the queries
    stat every file, and the rows measure that."""
    cache = root / ".neurokb-cache"
    run_once([*kb, "search", BROAD, "--json"])
    deadline = time.monotonic() + wait
    while not (cache / "watch.sock").exists() and not (cache / "watch.off").exists():
        if time.monotonic() > deadline:
            break
        time.sleep(0.1)
    run_once([*kb, "search", BROAD, "--json"])
    if (cache / "watch.sock").exists():
        return "running"
    off = cache / "watch.off"
    return f"none: {off.read_text().strip()}" if off.exists() else "none"


def _edit_and_aim(paper: Path, index: int, spec: Spec) -> None:
    """Edit ``paper`` in place and point the timed search at the word the edit wrote."""
    word = edit_in_place(paper, index)
    spec.command = [*spec.command[:-2], word, "--json"]


def _remove_index(cache: Path) -> None:
    shutil.rmtree(cache, ignore_errors=True)


def _index_size(cache: Path) -> int:
    """Bytes of everything the commands keep in the index folder (the database, any
    write-ahead log, any other file beside it): the library gets no other cache."""
    return sum(p.stat().st_size for p in cache.rglob("*") if p.is_file()) if cache.exists() else 0


def _yaml_size(root: Path) -> tuple[int, int]:
    """Bytes of the entry files the index indexes (papers and topics), and the disk space
    their blocks take (the goal is set against the bytes, the stricter of the two)."""
    stats = [p.stat() for p in (root / "entries").rglob("*.yaml")]
    return sum(s.st_size for s in stats), sum(s.st_blocks * 512 for s in stats)


def _merged(saved: dict, new: dict, partial: bool) -> dict:
    """``saved`` with the sizes measured in ``new`` replaced; with ``partial`` (``--only``) only
    the rows measured, which the page then names as timed again."""
    by_size = {entry["papers"]: entry for entry in saved["sizes"]}
    for entry in new["sizes"]:
        old = by_size.get(entry["papers"])
        if old is not None and partial:
            old["results"].update(entry["results"])
            old["retimed"] = sorted(set(old.get("retimed", [])) | set(entry["results"]))
        else:
            by_size[entry["papers"]] = entry
    saved["sizes"] = sorted(by_size.values(), key=lambda entry: entry["papers"])
    return saved


def machine() -> dict[str, object]:
    """The machine and software a run is measured on (stored with every size)."""
    cpu, memory = "unknown", 0
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                memory = int(line.split()[1]) * 1024
    except OSError:
        pass
    commit = measured_code()
    return {
        "cpus": os.cpu_count(),
        "usable_cpus": len(os.sched_getaffinity(0)),
        "cpu": cpu,
        "memory_gib": round(memory / 2**30, 1),
        "python": platform.python_version(),
        "sqlite": sqlite3.sqlite_version,
        "system": f"{platform.system()} {platform.release()}",
        "date": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
        "commit": commit or "unknown",
        "command": " ".join(Path(part).name for part in NEUROKB),
        "nice": os.nice(0),
    }


def measured_code() -> str:
    """The commit of the neurokb package the timed commands import (``python -m neurokb`` with
    this environment), and whether its code differs from that commit."""
    where = subprocess.run(
        [sys.executable, "-c", "import neurokb, os; print(os.path.dirname(neurokb.__file__))"],
        cwd="/",  # as the installed command imports it: not from this folder, PYTHONPATH first
        capture_output=True,
        text=True,
        check=False,
    ).stdout.strip()
    if not where:
        return "unknown"

    def git(*args: str) -> str:
        command = ["git", "-C", where, *args]
        return subprocess.run(command, capture_output=True, text=True, check=False).stdout.strip()

    commit = git("rev-parse", "--short", "HEAD")
    if not commit:
        return f"{where} (not a git checkout)"
    changed = git("status", "--porcelain", "--", ".", "../pyproject.toml")
    return commit + (" with uncommitted changes to neurokb/" if changed else "")


def _libraries(values: list[str]) -> dict[int, Path]:
    out = {}
    for value in values:
        size, _, path = value.partition("=")
        if not size.isdigit() or not path:
            raise SystemExit(f"--library {value}: expected SIZE=FOLDER, e.g. 100000=/data/kb100k")
        out[int(size)] = Path(path)
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,10000,100000", help="comma-separated paper counts")
    parser.add_argument("--repeat", type=int, default=5, help="runs per quick command")
    parser.add_argument("--repeat-slow", type=int, default=3, help="runs per whole-KB command")
    parser.add_argument(
        "--library",
        action="append",
        default=[],
        metavar="SIZE=FOLDER",
        help="copy this generated library for SIZE instead of generating one (repeatable)",
    )
    parser.add_argument("--work", type=Path, default=HERE / ".work", help="libraries, scratch")
    parser.add_argument("--out", type=Path, default=HERE / "results")
    parser.add_argument("--no-papis", action="store_true", help="skip the peer")
    parser.add_argument(
        "--papis-backends", default=",".join(peer.BACKENDS), help="papis cache backends to time"
    )
    parser.add_argument(
        "--quick",
        action="store_true",
        help="2 runs of each whole-KB row and papis's default backend only (about half the time)",
    )
    parser.add_argument("--page", action="store_true", help="also write kb/performance.md")
    parser.add_argument("--only", default="", help="time only these rows (comma-separated)")
    parser.add_argument("--merge", action="store_true", help="update the saved results.json")
    args = parser.parse_args(argv)
    # Time what an installed neurokb does: Python caches compiled modules (.pyc). A shell that
    # forbids writing them makes every run recompile neurokb's own modules (~20 ms).
    os.environ.pop("PYTHONDONTWRITEBYTECODE", None)
    sizes = [int(s) for s in args.sizes.split(",") if s]
    libraries = _libraries(args.library)
    args.only = {row for row in args.only.split(",") if row}
    unknown = args.only - set(report.ROWS)
    if unknown:
        raise SystemExit(f"--only: unknown rows {', '.join(sorted(unknown))}")
    args.backends = [b for b in args.papis_backends.split(",") if b]
    if args.quick:
        args.repeat_slow, args.backends = min(args.repeat_slow, 2), ["papis"]
    args.work.mkdir(parents=True, exist_ok=True)
    args.papis = None if args.no_papis else peer.papis_binary()
    if args.papis is None and not args.no_papis:
        print("papis could not be installed: the peer columns stay empty", file=sys.stderr)
    data: dict = {"sizes": []}
    for size in sizes:
        root = prepare(size, args.work, libraries.get(size))
        entry = {"machine": machine()}
        if args.papis is not None:
            version = subprocess.run([str(args.papis), "--version"], capture_output=True, text=True)
            entry["machine"]["papis"] = version.stdout.strip().rsplit(" ", 1)[-1]
        started = time.perf_counter()
        entry.update(bench_size(size, root, args.work, args))
        entry["duration_s"] = round(time.perf_counter() - started, 1)
        data["sizes"].append(entry)
        print(f"{size:,} papers measured in {entry['duration_s'] / 60:.1f} min", file=sys.stderr)
    args.out.mkdir(parents=True, exist_ok=True)
    saved = args.out / "results.json"
    if args.merge and saved.exists():
        data = _merged(json.loads(saved.read_text(encoding="utf-8")), data, bool(args.only))
    saved.write_text(json.dumps(data, indent=2) + "\n", encoding="utf-8")
    print(report.text(data, report.load_site(args.out)))
    if args.page:
        print(report.write_page(data, args.out, REPO / "kb"), file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
