"""Turning benchmark results into a table, a target check, a plot and the documentation page.

Everything here reads the ``results.json`` structure written by :mod:`run`, so a page can be
re-rendered from saved results without timing anything again (``python benchmarks/report.py``).
"""

from __future__ import annotations

import json
import shutil
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent

LABELS = {
    "floor": "bare libyaml parse (floor)",
    "validate": "`neurokb validate`, cold",
    "build": "first cached command (builds the index)",
    "search_text": 'warm `search "place cells" --json`',
    "search_author": "warm `search author:NAME --json`",
    "search_title": "warm `search TITLE --json` (a paper's title)",
    "show": "warm `show KEY --json`",
    "show_view": "warm `show KEY` (terminal view)",
    "cite": "warm `cite KEY` (APA)",
    "list": "warm `list --author NAME --json`",
    "related": "warm `related KEY --json`",
    "graph_export": "warm `graph export --format graphml`",
    "refresh": "`show KEY --json` after editing KEY",
    "mkdocs": "`mkdocs build` (site)",
    "papis_cold": "`papis list author:NAME`, cold",
    "papis_warm": "`papis list author:NAME`, warm",
}
GIB = 1024.0


def _median(size: dict, op: str) -> float | None:
    result = size["results"].get(op)
    return result["median_s"] if result and result["runs_s"] else None


def _cell(value: float | None) -> str:
    if value is None:
        return "–"
    return f"{value * 1000:.0f} ms" if value < 1 else f"{value:.2f} s"


def table(data: dict, markdown: bool = False) -> str:
    """Median wall time per operation (rows) and library size (columns)."""
    sizes = data["sizes"]
    head = ["operation", *(f"{s['papers']:,} papers" for s in sizes)]
    rows = [[LABELS[op], *(_cell(_median(s, op)) for s in sizes)] for op in LABELS]
    rows = [row for row in rows if any(cell != "–" for cell in row[1:])]
    rows.append(["peak memory (largest of any command)", *(f"{_peak(s):.0f} MiB" for s in sizes)])
    rows.append(["index size on disk", *(f"{s['index_mib']:.0f} MiB" for s in sizes)])
    ratios = [
        ("cold validate / floor", "validate", "floor"),
        ("papis warm / neurokb warm author search", "papis_warm", "search_author"),
        ("papis cold / neurokb cold validate", "papis_cold", "validate"),
    ]
    for label, top, bottom in ratios:
        values = [(_median(s, top), _median(s, bottom)) for s in sizes]
        rows.append([label, *(f"{a / b:.1f}x" if a and b else "–" for a, b in values)])
    if markdown:
        lines = ["| " + " | ".join(head) + " |", "|" + "---|" + "--:|" * len(sizes)]
        return "\n".join(lines + ["| " + " | ".join(row) + " |" for row in rows])
    width = max(len(row[0]) for row in rows) + 2
    out = [head[0].ljust(width) + "".join(h.rjust(16) for h in head[1:])]
    out += [row[0].ljust(width) + "".join(c.rjust(16) for c in row[1:]) for row in rows]
    return "\n".join(out)


def _peak(size: dict) -> float:
    return max((r["peak_mib"] for r in size["results"].values()), default=0.0)


def targets(data: dict) -> str:
    """The targets of the scale issue, each MET or MISSED with the measured number."""
    lines = []
    for size in data["sizes"]:
        floor, validate = _median(size, "floor"), _median(size, "validate")
        if floor and validate:
            ok = validate <= 2 * floor
            lines.append(_line(ok, f"{size['papers']:,}: cold validate {validate:.2f} s <= 2 x "
                                   f"floor {floor:.2f} s (ratio {validate / floor:.2f})"))  # fmt: skip
    big = max(data["sizes"], key=lambda s: s["papers"])
    n = f"{big['papers']:,}"
    for op in ("search_text", "search_author", "search_title", "show"):
        value = _median(big, op)
        if value is not None:
            lines.append(_line(value < 0.3, f"{n}: {LABELS[op]} {value * 1000:.0f} ms < 300 ms"))
    papis, ours = _median(big, "papis_warm"), _median(big, "search_author")
    if papis and ours:
        lines.append(_line(ours < papis, f"{n}: warm author search {ours:.2f} s faster than "
                                         f"papis warm {papis:.2f} s"))  # fmt: skip
    refresh = _median(big, "refresh")
    if refresh is not None:
        lines.append(_line(refresh < 1.0, f"{n}: refresh after one edit {refresh:.2f} s < 1 s"))
    peak = _peak(big)
    lines.append(_line(peak < 2 * GIB, f"{n}: peak memory {peak:.0f} MiB < 2048 MiB"))
    return "\n".join(lines)


def _line(ok: bool, text: str) -> str:
    return f"{'MET   ' if ok else 'MISSED'} {text}"


def plot(data: dict, path: Path) -> None:
    """Median time against library size, one line per operation, both axes logarithmic."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(10, 5.2), dpi=120)
    colors = plt.get_cmap("tab20").colors
    sizes = [s["papers"] for s in data["sizes"]]
    for index, (op, label) in enumerate(LABELS.items()):
        points = [(n, _median(s, op)) for n, s in zip(sizes, data["sizes"], strict=True)]
        points = [(n, v) for n, v in points if v is not None]
        if not points:
            continue
        style = "--" if op.startswith("papis") else ":" if op == "floor" else "-"
        ax.plot(*zip(*points, strict=True), style, marker="os^vD<>"[index % 7],
                color=colors[(2 * index) % 20 + (index // 10)], label=label.replace("`", ""))  # fmt: skip
    ax.axhline(0.3, color="grey", linewidth=0.8)
    ax.text(sizes[-1], 0.27, "0.3 s", fontsize=7, color="grey", ha="right", va="top")
    ax.set(xscale="log", yscale="log", xlabel="papers in the library",
           ylabel="median wall time per command (s)", title="neurokb and papis on the same library")  # fmt: skip
    ax.legend(fontsize=7, loc="center left", bbox_to_anchor=(1.01, 0.5), frameon=False)
    ax.grid(True, which="both", alpha=0.3)
    fig.tight_layout()
    fig.savefig(path)
    plt.close(fig)


def write_page(data: dict, png: Path, kb: Path) -> Path:
    """Write ``kb/performance.md`` (and copy the plot to ``kb/assets/``) from the results."""
    (kb / "assets").mkdir(parents=True, exist_ok=True)
    shutil.copyfile(png, kb / "assets" / "performance.png")
    template = (HERE / "performance.md.in").read_text(encoding="utf-8")
    machine = data["machine"]
    findings = HERE / "findings.md"  # hand-written reading of the latest results
    page = template.format(
        table=table(data, markdown=True),
        targets="\n".join(f"    {line}" for line in targets(data).splitlines()),
        findings=findings.read_text(encoding="utf-8").strip() if findings.exists() else "",
        papis_version=machine.get("papis", "(not run)"),
        cpus=machine["cpus"], cpu=machine["cpu"], python=machine["python"],
        sqlite=machine["sqlite"], system=machine["system"], date=machine["date"],
    )  # fmt: skip
    out = kb / "performance.md"
    out.write_text(page, encoding="utf-8")
    return out


if __name__ == "__main__":
    results = HERE / "results" / "results.json"
    loaded = json.loads(results.read_text(encoding="utf-8"))
    plot(loaded, HERE / "results" / "performance.png")
    print(table(loaded))
    print(targets(loaded))
    if "--page" in sys.argv:
        print(write_page(loaded, HERE / "results" / "performance.png", HERE.parent / "kb"))
