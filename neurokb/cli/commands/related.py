"""``neurokb related``: papers related to one paper, with the reasons.

Unknown keys exit 1 with the nearest keys; JSON shapes are documented in
:mod:`neurokb.core.serialize`. The work is in :func:`neurokb.cli.reads.related`.
"""

from __future__ import annotations

from typing import Annotated

import typer

from neurokb.cli import reads
from neurokb.cli.common import JsonOption, LimitOption


def related_cmd(
    key: Annotated[str, typer.Argument(help="A paper key.", show_default=False)],
    limit: LimitOption = 10,
    as_json: JsonOption = False,
) -> None:
    """Papers related to one paper, best first, each with its reasons.

    Evidence: direct citations, co-citation, shared references, shared authors, shared topics.

    Example: neurokb related lillicrap2016random
    """
    reads.related(key, limit, as_json)


def register(app: typer.Typer) -> None:
    app.command("related")(related_cmd)
