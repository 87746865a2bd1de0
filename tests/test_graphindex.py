"""Whole-KB answers from the index (neurokb.cache.graphindex) equal the KnowledgeBase's.

``stats`` and every topic's reading list, on a generated KB whose papers also cite one paper
twice and cite themselves, answered by the index (asserted: no fallback to the KB) and by the
KB itself; then again after edits, when the stored statistics must be recomputed.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from cachefixtures import generate_kb

from neurokb.cache import graphindex, pathindex
from neurokb.library import KBLibrary, open_library
from neurokb.load.loader import load_kb


@pytest.fixture(scope="module")
def source(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = generate_kb(tmp_path_factory.mktemp("graph") / "kb", 300, seed=5)
    papers = sorted((root / "entries" / "papers").glob("*.yaml"))
    for path in papers[:3]:  # a repeated citation and a self-citation
        text = path.read_text(encoding="utf-8")
        head, found, rest = text.partition("\ncites:\n")
        if found:
            first = rest.partition("\n")[0]
            extra = f"{first}\n  - {path.stem}\n"
            path.write_text(head + found + extra + rest, encoding="utf-8")
    topic = sorted(p.stem for p in (root / "entries" / "topics").glob("*.yaml"))[0]
    tie = {  # two equally cheap chains a -> b1|b2 -> c; a lists b2 first, b1 sorts first
        "tiea2001alpha": ["tieb2001beta", "tiea2001beta"],
        "tiea2001beta": ["tiec2001gamma"],
        "tieb2001beta": ["tiec2001gamma"],
        "tiec2001gamma": [],
    }
    for number, (key, cites) in enumerate(tie.items()):
        listed = "".join(f"\n  - {c}" for c in cites)
        (root / "entries" / "papers" / f"{key}.yaml").write_text(
            f'title: "Tie {key}"\nauthors:\n  - "Tie{number}, Anna"\nyear: 2001\n'
            f"type: article\ntopics:\n  - {topic}\n"
            + (f"cites:{listed}\n" if cites else "")
            + "summary: |\n  A paper made for a tie between two chains of equal cost.\n",
            encoding="utf-8",
        )
    return root


def _compare(root: Path) -> None:
    library = open_library(root)
    library.whole()  # stores the cross-entry checks, as any full load does
    reference = KBLibrary(lambda: load_kb(root))
    reader = library.reader  # type: ignore[attr-defined]
    for top in (1, 3, 10, 150):
        found = graphindex.stats(reader, top, ["a", "b"])
        assert found is not None, "answered by the index"
        assert found == reference.stats(top, ["a", "b"]), top
    kb = reference.whole()
    for topic_id in sorted(kb.topics):
        for limit in (None, 3):
            mine = graphindex.reading_list(reader, topic_id, limit)
            assert mine is not None
            theirs = reference.reading_list(topic_id, limit)
            assert mine.total == theirs.total
            assert mine.topic == theirs.topic
            assert [(i.paper, i.builds_on) for i in mine.items] == [
                (i.paper, i.builds_on) for i in theirs.items
            ], topic_id
    name = kb.topics[sorted(kb.topics)[0]].name
    assert graphindex.reading_list(reader, name.upper()).total == reference.reading_list(name).total
    assert graphindex.reading_list(reader, "no such topic") is None


def test_stats_and_reading_lists_equal_the_kb(source: Path, tmp_path: Path) -> None:
    root = tmp_path / "kb"
    shutil.copytree(source, root)
    _compare(root)
    _compare(root)  # now from the stored statistics
    papers = sorted((root / "entries" / "papers").glob("*.yaml"))
    papers[10].unlink()
    text = papers[11].read_text(encoding="utf-8").replace("\nyear: ", "\nyear: 1", 1)
    papers[11].write_text(text.replace("year: 11", "year: 19"), encoding="utf-8")
    _compare(root)  # a new generation: computed again


def test_paths_on_the_stored_adjacency_equal_the_kb(source: Path, tmp_path: Path) -> None:
    """Every kind of end, near and far pairs, with an algorithm catalogue: the same chains
    (ties included) from the index's arrays as from the KB's graph."""
    import random

    from neurokb.cache import pathindex
    from neurokb.core.errors import NeuroKBError
    from neurokb.graph.build import AlgorithmNode
    from neurokb.graph.identity import author_index, venue_labels

    root = tmp_path / "kb"
    shutil.copytree(source, root)
    library = open_library(root)
    reference = KBLibrary(lambda: load_kb(root))
    kb = reference.whole()
    keys = sorted(kb.papers)
    catalogue = (AlgorithmNode("hebb", "Hebb's rule", (keys[0], keys[7])),)
    rng = random.Random(4)
    ends = keys + sorted(kb.topics)
    ends += [f"author:{a}" for a in sorted(author_index(kb).authors)[:30]]
    ends += [f"venue:{v}" for v in sorted(venue_labels(kb))[:10]] + ["algorithm:hebb"]
    pairs = [(rng.choice(ends), rng.choice(ends)) for _ in range(60)]
    pairs += [(keys[1], keys[1]), (keys[2], "no-such-key"), (keys[3], "author:nobody-x")]
    pairs += [("tiea2001alpha", "tiec2001gamma"), ("tiec2001gamma", "tiea2001alpha")]
    reader = library.reader  # type: ignore[attr-defined]
    for start, end in pairs:
        try:
            expected = reference.path(start, end, catalogue)
        except NeuroKBError as error:
            with pytest.raises(NeuroKBError) as raised:
                library.path(start, end, catalogue)
            assert str(raised.value) == str(error)
            continue
        assert pathindex.path(reader, start, end, catalogue) == expected, (start, end)
    assert (
        pathindex.load(reader.conn, catalogue).names
        == pathindex.build(reader.conn, catalogue).names
    )  # read back as stored


def test_reading_list_command_shows_the_first_fifty(source: Path, tmp_path: Path) -> None:
    """A big topic's list is cut at 50 papers unless ``--limit`` says otherwise (as ``list``
    is): the table of a 4,000-paper topic took seconds to draw."""
    import json

    from typer.testing import CliRunner

    from neurokb.cli.app import app

    root = tmp_path / "kb"
    shutil.copytree(source, root)
    kb = load_kb(root)
    topic = max(kb.topics, key=lambda t: len(KBLibrary(lambda: kb).reading_list(t).items))
    total = KBLibrary(lambda: kb).reading_list(topic).total
    assert total > 60
    runner = CliRunner()
    out = runner.invoke(app, ["--kb", str(root), "reading-list", topic, "--json"])
    data = json.loads(out.stdout)
    assert (data["total"], len(data["results"])) == (total, 50)
    out = runner.invoke(app, ["--kb", str(root), "reading-list", topic, "-n", "60", "--json"])
    assert len(json.loads(out.stdout)["results"]) == 60
    out = runner.invoke(app, ["--kb", str(root), "reading-list", topic])
    assert f"showing 50 of {total} papers" in out.stderr


def test_graph_export_from_the_rows_equals_the_kb(source: Path, tmp_path: Path) -> None:
    """Every format, with a catalogue and with a kind filter, byte for byte; again after an
    edit that moves a paper's citations, topics, authors and venue, and a removal."""
    import io

    from neurokb.graph.build import AlgorithmNode
    from neurokb.graph.export import FORMATS, write_graph
    from neurokb.graph.keys import NodeKind

    root = tmp_path / "kb"
    shutil.copytree(source, root)
    papers = sorted((root / "entries" / "papers").glob("*.yaml"))
    catalogue = (AlgorithmNode("hebb", "Hebb's rule", (papers[0].stem, papers[7].stem)),)

    def compare() -> None:
        library = open_library(root)
        assert library.__class__.__name__ == "IndexLibrary"
        reference = KBLibrary(lambda: load_kb(root))
        for fmt in FORMATS:
            for kinds in (None, [NodeKind.PAPER, NodeKind.AUTHOR]):
                mine, theirs = io.StringIO(), io.StringIO()
                written = write_graph(*library.graph_rows(catalogue), fmt, mine, kinds)
                assert written == write_graph(*reference.graph_rows(catalogue), fmt, theirs, kinds)
                assert mine.getvalue() == theirs.getvalue(), (fmt, kinds)

    compare()
    text = original = papers[20].read_text(encoding="utf-8")
    text = _with_lists_of(text, papers[21].read_text(encoding="utf-8"))
    assert text != original
    papers[20].write_text(text, encoding="utf-8")
    papers[30].unlink()
    compare()


def _with_lists_of(text: str, other: str) -> str:
    """``text`` with the cites, topics and authors lists of the entry text ``other``."""
    for field in ("cites", "topics", "authors"):
        mine, theirs = _block(text, field), _block(other, field)
        if mine and theirs:
            text = text.replace(f"\n{field}:\n{mine}", f"\n{field}:\n{theirs}")
    return text


def _block(text: str, field: str) -> str:
    """The ``  - item`` lines of the top-level list ``field`` of an entry's text."""
    _, found, rest = text.partition(f"\n{field}:\n")
    lines = []
    for line in rest.split("\n") if found else ():
        if not line.startswith("  - "):
            break
        lines.append(line + "\n")
    return "".join(lines)


def _rows(graph: pathindex.Graph) -> dict[str, list[tuple[str, int]]]:
    """Every node's row by name, from a :class:`neurokb.cache.pathindex.Graph`."""
    out = {}
    for name, i in graph.nodes():
        numbers, steps = graph.row(i)
        out[name] = [(graph.names[n], step) for n, step in zip(numbers, steps, strict=True)]
    return out


def test_the_stored_adjacency_is_patched_after_edits(source: Path, tmp_path: Path) -> None:
    """After edits that move citations, topics, authors (one re-resolved: a spelling that
    merges two people), venues and implementations, remove a paper and add one, the stored
    adjacency is patched from the change log, not built again, and every row equals a
    fresh build's; the paths equal the KB's. A title-only edit patches nothing."""
    import random

    from neurokb.cache import pathindex
    from neurokb.cache.sync import generation
    from neurokb.graph.build import AlgorithmNode

    root = tmp_path / "kb"
    shutil.copytree(source, root)
    papers = sorted((root / "entries" / "papers").glob("*.yaml"))
    catalogue = (AlgorithmNode("hebb", "Hebb's rule", (papers[0].stem, papers[7].stem)),)
    library = open_library(root)
    reader = library.reader  # type: ignore[attr-defined]
    pathindex.load(reader.conn, catalogue)  # stored, with its log

    def stored_at() -> set[int]:
        rows = reader.conn.execute("SELECT generation FROM derived WHERE name LIKE 'graph.%'")
        return {at for (at,) in rows}

    def check(edit_rows: bool) -> None:
        nonlocal library, reader
        library = open_library(root)
        reader = library.reader  # type: ignore[attr-defined]
        before = stored_at()
        patched = pathindex.load(reader.conn, catalogue)
        assert stored_at() == before != {generation(reader.conn)}, "patched, not built"
        assert bool(patched.rows) == edit_rows
        assert _rows(patched) == _rows(pathindex.build(reader.conn, catalogue))
        reference = KBLibrary(lambda: load_kb(root))
        kb = reference.whole()
        keys = sorted(kb.papers)
        rng = random.Random(len(keys))
        ends = keys[:40] + sorted(kb.topics)[:5] + ["algorithm:hebb"]
        for start, end in [(rng.choice(ends), rng.choice(ends)) for _ in range(25)]:
            assert pathindex.path(reader, start, end, catalogue) == reference.path(
                start, end, catalogue
            ), (start, end)

    text = papers[3].read_text(encoding="utf-8")
    papers[3].write_text(text.replace('\ntitle: "', '\ntitle: "Retitled ', 1), encoding="utf-8")
    check(edit_rows=False)
    text = original = papers[20].read_text(encoding="utf-8")
    other = papers[21].read_text(encoding="utf-8")
    text = _with_lists_of(text, other)
    text = text.replace("\ntype: ", "\nimplementations:\n  - hebb\ntype: ", 1)
    assert text != original
    papers[20].write_text(text, encoding="utf-8")
    papers[30].unlink()
    (root / "entries" / "papers" / "newcomer2020paper.yaml").write_text(
        f'title: "A newcomer"\nauthors:\n  - "Tie0, Anna Maria"\n  - "Fresh, Ed"\nyear: 2020\n'
        f'type: article\nvenue: "A brand new venue"\ntopics:\n  - '
        f"{_block(other, 'topics').split(chr(10))[0][4:]}\n"
        f"cites:\n  - {papers[5].stem}\n  - tiea2001alpha\n"
        "summary: |\n  A paper added after the adjacency was stored.\n",
        encoding="utf-8",
    )
    check(edit_rows=True)
    topic = sorted((root / "entries" / "topics").glob("*.yaml"))[0]  # a topic: built again
    topic.write_text(topic.read_text(encoding="utf-8").replace("\nname: ", "\nname: A ", 1))
    library = open_library(root)
    conn = library.reader.conn  # type: ignore[attr-defined]
    rebuilt = pathindex.load(conn, catalogue)
    assert not rebuilt.rows
    assert {at for (at,) in conn.execute(
        "SELECT generation FROM derived WHERE name LIKE 'graph.%'")} == {generation(conn)}  # fmt: skip


def test_checks_from_the_rows_equal_a_full_load(source: Path, tmp_path: Path) -> None:
    """The cross-entry checks run on the stored entries (no models) keep exactly what a full
    load keeps, on a KB with a problem of every check: unknown and repeated references, shared
    identifiers and aliases, near-identical titles, a Title Case title, TODO text, an unknown
    text citation, a topic cycle, and a file that does not validate but names unknown keys.
    ``stats`` then answers without a full load, equal to the KB's."""
    import json

    from neurokb.cache import db
    from neurokb.library.index import IndexLibrary

    root = tmp_path / "kb"
    shutil.copytree(source, root)
    papers = sorted((root / "entries" / "papers").glob("*.yaml"))
    edits = {
        40: ("\ncites:\n", "\ncites:\n  - nosuch2000paper\n"),
        41: ("\ntopics:\n", "\ntopics:\n  - no-such-topic\n"),
        45: ("\nsummary: |\n", "\nsummary: |\n  TODO: say what it found. See [@nosuch1999key].\n"),
    }
    for index, (old, new) in edits.items():
        text = papers[index].read_text(encoding="utf-8")
        assert old in text
        papers[index].write_text(text.replace(old, new, 1), encoding="utf-8")
    shared = {"doi": '"10.5555/nkb.shared"', "pmid": '"123"', "ids": "\n  - shared-alias"}
    title = papers[46].read_text(encoding="utf-8").split('\ntitle: "', 1)[1].split('"', 1)[0]
    for index, fields in ((42, shared), (43, shared), (47, {"doi": None, "title": title + "s"}),
                          (44, {"title": "Learning For Navigation In Recurrent Networks"})):  # fmt: skip
        lines = [
            line for line in papers[index].read_text(encoding="utf-8").split("\n")
            if line.partition(":")[0] not in fields
        ]  # fmt: skip
        at = lines.index(next(line for line in lines if line.startswith("type:")))
        lines[at:at] = [
            f"{name}: " + (f'"{value}"' if name == "title" else value) if name != "ids"
            else f"ids:{value}"
            for name, value in fields.items() if value is not None
        ]  # fmt: skip
        papers[index].write_text("\n".join(lines), encoding="utf-8")
    (root / "entries" / "papers" / "broken2001paper.yaml").write_text(
        'title: "Broken"\nyear: "not a year"\ncites:\n  - nosuch2002paper\n', encoding="utf-8"
    )
    topics = sorted((root / "entries" / "topics").glob("*.yaml"))
    for a, b in ((topics[1], topics[2]), (topics[2], topics[1])):
        text = a.read_text(encoding="utf-8")
        head, found, rest = text.partition("\nparents:\n")
        text = (
            head + found + f"  - {b.stem}\n" + rest
            if found
            else text.replace("\nname: ", f"\nparents:\n  - {b.stem}\nname: ", 1)
        )
        a.write_text(text, encoding="utf-8")

    library = open_library(root)
    assert isinstance(library, IndexLibrary)
    graphindex.store_checks(library.reader)
    mine = json.loads(db.get_meta(library.reader.conn, "checks"))
    codes = {problem[0] for problem in mine[1]}
    assert {"NKB019", "NKB020", "NKB021", "NKB022", "NKB024", "NKB026", "NKB027", "NKB029",
            "NKB031", "NKB050", "NKB051", "NKB054"} <= codes  # fmt: skip
    db.set_meta(library.reader.conn, "checks", "[-1, []]")
    library.whole()  # a full load runs them and stores its result
    assert json.loads(db.get_meta(library.reader.conn, "checks")) == mine
    db.set_meta(library.reader.conn, "checks", "[-1, []]")
    reference = KBLibrary(lambda: load_kb(root))
    fresh = open_library(root)
    assert fresh.stats(5, ["a"]) == reference.stats(5, ["a"])
    assert fresh.kb._kb is None  # type: ignore[attr-defined]  # no full load
