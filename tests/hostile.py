"""The script-injection payloads of ``tests/data/hostile/xss_payloads.yaml``, and a knowledge
base that holds every one of them.

Shared by the unit tests (validate's verdict on each payload, the escaping of each output) and
the browser test, which builds a site from :func:`hostile_kb` and looks for running script.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from kbfixtures import write_paper, write_topic

from neurokb.core.kb import KnowledgeBase
from neurokb.load.loader import load_kb

PAYLOAD_FILE = Path(__file__).parent / "data" / "hostile" / "xss_payloads.yaml"
# The key of a paper that a shipped algorithm (oja) implements, so that its page shows one.
ALGORITHM_PAPER = "oja1982simplified"


@dataclass(frozen=True)
class Payload:
    id: str
    kind: str  # paper or topic
    field: str  # summary, equations.caption ...
    value: str
    accepted: bool
    code: str = ""
    message: str = ""

    @property
    def key(self) -> str:
        """The entry that carries the payload."""
        return f"xss-{self.id}"


def payloads() -> list[Payload]:
    raw = yaml.safe_load(PAYLOAD_FILE.read_text("utf-8"))["payloads"]
    out = []
    for item in raw:
        kind, field = item["field"].split(".", 1)
        out.append(
            Payload(
                item["id"], kind, field, item["value"], item["validate"] == "accept",
                item.get("code", ""), item.get("message", ""),
            )
        )  # fmt: skip
    return out


def entry_fields(payload: Payload, value: str) -> dict[str, Any]:
    """The fields of the entry that carries ``value`` in the payload's field."""
    if payload.field == "authors":
        return {"authors": [value]}
    if payload.field == "aliases":
        return {"aliases": [value]}
    if payload.field == "equations.caption":
        return {"equations": [{"latex": "a = b", "caption": value}]}
    if payload.field == "equations.latex":
        return {"equations": [{"latex": value, "caption": "An equation"}]}
    return {payload.field: value}


_HARMLESS = {
    "doi": "10.9999/harmless",
    "url": "https://example.org/harmless",
    "arxiv": "2001.00001",
    "pmid": "1",
}


def write_entry(root: Path, payload: Payload, value: str) -> None:
    """Write the payload's entry with ``value`` in its field (and a paper on its topic)."""
    fields = entry_fields(payload, value)
    if payload.kind == "topic":
        write_topic(root, payload.key, **{"name": f"Topic {payload.id}", **fields})
        write_paper(root, f"{payload.key}-paper", topics=[payload.key])
        return
    base: dict[str, Any] = {"title": f"Paper {payload.id}", "topics": ["xss"]}
    write_paper(root, payload.key, **{**base, **fields})


def write_hostile_kb(root: Path, only: Payload | None = None) -> None:
    """Every accepted payload (or just ``only``) as written, the rejected ones harmless."""
    write_topic(root, "xss", name="Hostile payloads")
    for payload in [only] if only else payloads():
        value = payload.value if payload.accepted or only else _HARMLESS.get(payload.field, "x")
        write_entry(root, payload, value)
    if only is None:
        # A paper the oja algorithm implements, so its page shows a hostile title and caption,
        # citing the others so their titles appear in its lists.
        by_id = {p.id: p for p in payloads()}
        write_paper(
            root,
            ALGORITHM_PAPER,
            title=by_id["title-in-header"].value,
            authors=[by_id["author-name"].value],
            topics=["xss"],
            cites=[p.key for p in payloads() if p.kind == "paper"],
            equations=[{"latex": "w", "caption": by_id["equation-caption"].value}],
            summary="Cites [@xss-title-in-header; see @xss-venue, p. 3].",
        )


def hostile_kb(root: Path) -> KnowledgeBase:
    """The KB with every payload: written to disk where validate accepts it, and put into
    the loaded entries past validation where it does not (the site must stay safe even so)."""
    write_hostile_kb(root)
    kb = load_kb(root)
    assert not kb.errors, [p.message for p in kb.errors]
    papers, topics = dict(kb.papers), dict(kb.topics)
    for payload in payloads():
        if payload.accepted:
            continue
        table = papers if payload.kind == "paper" else topics
        field = payload.field.split(".")[0]
        update = entry_fields(payload, payload.value)[field]
        if field == "equations":
            update = [table[payload.key].equations[0].model_copy(update=update[0])]
        table[payload.key] = table[payload.key].model_copy(update={field: update})
    return KnowledgeBase(kb.root, papers, topics, kb.problems, kb.sources)
