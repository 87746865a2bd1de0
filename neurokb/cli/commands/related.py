"""``neurokb related``: papers related to one paper, with the reasons.

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
    stdout,
)
from neurokb.cli.tables import paper_table
from neurokb.core.serialize import related_item


def related_cmd(
    key: Annotated[str, typer.Argument(help="A paper key.", show_default=False)],
    limit: LimitOption = 10,
    as_json: JsonOption = False,
) -> None:
    """Papers related to one paper, best first, each with its reasons.

    Evidence: direct citations, co-citation, shared references, shared authors, shared topics.

    Example: neurokb related lillicrap2016random
    """
    library = open_library()
    found = library.related(key, limit)  # an unknown key exits 1 with the nearest keys
    papers = library.papers([r.key for r in found])
    if as_json:
        results = [related_item(p, r.score, r.reasons) for p, r in zip(papers, found, strict=True)]
        print_json({"key": key, "results": results})
    elif found:
        by_key = {r.key: r for r in found}
        stdout.print(
            paper_table(
                papers,
                title=f"Related to {library.paper(key).label} ({key})",
                extra=[
                    ("score", lambda _, p: f"{by_key[p.key].score:.2f}"),
                    ("why", lambda _, p: "\n".join(by_key[p.key].reasons)),
                ],
            )
        )
    if not found:
        raise fail(f"nothing in the KB is related to '{key}'", "add its citations or topics")


def register(app: typer.Typer) -> None:
    app.command("related")(related_cmd)
