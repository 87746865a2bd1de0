"""``neurokb stats``: the knowledge base in numbers (counts, years, topics, coverage, authors,
PageRank)."""

from __future__ import annotations

from typing import Any

import typer
from rich import box
from rich.columns import Columns
from rich.table import Table

from neurokb.cli.common import JsonOption, LimitOption, open_library, print_json, stdout
from neurokb.cli.terminal import styled

_BAR = 40  # characters of the longest histogram bar
_IDS = {"doi": "with DOI", "arxiv": "with arXiv id", "pmid": "with PubMed id", "any": "with any"}
_NUMERIC = {"papers", "with subtopics", "year", "pagerank", "cited by"}


def _table(title: str, columns: list[str], rows: list[list[Any]]) -> Table:
    table = Table(title=title, title_justify="left", header_style="bold", box=box.SIMPLE_HEAD)
    for column in columns:
        table.add_column(column, justify="right" if column in _NUMERIC else "left")
    for row in rows:
        table.add_row(*map(str, row))
    return table


def _histogram(per_year: dict[int, int]) -> Table:
    table = Table(title="Papers per year", title_justify="left", box=None, show_header=False)
    table.add_column(justify="right", style="dim")
    table.add_column(style="cyan")
    table.add_column(justify="right")
    most = max(per_year.values(), default=1)
    for year, count in per_year.items():
        table.add_row(str(year), "█" * max(1, round(_BAR * count / most)), str(count))
    return table


def stats_cmd(limit: LimitOption = 10, as_json: JsonOption = False) -> None:
    """Counts, papers per year and per topic, citation links per paper, the share of papers
    with a DOI, arXiv or PubMed id, top topics and authors, and the most central papers.

    Centrality is PageRank over the citations within the knowledge base.

    --limit sets how many topics, authors and papers each ranking shows.
    """
    from neurokb.algorithms import names

    data = open_library().stats(limit, names())
    if as_json:
        print_json(data)
        return
    counts = data["counts"]
    stdout.print(
        Columns(
            [styled((str(value), "bold"), f" {name}") for name, value in counts.items()],
            padding=(0, 3),
        )
    )
    shares = data["identifier_share"]
    stdout.print(
        f"[bold]{data['mean_cites_per_paper']:.2f}[/] cites links per paper (within the KB) · "
        + " · ".join(f"[bold]{shares[k]:.0%}[/] {label}" for k, label in _IDS.items())
    )
    stdout.print(_histogram(data["papers_per_year"]))
    stdout.print(
        _table("Papers per topic", ["id", "papers", "with subtopics"],
               [[tid, n["papers"], n["with_subtopics"]]
                for tid, n in data["papers_per_topic"].items()])
    )  # fmt: skip
    stdout.print(
        _table("Topics", ["id", "papers", "with subtopics"],
               [[t["id"], t["papers"], t["with_subtopics"]] for t in data["top_topics"]])
    )  # fmt: skip
    stdout.print(
        _table("Authors", ["name", "id", "papers"],
               [[a["name"], a["id"], a["papers"]] for a in data["top_authors"]])
    )  # fmt: skip
    stdout.print(
        _table("Most central papers (PageRank over citations)", ["key", "year", "pagerank", "cited by"],
               [[p["key"], p["year"], f"{p['pagerank']:.4f}", p["cited_by"]]
                for p in data["central_papers"]])
    )  # fmt: skip


def register(app: typer.Typer) -> None:
    app.command("stats")(stats_cmd)
