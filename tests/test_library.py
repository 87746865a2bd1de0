"""The one query API: the same answers with and without the index, and never a stale one.

- every query command prints the same bytes (and exits the same) with the index as with
  ``--no-cache``, on a generated KB, cold and warm;
- the index is keyed by the whole package tree: an edit to any module under ``cite/`` gives
  it a new fingerprint, and an edit to ``cite/fixups.py`` shows in ``show --json`` at once
  (the stale-citation bug of issue 17), in a copy of the package run in a subprocess;
- a figure's cache key moves when a module its algorithm imports from is edited;
- no face imports :mod:`neurokb.cache`: the faces call :mod:`neurokb.library`.
"""

from __future__ import annotations

import ast
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from cachefixtures import REPO, copy_kb, generate_kb
from typer.testing import CliRunner

from neurokb.cli.app import COMMANDS, app
from neurokb.core.errors import NeuroKBError
from neurokb.core.fingerprint import PACKAGE, fingerprint
from neurokb.library import KBLibrary, open_library
from neurokb.load.loader import load_kb


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A generated KB with its index built (so every comparison below is cold vs warm)."""
    root = generate_kb(tmp_path_factory.mktemp("gen") / "kb", 400, seed=3)
    open_library(root).whole()
    return root


def _some(root: Path) -> dict[str, str]:
    """A few real keys and ids of the generated KB to ask about."""
    kb = load_kb(root)
    keys = sorted(kb.papers)
    cited = max(kb.cited_by, key=lambda k: len(kb.cited_by[k]))
    return {
        "paper": keys[11],
        "other": keys[200],
        "cited": cited,
        "topic": sorted(kb.topics)[3],
        "title": kb.papers[keys[42]].title,
        "family": kb.papers[keys[7]].authors[0].family,
    }


QUERY_COMMANDS = [
    ["show", "{paper}", "--json"], ["show", "{paper}"], ["show", "{cited}"],
    ["show", "{topic}", "--json"], ["show", "{topic}"], ["show", "{paper}x"],
    ["search", "learning", "--json"], ["search", "network*", "--limit", "4"],
    ["search", "{title}", "--json"], ["search", "author:{family}", "--json"],
    ["search", "topic:{topic} model", "--json"], ["search", "year:2000..2010 neural"],
    ["search", "author:nosuchpersonatall"], ["search", "xyzzyq", "--json"],
    ["list", "--json", "--limit", "20"], ["list", "--sort", "cited", "--limit", "8"],
    ["list", "--sort", "cited", "--json", "--reverse"], ["list", "--sort", "title", "-n", "5"],
    ["list", "--topic", "{topic}", "--year", "1990..", "--json"],
    ["list", "--author", "{family}", "--json"], ["list", "--venue", "journal", "-n", "3"],
    ["list", "--topic", "no-such-topic"], ["list", "--type", "preprint", "--json"],
    ["list", "--topic", "{topic}"], ["list", "--topic", "{topic}", "--reverse", "-n", "3"],
    ["list", "--topic", "{topic}", "--topic", "{topic}", "--json"],
    ["related", "{paper}", "--json"], ["related", "{cited}"], ["related", "{paper}x"],
    ["related", "{cited}", "--json", "-n", "40"],
    ["cite", "{paper}"], ["cite", "{paper}", "{other}"],
    ["cite", "{paper}", "{other}", "--json", "-s", "ieee"],
    ["cite", "{paper}", "-f", "bibtex"], ["cite", "{paper}", "nosuchkey2020"],
    ["path", "{paper}", "{other}", "--json"], ["reading-list", "{topic}", "--json"],
    ["stats", "--json"], ["stats", "-n", "3"], ["export", "-f", "ris", "--topic", "{topic}"],
    ["reading-list", "{topic}", "-n", "4"], ["reading-list", "{topic}", "--json", "-n", "2"],
    ["reading-list", "no-such-topic"], ["graph", "export", "-f", "json"],
    ["graph", "export", "-f", "dot", "-k", "paper", "-k", "author"],
]  # fmt: skip


@pytest.mark.parametrize("args", QUERY_COMMANDS, ids=" ".join)
def test_query_commands_answer_the_same_with_and_without_the_index(
    generated: Path, args: list[str]
) -> None:
    words = _some(generated)
    args = [arg.format(**words) for arg in args]
    runner = CliRunner()
    cold = runner.invoke(app, ["--kb", str(generated), "--no-cache", *args])
    assert cold.exception is None or isinstance(cold.exception, SystemExit), cold.exception
    warm = runner.invoke(app, ["--kb", str(generated), *args])  # answered from the index
    assert (warm.exit_code, warm.stdout) == (cold.exit_code, cold.stdout), args


def test_every_query_command_is_compared() -> None:
    compared = {args[0] for args in QUERY_COMMANDS}
    writers = {"validate", "schema", "fmt", "review", "new", "add", "algorithms", "run"}
    assert set(COMMANDS) - writers == compared


def test_the_index_library_delegates_what_it_cannot_answer(generated: Path) -> None:
    library = open_library(generated)
    assert not isinstance(library, KBLibrary)  # over the index
    key = _some(generated)["paper"]
    with pytest.raises(NeuroKBError) as info:
        library.detail(key + "x")  # the index has no such key; the KB says which are near
    assert key in info.value.hint


def _package_copy(tmp_path: Path) -> Path:
    """A copy of the package (sources, styles, schemas) that a subprocess imports first."""
    target = tmp_path / "pkg"
    shutil.copytree(
        PACKAGE, target / "neurokb", ignore=shutil.ignore_patterns("__pycache__", "assets")
    )
    return target


@pytest.mark.parametrize(
    "module", sorted(p.relative_to(PACKAGE).as_posix() for p in (PACKAGE / "cite").glob("*.py"))
)
def test_editing_any_cite_module_gives_the_index_a_new_fingerprint(
    tmp_path: Path, module: str
) -> None:
    copy = _package_copy(tmp_path) / "neurokb"
    before = fingerprint(root=copy)
    with open(copy / module, "a", encoding="utf-8") as file:
        file.write("\n# an edit\n")
    assert fingerprint(root=copy) != before


def test_a_citation_fix_shows_in_show_json_at_once(tmp_path: Path) -> None:
    """Issue 17's reproduction: edit cite/fixups.py, and ``show --json`` reflects it."""
    package = _package_copy(tmp_path)
    kb = copy_kb(REPO, tmp_path / "kb")
    env = {**os.environ, "PYTHONPATH": str(package)}
    command = [sys.executable, "-m", "neurokb", "--kb", str(kb), "show", "zenke2018superspike",
               "--json"]  # fmt: skip

    def citation() -> str:
        result = subprocess.run(
            command, env=env, cwd=tmp_path, capture_output=True, text=True, check=True
        )  # cwd: `python -m` puts it first on sys.path, before PYTHONPATH
        return json.loads(result.stdout)["citation"]  # type: ignore[no-any-return]

    original = citation()
    assert citation() == original  # now stored in the index
    fixups = package / "neurokb" / "cite" / "fixups.py"
    old = 'def space_in_date(text: str) -> str:\n    return _YEAR_MONTH.sub(" ", text)\n'
    new = (
        'def space_in_date(text: str) -> str:\n    return "EDITED " + _YEAR_MONTH.sub(" ", text)\n'
    )
    assert old in fixups.read_text()
    fixups.write_text(fixups.read_text().replace(old, new))
    assert citation() == "EDITED " + original


def test_a_figure_key_follows_the_modules_its_algorithm_imports(tmp_path: Path) -> None:
    from neurokb.algorithms.base import registry
    from neurokb.site.figures import cache_key

    copy = _package_copy(tmp_path) / "neurokb"
    alg = registry()["hopfield"]
    source = (PACKAGE / "algorithms" / "hopfield.py").read_text()
    assert "from neurokb.algorithms.base import" in source  # what the edit below relies on
    before = cache_key(alg, copy)
    fixups = copy / "cite" / "fixups.py"  # not imported by the algorithm: no new drawing
    fixups.write_text(fixups.read_text() + "\n# an edit\n")
    assert cache_key(alg, copy) == before
    base = copy / "algorithms" / "base.py"
    base.write_text(base.read_text().replace("def register(", "def register(  ", 1))
    assert cache_key(alg, copy) != before
    assert cache_key(alg, PACKAGE) == cache_key(alg, PACKAGE)


FACES = [PACKAGE / "mkdocs_plugin.py", *sorted((PACKAGE / "cli").rglob("*.py"))]


@pytest.mark.parametrize("face", FACES, ids=lambda p: p.relative_to(PACKAGE).as_posix())
def test_no_face_imports_the_cache(face: Path) -> None:
    tree = ast.parse(face.read_text(encoding="utf-8"))
    imported = {
        node.module if isinstance(node, ast.ImportFrom) else alias.name
        for node in ast.walk(tree)
        if isinstance(node, ast.Import | ast.ImportFrom)
        for alias in node.names
    }
    assert not {m for m in imported if m and m.split(".")[:2] == ["neurokb", "cache"]}
    assert "neurokb.cache.open" not in imported


def test_the_command_list_is_derived_from_one_module_per_command() -> None:
    """Each module of neurokb.cli.commands registers exactly the command it is named after."""
    import importlib

    import typer

    from neurokb.cli.common import App

    assert COMMANDS and list(COMMANDS) == sorted(COMMANDS)
    for name, module in COMMANDS.items():
        app = App()
        importlib.import_module(f"neurokb.cli.commands.{module}").register(app)
        assert list(typer.main.get_group(app).commands) == [name], module


def test_both_libraries_give_the_same_whole_kb_and_graph(generated: Path) -> None:
    from neurokb.graph.build import AlgorithmNode

    catalogue = (AlgorithmNode("made-up", "Made up", ()),)
    indexed, read = open_library(generated), open_library(generated, use_index=False)
    assert isinstance(read, KBLibrary) and not isinstance(indexed, KBLibrary)
    assert indexed.whole().papers == read.whole().papers
    assert set(indexed.graph(catalogue).edges) == set(read.graph(catalogue).edges)
