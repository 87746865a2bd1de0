"""Builders for small temporary knowledge bases, shared by the whole test suite.

Plain functions, not fixtures, so that any test can compose its own KB: ``write_paper`` and
``write_topic`` write one YAML entry each, and ``mini_kb`` writes a complete small KB whose
shape the graph, search and query-CLI tests rely on (documented in its docstring; extend it
only by adding entries, so existing assertions keep holding). The data is made up for tests:
titles and names echo real papers so queries read naturally, but no identifier is real except
where a comment says so.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import yaml

from neurokb.core.kb import KnowledgeBase
from neurokb.load.loader import load_kb

PAPER_SCHEMA = "# yaml-language-server: $schema=../../neurokb/schemas/paper.schema.json\n"
TOPIC_SCHEMA = "# yaml-language-server: $schema=../../neurokb/schemas/topic.schema.json\n"


def _write(path: Path, header: str, data: dict[str, Any]) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    body = yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=100)
    path.write_text(header + body, encoding="utf-8")
    return path


def write_paper(
    root: Path,
    key: str,
    *,
    title: str | None = None,
    authors: Iterable[str | dict[str, str]] = ("Doe, Jane",),
    year: int = 2020,
    summary: str | None = "Made up for a test.",
    **fields: Any,
) -> Path:
    """Write ``entries/papers/<key>.yaml``; ``fields`` are further entry fields (topics=[...]).

    Every paper needs a summary (NKB053), so one is written unless ``summary=None``.
    """
    data: dict[str, Any] = {
        "title": title or f"A paper called {key}",
        "authors": list(authors),
        "year": year,
        **{name: value for name, value in fields.items() if value not in (None, [], ())},
    }
    if summary is not None:
        data["summary"] = summary
    return _write(root / "entries" / "papers" / f"{key}.yaml", PAPER_SCHEMA, data)


def write_topic(
    root: Path,
    topic_id: str,
    *,
    name: str | None = None,
    parents: Iterable[str] = (),
    related: Iterable[str] = (),
    aliases: Iterable[str] = (),
    summary: str = "A topic used in tests.",
) -> Path:
    """Write ``entries/topics/<id>.yaml``."""
    data: dict[str, Any] = {"name": name or topic_id.replace("-", " ").capitalize()}
    for field, values in (("aliases", aliases), ("parents", parents), ("related", related)):
        if values:
            data[field] = list(values)
    data["summary"] = summary
    return _write(root / "entries" / "topics" / f"{topic_id}.yaml", TOPIC_SCHEMA, data)


MINI_TOPICS: dict[str, dict[str, Any]] = {
    "neuroai": {"name": "NeuroAI"},
    "neuron-level": {"name": "Neuron level", "parents": ["neuroai"]},
    "synaptic-plasticity": {"name": "Synaptic plasticity", "parents": ["neuron-level"]},
    "hebbian-learning": {
        "name": "Hebbian learning",
        "parents": ["synaptic-plasticity"],
        "aliases": ["Hebb's rule"],
    },
    "spiking-neural-networks": {
        "name": "Spiking neural networks",
        "parents": ["neuron-level"],
        "related": ["synaptic-plasticity"],
    },
    "memory": {"name": "Memory", "parents": ["neuroai"]},
    "content-addressable-memory": {"name": "Content-addressable memory", "parents": ["memory"]},
}

MINI_PAPERS: dict[str, dict[str, Any]] = {
    "hebb1949organization": {
        "title": "The organization of behavior",
        "authors": ["Hebb, Donald O."],
        "year": 1949,
        "type": "book",
        "publisher": "Wiley",
        "topics": ["hebbian-learning"],
        "summary": "Cells that fire together strengthen their connection: the cell assembly.",
    },
    "hopfield1982neural": {
        "title": "Neural networks and physical systems with emergent collective "
        "computational abilities",
        "authors": ["Hopfield, John J."],
        "year": 1982,
        "venue": "Proceedings of the National Academy of Sciences",
        "topics": ["content-addressable-memory"],
        "cites": ["hebb1949organization"],
        "implementations": ["hopfield"],
        "summary": "An energy function makes stored patterns attractors of a recurrent network.",
    },
    "oja1982simplified": {
        "title": "Simplified neuron model as a principal component analyzer",
        "authors": ["Oja, Erkki"],
        "year": 1982,
        "venue": "Journal of Mathematical Biology",
        "topics": ["hebbian-learning"],
        "cites": ["hebb1949organization"],
        "summary": "A Hebbian rule with decay finds the first principal component.",
    },
    "vanrossum2001novel": {
        "title": "A novel spike distance",
        "authors": ["van Rossum, Mark C. W."],
        "year": 2001,
        "venue": "Neural Computation",
        "topics": ["spiking-neural-networks"],
        "summary": "Filter two spike trains with an exponential kernel and compare them.",
    },
    "zenke2015diverse": {
        "title": "Diverse synaptic plasticity mechanisms orchestrated to form and retrieve "
        "memories in spiking neural networks",
        "authors": ["Zenke, F.", "Agnes, Everton J.", "Gerstner, Wulfram"],
        "year": 2015,
        "venue": "Nature Communications",
        "topics": ["synaptic-plasticity", "spiking-neural-networks"],
        "cites": ["hebb1949organization"],
        "summary": "Several plasticity mechanisms together let spiking networks store memories.",
    },
    "zenke2018superspike": {
        "title": "SuperSpike: Supervised learning in multilayer spiking neural networks",
        "authors": ["Zenke, Friedemann", "Ganguli, Surya"],
        "year": 2018,
        "venue": "Neural Computation",
        "doi": "10.1234/test.superspike",  # made up for the doi: filter test
        "topics": ["spiking-neural-networks", "synaptic-plasticity"],
        "cites": ["vanrossum2001novel", "zenke2015diverse"],
        "summary": "A surrogate gradient trains multilayer spiking networks with a three-factor "
        "rule.",
    },
    "miconi2018differentiable": {
        "title": "Differentiable plasticity: training plastic neural networks with backpropagation",
        "authors": ["Miconi, Thomas", "Stanley, Kenneth O.", "Clune, Jeff"],
        "year": 2018,
        "type": "inproceedings",
        "venue": "Proceedings of the 35th International Conference on Machine Learning (ICML 2018)",
        "arxiv": "1804.02464",
        "topics": ["hebbian-learning"],
        "cites": ["hebb1949organization", "oja1982simplified"],
        "summary": "Backpropagation learns how plastic each Hebbian connection should be.",
    },
    "muller2020model": {
        "title": "A model for structured information representation",
        "authors": ["Müller, Michael G.", "Maass, Wolfgang"],
        "year": 2020,
        "type": "preprint",
        "venue": "arXiv",
        "topics": ["memory"],
        "summary": "Assemblies bind content to roles through fast Hebbian plasticity.",
    },
    "alpha2019first": {
        "title": "First of two papers citing each other",
        "authors": ["Alpha, Ann"],
        "year": 2019,
        "venue": "Nature",
        "topics": ["memory"],
        "cites": ["beta2019second"],
        "summary": "Invented for tests; cites its twin.",
    },
    "beta2019second": {
        "title": "Second of two papers citing each other",
        "authors": ["Beta, Bob"],
        "year": 2019,
        "venue": "Nature",
        "topics": ["memory"],
        "cites": ["alpha2019first"],
        "summary": "Invented for tests; cites its twin.",
    },
}


def mini_kb(root: Path) -> Path:
    """Write the mini KB under ``root`` and return ``root``.

    Shape: topic tree neuroai > {neuron-level > {synaptic-plasticity > hebbian-learning,
    spiking-neural-networks (related: synaptic-plasticity)}, memory > content-addressable-memory};
    Hebb 1949 cited by Hopfield, Oja, Miconi and Zenke 2015; "Zenke, F." (2015) and
    "Zenke, Friedemann" (2018) are one author; alpha2019first and beta2019second cite each other
    (both in Nature, 2019); Müller 2020 is the only preprint.
    """
    for topic_id, data in MINI_TOPICS.items():
        write_topic(root, topic_id, **data)
    for key, data in MINI_PAPERS.items():
        write_paper(root, key, **data)
    return root


# What an imported entry leaves to its curator: topics (NKB052) and its TODO lines (NKB054).
CURATION_LEFT = frozenset({"NKB052", "NKB054"})


def import_errors(kb: KnowledgeBase) -> list:
    """The errors of ``kb`` other than the curation an import leaves to do (CURATION_LEFT)."""
    return [p for p in kb.errors if p.code not in CURATION_LEFT]


def copy_topics(source: Path, root: Path) -> Path:
    """The topic files of the KB at ``source`` copied to ``root``, their narratives' ``[@key]``
    citations made plain text (the papers they cite are not copied)."""
    from neurokb.core.textcites import rewrite

    topics = root / "entries" / "topics"
    topics.mkdir(parents=True, exist_ok=True)
    for path in sorted((source / "entries" / "topics").glob("*.yaml")):
        text = rewrite(path.read_text(encoding="utf-8"), lambda items, line: "(cited)")
        (topics / path.name).write_text(text, encoding="utf-8")
    return root


def finish_import(text: str, topic: str, title: str | None = None) -> str:
    """What a curator does to an entry ``neurokb add`` wrote: the TODO notes done and deleted,
    a summary in place of the TODO, a topic, and ``title`` (in sentence case) when given."""
    lines = [line for line in text.splitlines() if not line.lstrip().startswith("TODO: check")]
    lines = [line for line in lines if not line.lstrip().startswith("TODO: put the title")]
    if title is not None:
        lines = [f'title: "{title}"' if line.startswith("title:") else line for line in lines]
    text = "\n".join(lines) + "\n"
    text = re.sub(r"summary: \|\n  TODO: .*\n", "summary: |\n  A summary in my own words.\n", text)
    if "topics: []\n" in text:
        return text.replace("topics: []\n", f"topics:\n  - {topic}\n")
    return text.replace("\nsummary: |", f"\ntopics:\n  - {topic}\nsummary: |", 1)


def load(root: Path) -> KnowledgeBase:
    """Load a KB written by these builders, failing loudly on any error in the fixture itself."""
    kb = load_kb(root)
    assert not kb.errors, [f"{p.path}: {p.code} {p.message}" for p in kb.errors]
    return kb
