"""The read commands answered without Typer (:mod:`neurokb.cli.quick`) answer as Typer does.

- every command line the quick path takes gives the same exit code, stdout and stderr as the
  Typer application given the same line (tables, JSON, "not found" errors with their hints,
  notes, ``--kb``/``NEUROKB_DIR``/``--no-cache``, long, short and ``--name=value`` options);
- every line it is unsure of (help, usage errors, values Typer rejects, other commands) is
  left to Typer before anything is printed;
- a fresh ``neurokb show/search/list/related`` process imports neither Typer nor Click, and
  ``neurokb --help`` still answers through Typer.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from kbfixtures import mini_kb
from typer.testing import CliRunner

from neurokb.cli.quick import LIMITS, OPTIONS, answer
from neurokb.cli.root import app

runner = CliRunner()


@pytest.fixture(scope="module")
def root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    kb = mini_kb(tmp_path_factory.mktemp("quick"))
    runner.invoke(app, ["--kb", str(kb), "search", "hebbian", "--json"])  # builds the index
    return kb


def quick(args: list[str], env: dict[str, str] | None = None) -> tuple[int | None, bytes, bytes]:
    """``answer(args)`` with stdout and stderr captured as CliRunner captures them."""
    with runner.isolation(env=env) as (out, err, _):
        code = answer(args)
        sys.stdout.flush()
        sys.stderr.flush()
        return code, out.getvalue(), err.getvalue()


def typer_answer(args: list[str], env: dict[str, str] | None = None) -> tuple[int, bytes, bytes]:
    result = runner.invoke(app, args, env=env)
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    return result.exit_code, result.stdout_bytes, result.stderr_bytes


KEY, TOPIC = "hebb1949organization", "synaptic-plasticity"
ANSWERED = [
    ["show", KEY], ["show", KEY, "--json"], ["show", "--json", KEY], ["show", TOPIC],
    ["show", "zenke2018superspike"], ["show", "neuroai", "--json"], ["show", "hebb1949organisation"],
    ["search", "hebbian"], ["search", "hebbian", "--json"], ["search", "spiking", "plasticity"],
    ["search", "learning", "-n", "2"], ["search", "--limit=1", "learning", "--json"],
    ["search", "--limit", "3", "author:zenke"], ["search", "author:zenke", "--json"],
    ["search", "author:van rossum"], ["search", "hebbain"], ["search", "hebbain", "--json"],
    ["search", "year:abc"], ["search", '"feedback alignment"', "--json"],
    ["list"], ["list", "--topic", TOPIC], ["list", "-t", TOPIC, "--json"],
    ["list", "--topic=neuron-level", "--topic", "memory", "--sort", "cited"],
    ["list", "--year", "2015..", "-s", "title", "-r"], ["list", "-y", "..1990", "--json"],
    ["list", "--type", "preprint"], ["list", "--type", "article", "--type", "preprint", "-n", "2"],
    ["list", "--author", "zenke", "--venue", "nature"], ["list", "-a", "nobody"],
    ["list", "--topic", "no-such-topic"], ["list", "--sort=cited", "--reverse", "--json"],
    ["related", KEY], ["related", KEY, "--json", "-n", "2"], ["related", "alpha2019first"],
    ["related", "nosuchkey2000paper"], ["related", "--limit=1", KEY],
    ["cite", KEY], ["cite", KEY, "--json"], ["cite", KEY, "zenke2018superspike", "-s", "ieee"],
    ["cite", "--format", "bibtex", KEY], ["cite", KEY, "-f", "csl-json"], ["cite", "nosuchkey"],
    ["cite", KEY, "--style=nature", "--format=markdown"], ["cite", KEY, "-s", "no-such-style"],
    ["cite", KEY, "-f", "ris", "--json"], ["cite", "hebb1949organisation"],
]  # fmt: skip
LEFT_TO_TYPER = [
    [], ["--help"], ["-h"], ["--version"], ["show"], ["show", KEY, "--help"], ["show", KEY, "x"],
    ["show", KEY, "--json=1"], ["show", "--", KEY], ["show", ""], ["show", "-"],
    ["search"], ["search", "x", "-n", "0"], ["search", "x", "-n5"], ["search", "x", "--limit"],
    ["search", "x", "--limit", "ten"], ["search", "x", "--limit", "1", "-n", "2"],
    ["search", "-x"], ["list", "--year", "abc"], ["list", "--year", "2019..2016"],
    ["list", "--type", "Article"], ["list", "--sort", "newest"], ["list", "extra"],
    ["list", "--topic", "--json"], ["list", "--topic="], ["related"], ["related", KEY, KEY],
    ["cite"], ["cite", KEY, "-f", "BibTeX"], ["cite", KEY, "--format", "docx"],
    ["cite", KEY, "-s", "apa", "-s", "ieee"], ["stats"], ["nosuchcommand"], ["--no-cache=1", "show", KEY],
    ["--kb"], ["--kb", "a", "--kb", "b", "show", KEY],
]  # fmt: skip


@pytest.mark.parametrize("args", ANSWERED, ids=" ".join)
def test_the_quick_path_answers_as_typer(root: Path, args: list[str]) -> None:
    for argv in (["--kb", str(root), *args], [f"--kb={root}", "--no-cache", *args]):
        code, out, err = quick(argv)
        assert code is not None, "left to Typer"
        assert (code, out, err) == typer_answer(argv)


def test_the_kb_from_the_environment(root: Path, tmp_path: Path) -> None:
    env = {"NEUROKB_DIR": str(root)}
    for args in (["show", KEY], ["list", "--topic", TOPIC]):
        assert quick(args, env) == typer_answer(args, env)
    (tmp_path / "file").write_text("x")  # Typer's usage error: the directory is a file
    assert quick(["show", KEY], {"NEUROKB_DIR": str(tmp_path / "file")})[0] is None
    assert quick(["--kb", str(tmp_path / "file"), "show", KEY])[0] is None
    missing = {"NEUROKB_DIR": str(tmp_path / "missing")}  # no KB there: the same error
    assert quick(["show", KEY], missing) == typer_answer(["show", KEY], missing)


def test_shell_completion_is_left_to_typer(root: Path) -> None:
    assert quick(["--kb", str(root), "show", KEY], {"_NEUROKB_COMPLETE": "bash_source"}) == (
        None, b"", b"",
    )  # fmt: skip


def test_an_interrupted_command_ends_as_under_typer(
    root: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def interrupted(*_: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr("neurokb.cli.reads.search", interrupted)
    argv = ["--kb", str(root), "search", "hebbian"]
    assert quick(argv) == typer_answer(argv) == (130, b"", b"")


@pytest.mark.parametrize("args", LEFT_TO_TYPER, ids=lambda a: " ".join(a) or "(none)")
def test_unusual_lines_are_left_to_typer_untouched(root: Path, args: list[str]) -> None:
    for argv in (args, ["--kb", str(root), *args]):
        assert quick(argv) == (None, b"", b"")


_PROBE = """
import json, sys
from neurokb.cli.app import main
try:
    main()
finally:
    sys.stderr.write("LOADED " + json.dumps(sorted(m for m in ("typer", "click", "rich")
                                                   if m in sys.modules)) + "\\n")
"""


def _loaded(*args: str) -> tuple[list[str], str]:
    done = subprocess.run(
        [sys.executable, "-c", _PROBE, *args], capture_output=True, text=True, timeout=120
    )
    marker = [line for line in done.stderr.splitlines() if line.startswith("LOADED ")]
    assert marker, done.stderr
    return json.loads(marker[-1][len("LOADED ") :]), done.stdout


def test_read_commands_never_import_typer(root: Path) -> None:
    kb = ["--kb", str(root)]
    for args in (["show", KEY], ["search", "hebbian", "--json"], ["list", "-t", TOPIC],
                 ["related", KEY, "--json"], ["cite", KEY]):  # fmt: skip
        loaded, out = _loaded(*kb, *args)
        assert out and "typer" not in loaded and "click" not in loaded, args
    loaded, out = _loaded("--help")
    assert "typer" in loaded and "Commands:" in out


@pytest.mark.parametrize("name", sorted(OPTIONS))
def test_the_quick_path_reads_the_options_typer_declares(name: str) -> None:
    """Names, whether each takes a value, and the default limit, against the Typer command:
    an option added or renamed there must be added here too (or its lines would be refused)."""
    import typer.main

    group = typer.main.get_command(app)
    command = group.get_command(group.make_context("neurokb", [name]), name)
    declared, limit = {}, None
    for param in command.params:
        if param.param_type_name != "option" or param.name == "help":
            continue
        for flag in [*param.opts, *param.secondary_opts]:
            declared[flag] = not param.is_flag
        if param.name == "limit":
            limit = param.default
    assert {flag: takes for flag, (_, takes) in OPTIONS[name].items()} == declared
    assert LIMITS.get(name) == limit
