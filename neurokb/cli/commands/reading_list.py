"""``neurokb reading-list``: a topic's papers in reading order.

Unknown keys exit 1 with the nearest keys; JSON shapes are documented in
:mod:`neurokb.core.serialize`.
"""

from __future__ import annotations

from typing import Annotated

import typer

from neurokb.cli.common import (
    JsonOption,
    LimitOption,
    fail,
    open_library,
    print_json,
)
from neurokb.cli.tables import note_truncated, print_papers
from neurokb.core.serialize import reading_item, topic_item


def reading_list_cmd(
    topic: Annotated[str, typer.Argument(help="A topic id or name.", show_default=False)],
    limit: LimitOption = 50,
    as_json: JsonOption = False,
) -> None:
    """A topic's papers in reading order: what a paper builds on comes first.

    Subtopics' papers are included; among papers that are ready to read, older come first.
    The first 50 are shown unless --limit says otherwise, as `list` does: a topic of a large
    library has thousands of papers, and a reading list is read from its start.

    Example: neurokb reading-list credit-assignment
    """
    order = open_library().reading_list(topic, limit)
    total, shown = order.total, order.items
    if as_json:
        print_json(
            {
                "topic": topic_item(order.topic),
                "total": total,
                "results": [
                    reading_item(it.paper, i, it.builds_on) for i, it in enumerate(shown, start=1)
                ],
            }
        )
    elif shown:
        print_papers(
            [it.paper for it in shown],
            title=f"Reading list: {order.topic.name}",
            numbered=True,
            extra=[("builds on", lambda i, _: ", ".join(shown[i].builds_on))],
        )
        note_truncated(len(shown), total)
    if not total:
        raise fail(
            f"no papers about '{order.topic.id}' or its subtopics yet", "see `neurokb stats`"
        )


def register(app: typer.Typer) -> None:
    app.command("reading-list")(reading_list_cmd)
