"""Scale benchmarks: neurokb on 1k, 10k and 100k generated papers, side by side with papis.

    python benchmarks/run.py                      # 1000, 10000 and 100000 papers (long)
    python benchmarks/run.py --sizes 1000         # a quick check (what `make bench` can run)

For each size the script generates the library once (``benchmarks/.work/``, git-ignored),
then times whole processes, as a user would (interpreter start-up included), and reports the
median of ``--repeat`` runs (``--repeat-slow`` for the commands that read every entry):

- the floor: reading and parsing every paper file with libyaml, nothing else;
- ``neurokb validate`` from cold (it always reads the files);
- the first cached command, which builds the index;
- warm ``search`` (text, and ``author:`` like the papis query), ``show``, ``cite``, ``list``,
  ``related`` and ``graph export``; the refresh after editing one file; ``mkdocs build`` up to 10k papers;
- ``papis list`` with the same author query, cold (cache cleared) and warm.

Results go to ``benchmarks/results/results.json`` and ``performance.png``; with ``--page``
they are also written into ``kb/performance.md`` (and the plot to ``kb/assets/``).
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
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(HERE))

import peer  # noqa: E402
import report  # noqa: E402
from timing import Sample, measure, run_once  # noqa: E402

NEUROKB = [sys.executable, "-m", "neurokb"]
SITE_LIMIT = 10_000  # mkdocs build is timed up to this size
SITE_TIMEOUT = 15 * 60  # seconds; a slower site build is reported as missing


def generate(size: int, work: Path) -> Path:
    """The generated library of ``size`` papers, made once (a marker records the arguments)."""
    root = work / f"kb{size}"
    marker = root / ".generated"
    if not (marker.exists() and marker.read_text() == f"{size} 0\n"):
        print(f"generating {size} papers ...", file=sys.stderr)
        shutil.rmtree(root, ignore_errors=True)
        command = [sys.executable, "-m", "neurokb.synthetic.generate", "--papers", str(size)]
        topics = ["--topics", str(HERE.parent / "entries" / "topics")]
        subprocess.run([*command, *topics, "--out", str(root)], check=True)
        marker.write_text(f"{size} 0\n")
    return root


def pick(root: Path) -> tuple[str, str]:
    """A paper key to show (the median key) and the most frequent first-author family name."""
    names = sorted(os.listdir(root / "entries" / "papers"))
    families: collections.Counter[str] = collections.Counter()
    for name in names[:: max(1, len(names) // 2000)]:
        text = (root / "entries" / "papers" / name).read_text(encoding="utf-8")
        families[text.split("authors:\n  - ", 1)[1].split(",", 1)[0].strip('"')] += 1
    return names[len(names) // 2][:-5], families.most_common(1)[0][0]


def _title(root: Path, key: str) -> str:
    """The title of a generated entry (written as a JSON string), to search for it."""
    text = (root / "entries" / "papers" / f"{key}.yaml").read_text(encoding="utf-8")
    line = next(line for line in text.splitlines() if line.startswith("title: "))
    return json.loads(line.removeprefix("title: "))


def edit(path: Path, index: int) -> None:
    """Change one entry as an editor saving by rename would (new bytes, folder mtime moves)."""
    text = path.read_text(encoding="utf-8").split("\n  Benchmark edit")[0].rstrip("\n")
    lines = text.split("\n")
    at = next(i for i, line in enumerate(lines) if line.startswith("summary:")) + 1
    lines.insert(at, f"  Benchmark edit {index}.")
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".edit-")
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        handle.write("\n".join(lines) + "\n")
    os.replace(tmp, path)


def bench_size(
    size: int, work: Path, repeat: int, slow: int, papis: Path | None, only: set[str]
) -> dict:
    root = generate(size, work)
    key, author = pick(root)
    kb = [*NEUROKB, "--kb", str(root)]
    results: dict[str, Sample] = {}

    def timed(name: str, command: list[str], times: int, **options: object) -> None:
        if only and name not in only:
            return
        print(f"  {size:>6} {name} ...", file=sys.stderr, end="", flush=True)
        results[name] = measure(command, times, **options)  # type: ignore[arg-type]
        print(f" {results[name].median:.3f} s", file=sys.stderr)

    timed("floor", [sys.executable, str(HERE / "floor.py"), str(root)], slow)
    timed("validate", [*kb, "validate"], slow)
    shutil.rmtree(root / ".neurokb-cache", ignore_errors=True)
    timed("build", [*kb, "search", "warm up", "--json"], 1)
    run_once([*kb, "show", key, "--json"])  # formats and keeps the citation
    timed("search_text", [*kb, "search", "place cells", "--json"], repeat)
    timed("search_author", [*kb, "search", f"author:{author}", "--json"], repeat)
    timed("search_title", [*kb, "search", _title(root, key), "--json"], repeat)
    timed("show", [*kb, "show", key, "--json"], repeat)
    timed("show_view", [*kb, "show", key], repeat)
    timed("cite", [*kb, "cite", key], repeat)
    timed("list", [*kb, "list", "--author", author, "--json"], repeat)
    timed("related", [*kb, "related", key, "--json"], slow)
    graph_file = work / f"graph{size}.graphml"
    timed(
        "graph_export", [*kb, "graph", "export", "--format", "graphml", "-o", str(graph_file)], slow
    )
    paper = root / "entries" / "papers" / f"{key}.yaml"
    original = paper.read_bytes()
    timed("refresh", [*kb, "show", key, "--json"], repeat, before=lambda i: edit(paper, i))
    paper.write_bytes(original)
    run_once([*kb, "show", key, "--json"])
    if size <= SITE_LIMIT and _has_site_plugin():
        site = _site_project(root)
        build = [sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(site)]
        env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
        timed("mkdocs", build, 1, env=env, ok=lambda code: code == 0, timeout=SITE_TIMEOUT)
    if papis is not None:
        env = peer.environment(root / "papis", work / f"papis{size}")
        command = peer.list_command(papis, author)
        clear = lambda _: peer.clear_cache(papis, env, work / f"papis{size}")  # noqa: E731
        timed("papis_cold", command, slow, env=env, before=clear)
        timed("papis_warm", command, repeat, env=env)
    return {
        "papers": size,
        "show_key": key,
        "author": author,
        "index_mib": round(_index_size(root) / 2**20, 1),
        "results": {name: sample.as_dict() for name, sample in results.items()},
    }


def _has_site_plugin() -> bool:
    try:
        import neurokb.mkdocs_plugin  # noqa: F401
    except ImportError:
        return False
    return True


def _site_project(root: Path) -> Path:
    """The repository's site configuration and pages, pointed at the generated entries."""
    shutil.copytree(REPO / "kb", root / "kb", dirs_exist_ok=True)
    config = (REPO / "mkdocs.yml").read_text(encoding="utf-8")
    config = config.replace("strict: true", "strict: false")  # synthetic text may warn
    config = config.replace("custom_dir: neurokb/", f"custom_dir: {REPO}/neurokb/")
    (root / "mkdocs.yml").write_text(config, encoding="utf-8")
    return root / "mkdocs.yml"


def _index_size(root: Path) -> int:
    folder = root / ".neurokb-cache"
    return sum(p.stat().st_size for p in folder.glob("index-*")) if folder.exists() else 0


def _merged(saved: dict, new: dict) -> dict:
    """``saved`` with the operations timed in ``new`` replaced (re-timing one command)."""
    by_size = {entry["papers"]: entry for entry in saved["sizes"]}
    for entry in new["sizes"]:
        if entry["papers"] in by_size:
            by_size[entry["papers"]]["results"].update(entry["results"])
        else:
            saved["sizes"].append(entry)
    saved["sizes"].sort(key=lambda entry: entry["papers"])
    return saved


def machine() -> dict[str, object]:
    cpu = "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return {
        "cpus": os.cpu_count(),
        "cpu": cpu,
        "python": platform.python_version(),
        "sqlite": sqlite3.sqlite_version,
        "system": f"{platform.system()} {platform.release()}",
        "date": time.strftime("%Y-%m-%d"),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,10000,100000", help="comma-separated paper counts")
    parser.add_argument("--repeat", type=int, default=5, help="runs per fast command")
    parser.add_argument("--repeat-slow", type=int, default=3, help="runs per whole-KB command")
    parser.add_argument("--work", type=Path, default=HERE / ".work", help="generated libraries")
    parser.add_argument("--out", type=Path, default=HERE / "results")
    parser.add_argument("--no-papis", action="store_true", help="skip the peer")
    parser.add_argument("--page", action="store_true", help="also write kb/performance.md")
    parser.add_argument("--only", default="", help="time only these operations (comma-separated)")
    parser.add_argument("--merge", action="store_true", help="update the saved results.json")
    args = parser.parse_args(argv)
    # Time what an installed neurokb does: Python caches compiled modules (.pyc). A shell that
    # forbids writing them makes every run recompile neurokb's own modules (~20 ms).
    os.environ.pop("PYTHONDONTWRITEBYTECODE", None)
    sizes = [int(s) for s in args.sizes.split(",") if s]
    args.work.mkdir(parents=True, exist_ok=True)
    papis = None if args.no_papis else peer.papis_binary()
    if papis is None and not args.no_papis:
        print("papis could not be installed: the peer columns stay empty", file=sys.stderr)
    data = {"machine": machine(), "sizes": []}
    if papis is not None:
        version = subprocess.run([str(papis), "--version"], capture_output=True, text=True)
        data["machine"]["papis"] = version.stdout.strip().rsplit(" ", 1)[-1]
    only = {op for op in args.only.split(",") if op}
    for size in sizes:
        data["sizes"].append(
            bench_size(size, args.work, args.repeat, args.repeat_slow, papis, only)
        )
    args.out.mkdir(parents=True, exist_ok=True)
    if args.merge and (args.out / "results.json").exists():
        data = _merged(json.loads((args.out / "results.json").read_text()), data)
    (args.out / "results.json").write_text(json.dumps(data, indent=2) + "\n", encoding="utf-8")
    report.plot(data, args.out / "performance.png")
    print(report.table(data))
    print(report.targets(data))
    if args.page:
        report.write_page(data, args.out / "performance.png", REPO / "kb")
    return 0


if __name__ == "__main__":
    sys.exit(main())
