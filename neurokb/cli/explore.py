"""``neurokb related``, ``neurokb path`` and ``neurokb reading-list``: walking the concept graph.

Each command resolves its arguments (unknown keys exit 1 with the nearest keys), calls one core
function and renders the answer; JSON shapes are documented in :mod:`neurokb.serialize`.
"""

from __future__ import annotations

from typing import Annotated

import typer
from rich.table import Table

from neurokb.cache.links import related_from_index
from neurokb.cli.common import (
    JsonOption,
    LimitOption,
    fail,
    open_kb,
    open_reader,
    print_json,
    stdout,
)
from neurokb.cli.tables import note_truncated, paper_table
from neurokb.readinglist import reading_order
from neurokb.related import related
from neurokb.serialize import hop_item, reading_item, related_item, topic_item


def related_cmd(
    key: Annotated[str, typer.Argument(help="A paper key.", show_default=False)],
    limit: LimitOption = 10,
    as_json: JsonOption = False,
) -> None:
    """Papers related to one paper, best first, each with its reasons.

    Evidence: direct citations, co-citation, shared references, shared authors, shared topics.

    Example: neurokb related lillicrap2016random
    """
    reader = open_reader()
    found = related_from_index(reader, key, limit) if reader else None
    if reader is None or found is None:  # no usable index, or an unknown key (with suggestions)
        kb = open_kb()
        found = related(kb, key, limit)
        papers, entry = [kb.papers[r.key] for r in found], kb.paper
    else:
        papers, entry = reader.papers([r.key for r in found]), reader.entry
    if as_json:
        results = [related_item(p, r.score, r.reasons) for p, r in zip(papers, found, strict=True)]
        print_json({"key": key, "results": results})
    elif found:
        by_key = {r.key: r for r in found}
        stdout.print(
            paper_table(
                papers,
                title=f"Related to {entry(key).label} ({key})",
                extra=[
                    ("score", lambda _, p: f"{by_key[p.key].score:.2f}"),
                    ("why", lambda _, p: "\n".join(by_key[p.key].reasons)),
                ],
            )
        )
    if not found:
        raise fail(f"nothing in the KB is related to '{key}'", "add its citations or topics")


def path_cmd(
    start: Annotated[
        str,
        typer.Argument(
            help="Paper key, topic id, or KIND:ID (author:zenke-f).",
            metavar="FROM",
            show_default=False,
        ),
    ],
    end: Annotated[
        str, typer.Argument(help="Same forms as FROM.", metavar="TO", show_default=False)
    ],
    as_json: JsonOption = False,
) -> None:
    """The shortest meaningful chain of relations between two papers, topics or other nodes.

    Chains through citations, topics and shared authors are preferred; the root topic and venues
    are used only when nothing else connects the two.

    Example: neurokb path hebbian-learning zenke2018superspike
    """
    from neurokb.graph import Direction, explain_path, format_path, resolve  # loads NetworkX

    kb = open_kb()
    hops = explain_path(kb, start, end)
    if as_json:
        print_json(
            {
                "from": str(resolve(kb, start)),
                "to": str(resolve(kb, end)),
                "text": format_path(hops),
                "hops": [hop_item(h) for h in hops],
            }
        )
        return
    stdout.print(format_path(hops), style="bold")
    table = Table(header_style="bold", pad_edge=False, box=None)
    for column in ("#", "via", "node", "kind", "id"):
        table.add_column(column, style="dim" if column in ("#", "kind") else None)
    for i, hop in enumerate(hops):
        via = ""
        if hop.edge is not None:
            via = f"-{hop.edge}->" if hop.direction is Direction.FORWARD else f"<-{hop.edge}-"
        table.add_row(str(i), via, hop.label, hop.node.kind.value, hop.node.id)
    stdout.print(table)


def reading_list_cmd(
    topic: Annotated[str, typer.Argument(help="A topic id or name.", show_default=False)],
    limit: Annotated[
        int | None, typer.Option("--limit", "-n", min=1, help="Show at most this many papers.")
    ] = None,
    as_json: JsonOption = False,
) -> None:
    """A topic's papers in reading order: what a paper builds on comes first.

    Subtopics' papers are included; among papers that are ready to read, older come first.

    Example: neurokb reading-list credit-assignment
    """
    kb = open_kb()
    order = reading_order(kb, topic)
    items, shown = order.items, order.items[:limit]
    if as_json:
        print_json(
            {
                "topic": topic_item(order.topic),
                "total": len(items),
                "results": [
                    reading_item(it.paper, i, it.builds_on) for i, it in enumerate(shown, start=1)
                ],
            }
        )
    elif shown:
        stdout.print(
            paper_table(
                [it.paper for it in shown],
                title=f"Reading list: {order.topic.name}",
                numbered=True,
                extra=[("builds on", lambda i, _: ", ".join(shown[i].builds_on))],
            )
        )
        note_truncated(len(shown), len(items))
    if not items:
        raise fail(
            f"no papers about '{order.topic.id}' or its subtopics yet", "see `neurokb stats`"
        )


def register(app: typer.Typer) -> None:
    app.command("related")(related_cmd)
    app.command("path")(path_cmd)
    app.command("reading-list")(reading_list_cmd)
