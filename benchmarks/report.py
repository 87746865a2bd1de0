"""Turning benchmark results into tables with each goal and whether it is met, and the page.

Everything here reads what :mod:`run` saves (``results/results.json``) and, when present, what
``site.py`` saves (``results/site.json``), so the page can be re-rendered without timing
anything again: ``python benchmarks/report.py [--page]``. Every number on the page comes from
those files; the prose around them (``performance.md.in``) states no measured figure.
"""

from __future__ import annotations

import json
import statistics
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
GIB = 2**30
INTERACTIVE = 0.15  # seconds, a warm read command at 100k (whole process)
WHOLE_GRAPH = 1.0  # seconds, stats / path / reading-list
EDIT = 0.5  # seconds, the search right after an in-place edit
VALIDATE_RATIO = 1.5  # cold validate against the floor with the same number of processes
VALIDATE_FROM = 10_000  # the validate goal is set from this size on (start-up dominates below)
INDEX_RATIO = 2.0  # index on disk against the YAML it indexes


@dataclass(frozen=True)
class Row:
    """A measured row: its label and, if it has one, its goal (text, and a test of a size)."""

    label: str
    goal: str = ""
    test: Callable[[dict, str], bool | None] | None = None


def _median(size: dict, name: str) -> float | None:
    result = size["results"].get(name)
    return result["median_s"] if result and result["runs_s"] else None


def _cpu(size: dict, name: str) -> float | None:
    result = size["results"].get(name)
    return result.get("median_cpu_s") if result and result["runs_s"] else None


def _clean(size: dict, name: str) -> bool:
    """Every run exited normally and passed its check (a failed run never counts as met)."""
    result = size["results"][name]
    return not result["failures"] and not result.get("checks_failed")


def _within(seconds: float) -> Callable[[dict, str], bool | None]:
    def test(size: dict, name: str) -> bool | None:
        value = _median(size, name)
        return None if value is None else value <= seconds and _clean(size, name)

    return test


def _within_and_small(seconds: float) -> Callable[[dict, str], bool | None]:
    def test(size: dict, name: str) -> bool | None:
        met = _within(seconds)(size, name)
        return None if met is None else met and size["results"][name]["peak_mib"] * 2**20 < GIB

    return test


def _small(size: dict, name: str) -> bool | None:
    result = size["results"].get(name)
    if not result or not result["runs_s"]:
        return None
    return result["peak_mib"] * 2**20 < GIB and _clean(size, name)


def _edit(size: dict, name: str) -> bool | None:
    value = _median(size, name)
    return None if value is None else value < EDIT and _clean(size, name)


def _beats_papis(size: dict, name: str) -> bool | None:
    ours, theirs = _median(size, name), _median(size, "papis_cold")
    ours_cpu, theirs_cpu = _cpu(size, name), _cpu(size, "papis_cold")
    if None in (ours, theirs, ours_cpu, theirs_cpu):
        return None
    return ours <= theirs and ours_cpu <= theirs_cpu and _clean(size, name)


def _near_floor(size: dict, name: str) -> bool | None:
    ours, floor = _median(size, name), _median(size, "floor_parallel")
    if ours is None or floor is None or size["papers"] < VALIDATE_FROM:
        return None
    return ours <= VALIDATE_RATIO * floor and _clean(size, name)


_warm = _within(INTERACTIVE)
_quick = f"≤ {INTERACTIVE:.2f} s"
ROWS: dict[str, Row] = {
    "show_view": Row("warm `show KEY` (terminal view)", _quick, _warm),
    "show": Row("warm `show KEY --json`", _quick, _warm),
    "search_broad": Row("warm `search hebbian --json` (broad)", _quick, _warm),
    "search_author": Row("warm `search author:NAME --json` (selective)", _quick, _warm),
    "search_zero": Row('warm `search hebbain --json` (0 hits, "did you mean")', _quick, _warm),
    "cite": Row("warm `cite KEY`", _quick, _warm),
    "list_topic": Row("warm `list --topic TOPIC`", _quick, _warm),
    "related": Row("warm `related KEY`", _quick, _warm),
    "help": Row("`neurokb --help`", _quick, _warm),
    "papis_warm": Row("papis warm `list author:NAME` (pickle cache)"),
    "papis_sqlite_warm": Row("papis warm `list author:NAME` (sqlite cache)"),
    "build": Row(
        "first query, builds the index (`search hebbian --json`)",
        "≤ papis cold, wall and CPU",
        _beats_papis,
    ),
    "papis_cold": Row("papis cold cache build (pickle, its default)"),
    "papis_sqlite_cold": Row("papis cold cache build (sqlite)"),
    "edit_search": Row(
        "`search NEWWORD --json` after an in-place edit (finds it)",
        f"< {EDIT:.1f} s, found every time",
        _edit,
    ),
    "stats": Row("`stats`", f"≤ {WHOLE_GRAPH:.0f} s, < 1 GiB", _within_and_small(WHOLE_GRAPH)),
    "stats_json": Row("`stats --json`", "< 1 GiB peak", _small),
    "path": Row("`path KEY OTHER`", f"≤ {WHOLE_GRAPH:.0f} s, < 1 GiB", _within_and_small(1.0)),
    "reading_list": Row(
        "`reading-list TOPIC`", f"≤ {WHOLE_GRAPH:.0f} s, < 1 GiB", _within_and_small(1.0)
    ),
    "graph_export": Row("`graph export --format graphml`", "< 1 GiB peak", _small),
    "floor": Row("libyaml floor, 1 process"),
    "floor_parallel": Row("libyaml floor, as many processes as validate"),
    "validate": Row(
        "cold `validate`",
        f"≤ {VALIDATE_RATIO}× floor, same processes (from {VALIDATE_FROM:,})",
        _near_floor,
    ),
}


def _time(value: float | None) -> str:
    if value is None:
        return "–"
    return f"{value * 1000:.0f} ms" if value < 1 else f"{value:.2f} s"


def _spread(result: dict) -> str:
    if not result["runs_s"]:
        return "–"
    return f"{_time(result['min_s'])}–{_time(result['max_s'])}"


def _verdict(met: bool | None) -> str:
    return "–" if met is None else "met" if met else "NOT MET"


def rows(size: dict) -> list[list[str]]:
    """One line per measured row: label, goal, median, spread, CPU, peak, verdict, runs."""
    out = []
    for name, row in ROWS.items():
        result = size["results"].get(name)
        if result is None:
            continue
        met = row.test(size, name) if row.test else None
        notes = []
        if result["failures"]:
            notes.append(f"{result['failures']} failed")
        if result.get("checks_failed"):
            notes.append(f"{result['checks_failed']} wrong answers")
        verdict = _verdict(met) + (f" ({', '.join(notes)})" if notes else "")
        cpu = result.get("median_cpu_s")
        out.append([
            row.label, row.goal or "(reference)", _time(result["median_s"] if result["runs_s"]
            else None), _spread(result), _time(cpu), f"{result['peak_mib']:.0f} MiB", verdict,
            str(len(result["runs_s"])),
        ])  # fmt: skip
    if size.get("index_bytes"):
        ratio = size["index_bytes"] / size["yaml_bytes"]
        met = ratio <= INDEX_RATIO
        measured = f"{size['index_bytes'] / 2**20:.0f} MiB"
        blocks = size.get("yaml_disk_bytes")
        disk = f", {blocks / 2**20:.0f} MiB in disk blocks" if blocks else ""
        out.append([
            f"index on disk (YAML files: {size['yaml_bytes'] / 2**20:.0f} MiB{disk}; "
            f"{ratio:.2f}×)",
            f"≤ {INDEX_RATIO:.0f}× the YAML", measured, "–", "–", "–", _verdict(met), "1",
        ])  # fmt: skip
    return out


HEAD = ["row", "goal", "median", "min–max", "CPU", "peak", "result", "runs"]


def ratios(size: dict) -> list[str]:
    """The side-by-side comparisons, each computed from the medians of the same run."""
    lines = []

    def ratio(top: str, bottom: str) -> float | None:
        a, b = _median(size, top), _median(size, bottom)
        return a / b if a and b else None

    n = size.get("validate_processes", "?")
    if (r := ratio("validate", "floor_parallel")) is not None:
        lines.append(f"cold validate / libyaml floor with the same {n} processes: {r:.2f}×")
    for backend, label in (("papis", "pickle"), ("papis_sqlite", "sqlite")):
        if (r := ratio(f"{backend}_warm", "search_author")) is not None:
            lines.append(f"papis warm `list author:NAME` ({label}) / neurokb: {r:.1f}×")
    build, papis = size["results"].get("build"), size["results"].get("papis_cold")
    if build and papis and build["runs_s"] and papis["runs_s"]:
        lines.append(
            f"first query / papis cold build (pickle): wall {_time(build['median_s'])} vs "
            f"{_time(papis['median_s'])}, CPU {_time(build['median_cpu_s'])} vs "
            f"{_time(papis['median_cpu_s'])}"
        )
    edit = size["results"].get("edit_search")
    if edit and (edit["runs_s"] or edit["failures"]):
        runs = len(edit["runs_s"]) + edit["failures"]
        found = len(edit["runs_s"]) - edit.get("checks_failed", 0)
        lines.append(
            f"in-place edit (same size, mtime restored) seen by the next search in {found} of "
            f"{runs} runs, at {size['papers']:,} files"
        )
    if watcher := size.get("watcher"):
        lines.append(
            "warm rows and the edit row ran with the KB's watcher "
            + (
                "answering (started by a first query, as for a user)"
                if watcher == "running"
                else f"absent: {watcher} (every query checked every file)"
            )
        )
    hits = [
        f"{label} {size[name]:,}"
        for name, label in (
            ("search_broad_hits", "neurokb `search hebbian`"),
            ("search_author_hits", "neurokb `search author:NAME`"),
            ("papis_papis_hits", "papis (pickle) `author:NAME`"),
            ("papis_sqlite_hits", "papis (sqlite) `author:NAME`"),
        )
        if size.get(name) is not None
    ]
    if hits:
        lines.append("papers found: " + ", ".join(hits))
    return lines


def summary(size: dict) -> tuple[int, int, list[str]]:
    """(goals met, goals with a verdict, labels of those not met) for one size."""
    verdicts = [(line[0], line[6]) for line in rows(size) if not line[6].startswith("–")]
    missed = [label for label, verdict in verdicts if not verdict.startswith("met")]
    return len(verdicts) - len(missed), len(verdicts), missed


def load_site(folder: Path) -> dict | None:
    """The site rows written by ``site.py`` (``results/site.json``), if that file exists, as
    ``{"machine": {...}, "rows": [...]}``.

    Each row: ``{"name", "goal_s", "median_s", "runs": [seconds, ...]}``, optionally
    ``"cpu_s"`` (seconds, a list or one number) and ``"note"``. The file may also hold the
    list of rows alone.
    """
    path = folder / "site.json"
    if not path.exists():
        return None
    data = json.loads(path.read_text(encoding="utf-8"))
    return data if isinstance(data, dict) else {"machine": {}, "rows": data}


def site_machine(site: dict) -> str:
    """What ``site.py`` recorded about its run, in words (empty when it recorded nothing)."""
    m = site.get("machine") or {}
    parts = []
    if m.get("cpus"):
        parts.append(f"{m['cpus']} cores")
    if m.get("python"):
        parts.append(f"Python {m['python']}")
    if all(row.get("measured") for row in site.get("rows") or [{}]):
        parts.append("each row says when and at which commit it was measured; the commands")
        commands = sorted({str(row["command"]) for row in site["rows"] if row.get("command")})
        parts[-1] += " were " + "; ".join(f"`{command}`" for command in commands)
    else:  # rows saved before they carried their own stamp: the last run's
        if m.get("command"):
            parts.append(f"`{m['command']}`")
        if m.get("date"):
            parts.append(f"measured {m['date']}")
    if m.get("nice") and parts:
        parts[-1] += f" at nice {m['nice']}"
    return ", ".join(parts)


def site_rows(site: dict) -> list[list[str]]:
    out = []
    for row in site["rows"]:
        runs = row.get("runs") or []
        median = row.get("median_s")
        if median is None and runs:
            median = statistics.median(runs)
        spread = f"{_time(min(runs))}–{_time(max(runs))}" if runs else "–"
        cpu = row.get("cpu_s") or []
        cpu = cpu if isinstance(cpu, list) else [cpu]
        goal = row.get("goal_s")
        met = None if goal is None or median is None else median <= goal
        about = [str(row["note"])] if row.get("note") else []
        if row.get("measured"):  # when, and of which code (rows come from separate runs)
            about.append(f"measured {row['measured']} at {row.get('commit', 'unknown')}")
        label = row["name"] + (f" ({'; '.join(about)})" if about else "")
        out.append([
            label, "–" if goal is None else f"≤ {_time(goal)}", _time(median), spread,
            _time(statistics.median(cpu)) if cpu else "–", "–", _verdict(met), str(len(runs)),
        ])  # fmt: skip
    return out


def _markdown(head: list[str], body: list[list[str]]) -> str:
    lines = ["| " + " | ".join(head) + " |", "|---|---|" + "--:|" * (len(head) - 2)]
    return "\n".join(lines + ["| " + " | ".join(row) + " |" for row in body])


def _plain(head: list[str], body: list[list[str]]) -> str:
    widths = [max(len(r[i]) for r in [head, *body]) for i in range(len(head))]
    return "\n".join(
        "  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)) for r in [head, *body]
    )


def describe_machine(size: dict) -> str:
    m = size["machine"]
    load = size.get("load_before"), size.get("load_after")
    text = (
        f"{m['cpu']}, {m['cpus']} cores ({m.get('usable_cpus', m['cpus'])} usable), "
        f"{m.get('memory_gib', '?')} GiB RAM, {m['system']}, Python {m['python']}, "
        f"SQLite {m['sqlite']}, papis {m.get('papis', '(not run)')}; neurokb at {m.get('commit')}"
        + (f", run as `{m['command']}`" if m.get("command") else "")
        + f"; measured {m['date']}"
    )
    if m.get("nice"):
        text += f" at nice {m['nice']}"
    if all(load):
        text += f"; load average (1, 5, 15 min) {_load(load[0])} before, {_load(load[1])} after"
    if size.get("duration_s"):
        text += f"; this size took {size['duration_s'] / 60:.1f} min to measure"
    return text


def _load(values: list[float]) -> str:
    return " / ".join(f"{v:.1f}" for v in values)


def text(data: dict, site: dict | None = None) -> str:
    """The report printed by ``run.py``: per size, every row with its goal and verdict."""
    out = []
    for size in data["sizes"]:
        met, total, missed = summary(size)
        out += ["", f"== {size['papers']:,} papers: {met} of {total} goals met ==",
                describe_machine(size), "", _plain(HEAD, rows(size)), ""]  # fmt: skip
        out += [f"  {line}" for line in ratios(size)]
        out += [f"  not met: {label}" for label in missed]
    if site:
        out += ["", "== site (benchmarks/site.py) ==", site_machine(site)]
        out += [_plain(HEAD, site_rows(site))]
    return "\n".join(out)


def write_page(data: dict, results: Path, kb: Path) -> Path:
    """Write ``kb/performance.md`` from the saved results and ``performance.md.in``."""
    sections = []
    for size in sorted(data["sizes"], key=lambda s: -s["papers"]):
        met, total, missed = summary(size)
        part = [
            f"### {size['papers']:,} papers: {met} of {total} goals met",
            "",
            f"Machine: {describe_machine(size)}.",
        ]
        if size.get("retimed"):
            part.append(
                f"Rows timed again later (`--only ... --merge`): {', '.join(size['retimed'])}."
            )
        part += ["", _markdown(HEAD, rows(size)), ""]
        part += [f"- {line}" for line in ratios(size)]
        if missed:
            part.append(f"- **Not met ({len(missed)}):** " + "; ".join(missed) + ".")
        sections.append("\n".join(part))
    site = load_site(results)
    if site:
        machine = site_machine(site)
        site_text = (f"Machine: {machine}.\n\n" if machine else "") + _markdown(
            HEAD, site_rows(site)
        )
    else:
        site_text = "No site measurement was saved with this run (`benchmarks/site.py` writes one)."
    template = (HERE / "performance.md.in").read_text(encoding="utf-8")
    page = template.format(results="\n\n".join(sections), site=site_text)
    out = kb / "performance.md"
    out.write_text(page, encoding="utf-8")
    return out


if __name__ == "__main__":
    loaded = json.loads((HERE / "results" / "results.json").read_text(encoding="utf-8"))
    print(text(loaded, load_site(HERE / "results")))
    if "--page" in sys.argv:
        print(write_page(loaded, HERE / "results", HERE.parent / "kb"))
