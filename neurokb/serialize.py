"""Plain-data views of entries: the stable JSON shapes that ``--json`` prints and tests pin.

Shapes (documented in kb/cli.md):
- paper item: ``key, title, authors[{family, given, suffix?, literal?, orcid?}], year, type,
  venue, volume, issue, pages, doi, arxiv, pmid, url, topics, cites`` (always present, null or
  [] when empty);
- full paper (``show``): the item plus every other field of the entry;
- topic item: ``id, name, parents``; full topic adds ``aliases, related, summary``.
"""

from __future__ import annotations

from typing import Any

from neurokb.models import Paper, Person, Topic

PAPER_ITEM_FIELDS = (
    "key", "title", "authors", "year", "type", "venue", "volume", "issue", "pages",
    "doi", "arxiv", "pmid", "url", "topics", "cites",
)  # fmt: skip


def person_dict(person: Person) -> dict[str, str]:
    data = {"family": person.family, "given": person.given}
    for name in ("suffix", "literal", "orcid"):
        if getattr(person, name):
            data[name] = getattr(person, name)
    return data


def paper_item(paper: Paper) -> dict[str, Any]:
    """The compact shape used in lists and search results."""
    data = paper.model_dump(mode="json", include=set(PAPER_ITEM_FIELDS))
    data["authors"] = [person_dict(a) for a in paper.authors]
    return {name: data.get(name) for name in PAPER_ITEM_FIELDS}


def paper_full(paper: Paper) -> dict[str, Any]:
    """Every field of the entry, item fields first."""
    data = paper.model_dump(mode="json")
    data["authors"] = [person_dict(a) for a in paper.authors]
    data["editors"] = [person_dict(a) for a in paper.editors]
    item = paper_item(paper)
    return {**item, **{k: v for k, v in data.items() if k not in item}}


def topic_item(topic: Topic) -> dict[str, Any]:
    return {"id": topic.id, "name": topic.name, "parents": list(topic.parents)}


def topic_full(topic: Topic) -> dict[str, Any]:
    return {**topic_item(topic), **topic.model_dump(mode="json", exclude={"id", "name", "parents"})}
