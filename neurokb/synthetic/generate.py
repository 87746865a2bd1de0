"""Write a deterministic synthetic knowledge base (and the same library for papis).

    python -m neurokb.synthetic.generate --papers 10000 --out /tmp/kb10k [--seed 0]

The output folder holds ``entries/papers/*.yaml`` (valid neurokb entries), ``entries/topics/``
(a copy of the topic files of ``--topics``, by default the repository's, so topic references
resolve) and ``papis/<key>/info.yaml``
(the same documents as a papis library), so both tools are timed on the same data.

The data is shaped like a real literature, because that is what the costs depend on: authors
are drawn from a Zipf-like pool (a few prolific authors, a long tail), publication counts grow
with the year, citations point to older papers and prefer already well-cited ones (preferential
attachment), and summaries have the length of the shipped ones (two to five sentences). The same
``--papers`` and ``--seed`` always give byte-identical files.
"""

from __future__ import annotations

import argparse
import datetime as dt
import itertools
import json
import random
import shutil
import sys
import textwrap
from dataclasses import dataclass, field
from pathlib import Path

from neurokb.synthetic import vocab

TOPICS = Path("entries/topics")  # the repository's topics, relative to its root
FIRST_YEAR, LAST_YEAR = 1950, 2025
ZIPF = 0.5


@dataclass
class Record:
    """One synthetic paper as plain data; ``cites`` holds indexes until keys are assigned."""

    title: str
    authors: list[tuple[str, str]]
    year: int
    type: str
    venue: str
    month: int | None = None
    volume: str | None = None
    issue: str | None = None
    pages: str | None = None
    doi: str | None = None
    arxiv: str | None = None
    pmid: str | None = None
    topics: list[str] = field(default_factory=list)
    cites: list[int] = field(default_factory=list)
    implementations: list[str] = field(default_factory=list)
    summary: str = ""
    equation: str | None = None
    added: dt.date | None = None
    key: str = ""


def _names(rng: random.Random, count: int) -> list[tuple[str, str]]:
    """``count`` distinct (family, given) pairs built from syllables, in a shuffled order."""
    families = []
    for length in (2, 3, 4):
        for combo in itertools.product(vocab.SYLLABLES, repeat=length):
            families.append("".join(combo).capitalize())
            if len(families) >= count:
                break
        if len(families) >= count:
            break
    rng.shuffle(families)
    return [(family, rng.choice(vocab.GIVEN)) for family in families[:count]]


def _years(rng: random.Random, count: int) -> list[int]:
    """Years skewed to the present: the literature grows roughly exponentially."""
    span = LAST_YEAR - FIRST_YEAR
    return sorted(LAST_YEAR - min(span, int(rng.expovariate(1 / 12))) for _ in range(count))


def _title(rng: random.Random) -> str:
    words = {
        "adj": rng.choice(vocab.ADJECTIVES),
        "noun": rng.choice(vocab.NOUNS).replace("-", " "),
        "noun2": rng.choice(vocab.NOUNS).replace("-", " "),
        "system": rng.choice(vocab.SYSTEMS),
        "method": rng.choice(vocab.METHODS),
    }
    words["system_bare"] = words["system"].removeprefix("the ")
    words |= {k.capitalize(): v[:1].upper() + v[1:] for k, v in words.items()}
    title = rng.choice(vocab.TEMPLATES).format(**words)
    if rng.random() < 0.6:  # subtitles keep exact repeats as rare as in a real literature
        subtitle = rng.choice(vocab.TEMPLATES).format(
            **(words | {"adj": rng.choice(vocab.ADJECTIVES)})
        )
        title = f"{title}: {subtitle[:1].lower()}{subtitle[1:]}"
    return title


def _summary(rng: random.Random) -> str:
    sentences = []
    for template in rng.sample(vocab.SENTENCES, rng.randint(2, 5)):
        sentences.append(
            template.format(
                a="a",
                adj=rng.choice(vocab.ADJECTIVES),
                noun=rng.choice(vocab.NOUNS).replace("-", " "),
                noun2=rng.choice(vocab.NOUNS).replace("-", " "),
                system=rng.choice(vocab.SYSTEMS),
                method=rng.choice(vocab.METHODS).lower(),
            )
        )
    return " ".join(sentences)


def _cites(rng: random.Random, index: int, popular: list[int], kind: str) -> list[int]:
    """Older papers this one cites: half by popularity, half among the recent past."""
    if index == 0 or kind in {"blog", "course", "misc"}:
        return []
    wanted = min(index, int(rng.lognormvariate(2.1, 0.6)), 40)
    chosen: list[int] = []
    for _ in range(wanted * 3):
        if len(chosen) >= wanted:
            break
        if rng.random() < 0.5:
            target = rng.choice(popular)
        else:
            target = max(0, index - 1 - int(rng.expovariate(1 / max(1.0, index * 0.1))))
        if target not in chosen:
            chosen.append(target)
    return sorted(chosen)


def generate(count: int, seed: int, topic_ids: list[str], algorithms: list[str]) -> list[Record]:
    """``count`` synthetic papers, oldest first, with keys assigned by the real key rule."""
    from neurokb.edit.citekeys import propose_key

    rng = random.Random(seed)
    people = _names(rng, max(50, count))
    # Zipf-like with exponent 0.5: at 100k papers the most prolific author has ~0.2% of the
    # author slots (a few hundred papers), a long tail has one; 1.0 would give one person 8%.
    weights = list(itertools.accumulate(1 / (rank + 1) ** ZIPF for rank in range(len(people))))
    types, type_weights = zip(*vocab.TYPES, strict=True)
    records: list[Record] = []
    popular: list[int] = []  # each paper once, plus once more per citation it receives
    for index, year in enumerate(_years(rng, count)):
        kind = rng.choices(types, type_weights)[0]
        team = rng.choices(people, cum_weights=weights, k=rng.choice((1, 2, 2, 3, 3, 4, 5, 7)))
        authors = list(dict.fromkeys(team))
        record = Record(
            title=_title(rng),
            authors=authors,
            year=year,
            type=kind,
            venue="arXiv" if kind == "preprint" else rng.choice(vocab.VENUES),
            summary=_summary(rng),
        )
        record.month = rng.randint(1, 12) if rng.random() < 0.7 else None
        if kind in {"article", "inproceedings"}:
            record.volume = str(rng.randint(1, 120))
            record.issue = str(rng.randint(1, 12)) if kind == "article" else None
            first = rng.randint(1, 3000)
            record.pages = f"{first}-{first + rng.randint(4, 30)}"
        if kind != "preprint" or rng.random() < 0.3:
            record.doi = f"10.5555/nkb.{year}.{index:06d}"
        if year >= 2008 and (kind == "preprint" or rng.random() < 0.25):
            record.arxiv = f"{year % 100:02d}{record.month or 1:02d}.{index:05d}"
        if kind == "article" and rng.random() < 0.3:
            record.pmid = str(10_000_000 + index)
        record.topics = rng.sample(topic_ids, rng.choice((1, 1, 2, 2, 2, 3)))
        record.cites = _cites(rng, index, popular, kind)
        if algorithms and rng.random() < 0.005:
            record.implementations = [rng.choice(algorithms)]
        if rng.random() < 0.05:
            record.equation = r"\tau_m \frac{dv}{dt} = -v + R\, I(t)"
        record.added = dt.date(2020, 1, 1) + dt.timedelta(days=rng.randint(0, 2500))
        popular.append(index)
        popular.extend(record.cites)
        records.append(record)
    keys: set[str] = set()
    for record in records:
        names = [f"{family}, {given}" for family, given in record.authors]
        record.key = propose_key(
            {"authors": names, "year": record.year, "title": record.title}, keys
        )
        keys.add(record.key)
    return records


def _q(text: str) -> str:
    """A YAML double-quoted scalar (JSON string syntax is valid YAML)."""
    return json.dumps(text, ensure_ascii=False)


def _block(text: str) -> list[str]:
    return ["  " + line for line in textwrap.wrap(text, 96)]


def paper_yaml(record: Record, keys: list[str]) -> str:
    """The entry file, fields in the canonical order of the schema."""
    out = ["# yaml-language-server: $schema=../../neurokb/schemas/paper.schema.json"]
    out.append(f"title: {_q(record.title)}")
    out.append("authors:")
    out.extend(f"  - {_q(f'{family}, {given}')}" for family, given in record.authors)
    out.append(f"year: {record.year}")
    if record.month:
        out.append(f"month: {record.month}")
    out.append(f"type: {record.type}")
    out.append(f"venue: {_q(record.venue)}")
    for name in ("volume", "issue", "pages", "doi", "arxiv", "pmid"):
        value = getattr(record, name)
        if value:
            out.append(f"{name}: {_q(value)}")
    out.append("topics:")
    out.extend(f"  - {topic}" for topic in record.topics)
    if record.cites:
        out.append("cites:")
        out.extend(f"  - {keys[index]}" for index in record.cites)
    if record.implementations:
        out.append("implementations:")
        out.extend(f"  - {name}" for name in record.implementations)
    out.append("summary: |")
    out.extend(_block(record.summary))
    if record.equation:
        out.append("equations:")
        out.append(f"  - latex: {_q(record.equation)}")
        out.append('    caption: "Leaky integrate-and-fire membrane equation"')
    out.append(f"added: {record.added.isoformat()}")
    return "\n".join(out) + "\n"


def papis_yaml(record: Record, keys: list[str]) -> str:
    """The same document in papis' ``info.yaml`` conventions (author string + author_list)."""
    out = [f"author: {_q(' and '.join(f'{f}, {g}' for f, g in record.authors))}", "author_list:"]
    for family, given in record.authors:
        out.extend([f"- family: {_q(family)}", f"  given: {_q(given)}"])
    out.append(f"title: {_q(record.title)}")
    out.append(f"year: {record.year}")
    out.append(f"type: {record.type}")
    out.append(f"journal: {_q(record.venue)}")
    for ours, theirs in (("volume", "volume"), ("issue", "number"), ("pages", "pages"),
                         ("doi", "doi"), ("arxiv", "eprint"), ("pmid", "pmid")):  # fmt: skip
        value = getattr(record, ours)
        if value:
            out.append(f"{theirs}: {_q(value)}")
    out.append("tags:")
    out.extend(f"- {topic}" for topic in record.topics)
    out.append(f"ref: {record.key}")
    out.append("abstract: |")
    out.extend(_block(record.summary))
    out.append(f"papis_id: {record.key}")
    return "\n".join(out) + "\n"


def write(records: list[Record], out: Path, topics: Path, *, papis: bool = True) -> None:
    """Write the KB (topic files copied from ``topics``, and the papis library) under
    ``out``, replacing what was there."""
    for sub in ("entries", "papis"):
        shutil.rmtree(out / sub, ignore_errors=True)
    papers = out / "entries" / "papers"
    papers.mkdir(parents=True)
    _copy_topics(topics, out / "entries" / "topics")
    keys = [record.key for record in records]
    for record in records:
        (papers / f"{record.key}.yaml").write_text(paper_yaml(record, keys), encoding="utf-8")
        if papis:
            folder = out / "papis" / record.key
            folder.mkdir(parents=True)
            (folder / "info.yaml").write_text(papis_yaml(record, keys), encoding="utf-8")


def _copy_topics(source: Path, target: Path) -> None:
    """The real topic files, with their narratives' ``[@key]`` citations made plain text: the
    synthetic papers have other keys, and a citation of a missing paper is an error (NKB050)."""
    from neurokb.core.textcites import rewrite

    def plain(items: list, line: int) -> str:  # textcites.Item: (pre, key, post, year_only)
        return "(" + "; ".join(item.key for item in items) + ")"

    target.mkdir(parents=True)
    for path in sorted(source.glob("*.yaml")):
        text = path.read_text(encoding="utf-8")
        (target / path.name).write_text(rewrite(text, plain), encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--papers", type=int, required=True, help="number of papers, e.g. 1000")
    parser.add_argument("--out", type=Path, required=True, help="folder to write (replaced)")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--topics", type=Path, default=TOPICS, help="topic files to copy")
    parser.add_argument("--no-papis", action="store_true", help="skip the papis library")
    args = parser.parse_args(argv)
    from neurokb.algorithms.base import registry

    topic_ids = sorted(p.stem for p in args.topics.glob("*.yaml"))
    records = generate(args.papers, args.seed, topic_ids, sorted(registry()))
    write(records, args.out, args.topics, papis=not args.no_papis)
    print(f"wrote {len(records)} papers to {args.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
