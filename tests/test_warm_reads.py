"""Warm reads answered from the index, without the models: what keeps them interactive.

- every read command answered from a warm index, terminal view included, imports neither
  Pydantic nor the models (importing them costs more than the whole answer may take), and
  ``--json`` answers do not import Rich either; ``cite KEY`` needs no citeproc once the
  reference is in the index;
- :class:`~neurokb.core.paperview.PaperView` reads like the model it stands for;
- ``cite KEY`` from the index prints what the full path prints (also compared, with every
  query command, in ``test_library.py``).
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from cachefixtures import age_tree, copy_kb, generate_kb
from typer.testing import CliRunner

from neurokb.cli.app import app
from neurokb.core.models import Paper, Person
from neurokb.core.paperview import PaperView, best_spelling_of, person_display, person_inverted
from neurokb.graph.identity import best_spelling
from neurokb.library import open_library
from neurokb.load.loader import load_kb


@pytest.fixture(scope="module")
def warm(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = generate_kb(tmp_path_factory.mktemp("warm") / "kb", 150, seed=5)
    age_tree(root)  # out of the racy window: the next reads find the index up to date
    open_library(root).whole()  # builds the index
    return root


_PROBE = """
import json, sys
from neurokb.cli.app import main
try:
    main()
finally:
    heavy = ("pydantic", "neurokb.core.models", "citeproc", "rich")
    loaded = sorted({m.split(".")[0] if m.startswith(("pydantic", "rich", "citeproc")) else m
                     for m in sys.modules if m.startswith(heavy)})
    sys.stderr.write("LOADED " + json.dumps(loaded) + "\\n")
"""


def _loaded(root: Path, *args: str) -> list[str]:
    """The heavy modules a fresh ``neurokb --kb ROOT ARGS`` imported."""
    done = subprocess.run(
        [sys.executable, "-c", _PROBE, "--kb", str(root), *args],
        capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert done.returncode in (0, 1), done.stderr
    marker = [line for line in done.stderr.splitlines() if line.startswith("LOADED ")]
    assert marker, done.stderr
    return json.loads(marker[-1][len("LOADED ") :])  # type: ignore[no-any-return]


def _some(root: Path) -> tuple[str, str]:
    kb = load_kb(root)
    key = max(kb.cited_by, key=lambda k: len(kb.cited_by[k]))  # cites and is cited
    return key, kb.papers[key].topics[0]


def test_warm_reads_import_no_models(warm: Path) -> None:
    key, topic = _some(warm)
    _loaded(warm, "show", key, "--json")  # makes and keeps the reference once
    for args in (
        ["show", key, "--json"], ["search", "learning", "--json"], ["search", "xyzzyq", "--json"],
    ):  # fmt: skip
        assert _loaded(warm, *args) in ([], ["rich"] if "xyzzyq" in args else []), args
    for args in (["show", key], ["search", "learning"], ["cite", key],
                 ["list", "--topic", topic], ["related", key]):  # fmt: skip
        assert not {"pydantic", "neurokb.core.models", "citeproc"} & set(_loaded(warm, *args))


def test_a_paper_view_reads_like_its_model() -> None:
    data = {
        "key": "a2020x", "title": "T", "year": 2020, "type": "article", "et_al": False,
        "authors": [{"family": "Howard", "given": "Matthew A.", "suffix": "III"}],
    }  # fmt: skip
    people = [
        {"family": "Howard", "given": "Matthew A.", "suffix": "III"},
        {"literal": "Numenta"},
        {"family": "Zenke", "given": "Friedemann"},
        {"family": "Ganguli", "given": ""},
    ]
    for person in people:
        assert person_display(person) == Person(**person).display
        assert person_inverted(person) == Person(**person).inverted
    spellings = [Person(family="Zenke", given=g) for g in ("F.", "Friedemann", "Fr.", "")]
    for group in (spellings, spellings[:1], spellings[2:], [Person(**people[0]), *spellings]):
        assert best_spelling_of([p.model_dump(mode="json") for p in group]) == best_spelling(group)
    for authors, et_al in ((people[:1], False), (people[1:3], False), (people, False),
                           (people[2:3], True)):  # fmt: skip
        paper = Paper(**{**data, "authors": authors, "et_al": et_al})
        view = PaperView(paper.model_dump(mode="json"))
        assert (view.label, view.key, view.year, view.title) == (
            paper.label,
            paper.key,
            paper.year,
            paper.title,
        )
        assert view.author_names == [a.display for a in paper.authors]
        assert view.model_dump() == paper.model_dump(mode="json")
    editors = Paper(**{**data, "authors": [], "editors": people[2:3], "type": "book"})
    assert PaperView(editors.model_dump(mode="json")).label == editors.label


def test_cite_one_key_from_the_index_equals_the_full_path(warm: Path) -> None:
    key, _ = _some(warm)
    runner = CliRunner()
    cold = runner.invoke(app, ["--kb", str(warm), "--no-cache", "cite", key])
    for _ in range(2):  # the first makes and keeps the reference, the second reads it
        hot = runner.invoke(app, ["--kb", str(warm), "cite", key])
        assert (hot.exit_code, hot.stdout) == (0, cold.stdout)


BROAD_QUERIES = [
    ["learning", "--json"], ["learning", "--json", "--limit", "40"], ["the", "--json"],
    ["learning", "networks"], ["learning", "zzqx", "--json"], ["net*", "--json", "-n", "3"],
    ['"neural networks"', "--json"], ["year:1990.. learning", "--json", "-n", "25"],
    ["{title}", "--json"], ["{title}", "learning", "--json"], ["{key}", "--json"],
]  # fmt: skip


@pytest.mark.parametrize("way", ["probe", "set", "collect", None])
@pytest.mark.parametrize("args", BROAD_QUERIES, ids=" ".join)
def test_broad_queries_answer_the_same_with_and_without_the_index(
    warm: Path, args: list[str], way: str | None, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A broad query (more matches than BROAD, lowered here so that a small KB has them) lists
    the same papers in the same order, with the same scores, from the index as from the files,
    whichever way the index finds the newest matches (None: the way it chooses)."""
    from neurokb.cache import reader
    from neurokb.search import engine

    monkeypatch.setattr(engine, "BROAD", 8)  # the reader takes it from the engine when it searches
    if way is not None:
        monkeypatch.setattr(reader, "_way", lambda *_: way)
    kb = load_kb(warm)
    paper = next(p for p in kb.papers.values() if "learning" in p.title.lower())
    args = [arg.format(title=paper.title, key=paper.key) for arg in args]
    runner = CliRunner()
    cold = runner.invoke(app, ["--kb", str(warm), "--no-cache", "search", *args])
    warm_run = runner.invoke(app, ["--kb", str(warm), "search", *args])
    assert (warm_run.exit_code, warm_run.stdout) == (cold.exit_code, cold.stdout)
    if "--json" in args and cold.exit_code == 0:
        found = json.loads(cold.stdout)
        assert found["total"] > 8 or {"zzqx", paper.title, paper.key} & set(args)
        results = found["results"]
        keys = [r["key"] for r in results]
        years = [r["year"] for r in results]
        if found["total"] > 8 and paper.title not in args and paper.key not in args:
            titled = ["title" in r["matched"] for r in results]
            assert titled == sorted(titled, reverse=True)  # title matches first
            for flag in (True, False):  # then newest first
                same = [y for y, t in zip(years, titled, strict=True) if t is flag]
                assert same == sorted(same, reverse=True)
        assert len(keys) == len(set(keys))


def _retitle(root: Path, number: int, title: str) -> Path:
    """Give the ``number``-th paper file of ``root`` the title ``title``; return its path."""
    path = sorted((root / "entries" / "papers").glob("*.yaml"))[number]
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    at = next(i for i, line in enumerate(lines) if line.startswith("title:"))
    lines[at] = f"title: {title}\n"
    path.write_text("".join(lines), encoding="utf-8")
    age_tree(root)
    return path


def test_a_broad_query_lists_the_exact_title_first(
    warm: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from neurokb.search import engine

    monkeypatch.setattr(engine, "BROAD", 8)  # the reader takes it from the engine when it searches
    root = copy_kb(warm, tmp_path / "kb")
    path = _retitle(root, 7, "Learning")
    runner = CliRunner()
    for args in (["learning", "--json", "-n", "5"], ["learning"]):
        cold = runner.invoke(app, ["--kb", str(root), "--no-cache", "search", *args])
        hot = runner.invoke(app, ["--kb", str(root), "search", *args])
        assert (hot.exit_code, hot.stdout) == (cold.exit_code, cold.stdout)
    hot = runner.invoke(app, ["--kb", str(root), "search", "learning", "--json", "-n", "5"])
    found = json.loads(hot.stdout)
    assert found["total"] > 8 and found["results"][0]["key"] == path.stem


def test_close_matches_equal_difflibs() -> None:
    import difflib
    import random

    from neurokb.search.bm25 import close_matches

    rng = random.Random(7)
    letters = "abehilnoprstu019"
    pool = sorted({"".join(rng.choices(letters, k=rng.randint(2, 12))) for _ in range(600)})
    pool += ["hopfield", "hopfields", "hopfeld", "hebbian", "hebb", "hebbs"]
    for word in ["hopfeld", "hebian", "plasticty", "a", "zz", *rng.sample(pool, 20)]:
        for n, cutoff in ((3, 0.75), (5, 0.6)):
            assert close_matches(word, pool, n, cutoff) == difflib.get_close_matches(
                word, pool, n, cutoff
            )


def test_did_you_mean_follows_an_edit(warm: Path, tmp_path: Path) -> None:
    """The spelling pools kept in the index are made again once the FTS index changes."""
    root = copy_kb(warm, tmp_path / "kb")
    age_tree(root)
    runner = CliRunner()

    def notes(word: str) -> str:
        done = runner.invoke(app, ["--kb", str(root), "search", word, "--json"])
        assert done.exit_code == 1
        return done.stderr

    assert "quokkaology" not in notes("quokkaologi")  # pools made and kept
    _retitle(root, 3, "Quokkaology of the hippocampus")
    assert "did you mean quokkaology" in notes("quokkaologi")
    cold = runner.invoke(app, ["--kb", str(root), "--no-cache", "search", "quokkaologi"])
    assert "did you mean quokkaology" in cold.stderr
