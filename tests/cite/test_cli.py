"""``neurokb cite`` and ``neurokb export``: exit codes, stdout and stderr kept apart."""

from __future__ import annotations

import json
from pathlib import Path

from pybtex.database import parse_file
from typer.testing import CliRunner

from neurokb.cli.app import app

REPO = Path(__file__).parents[2]
runner = CliRunner()


def run(*args: str):
    return runner.invoke(app, ["--kb", str(REPO), *args], catch_exceptions=False)


def test_cite_apa() -> None:
    result = run("cite", "zenke2018superspike", "--style", "apa")
    assert result.exit_code == 0
    assert result.stdout == (
        "Zenke, F., & Ganguli, S. (2018). SuperSpike: Supervised learning in multilayer spiking "
        "neural networks. Neural Computation, 30(6), 1514–1541. "
        "https://doi.org/10.1162/neco_a_01086\n"
    )


def test_cite_bibtex_and_json() -> None:
    assert run("cite", "zenke2018superspike", "-f", "bibtex").stdout.startswith(
        "@article{zenke2018superspike,"
    )
    data = json.loads(
        run("cite", "zenke2018superspike", "jonas2017neuroscientist", "--json").stdout
    )
    assert [r["key"] for r in data["references"]] == [
        "zenke2018superspike",
        "jonas2017neuroscientist",
    ]
    assert data["references"][0]["in_text"] == "(Zenke & Ganguli, 2018)"


def test_cite_unknown_key_and_style() -> None:
    result = run("cite", "zenke2018superspik")
    assert result.exit_code == 1 and "zenke2018superspike" in result.stderr
    result = run("cite", "zenke2018superspike", "--style", "harvard-x")
    assert result.exit_code == 1 and "unknown citation style" in result.stderr


def test_cite_with_a_csl_file(tmp_path: Path) -> None:
    style = REPO / "neurokb" / "styles" / "ieee.csl"
    result = run("cite", "zenke2018superspike", "--style", str(style))
    assert result.stdout.startswith("[1] F. Zenke and S. Ganguli")


def test_export_whole_kb_to_file(tmp_path: Path, shipped_kb) -> None:
    out = tmp_path / "refs.bib"
    result = run("export", "--format", "bibtex", "-o", str(out))
    assert result.exit_code == 0 and result.stdout == ""
    assert f"wrote {len(shipped_kb.papers)} paper(s)" in result.stderr
    assert len(parse_file(str(out)).entries) == len(shipped_kb.papers)


def test_export_selection(shipped_kb) -> None:
    result = run("export", "-f", "csl-json", "--topic", "spiking-neural-networks")
    keys = [item["id"] for item in json.loads(result.stdout)]
    assert "zenke2018superspike" in keys and "hopfield1982neural" not in keys
    result = run("export", "-f", "ris", "--query", "SuperSpike")
    assert "ID  - zenke2018superspike" in result.stdout
    assert 1 <= result.stdout.count("TY  - ") < len(shipped_kb.papers)


def test_cite_answers_from_the_index_without_loading_the_kb(monkeypatch) -> None:
    keys = ["zenke2018superspike", "jonas2017neuroscientist"]
    expected = runner.invoke(app, ["--kb", str(REPO), "--no-cache", "cite", *keys]).stdout
    run("show", keys[0])  # the index exists and is fresh

    def no_full_load(self: object) -> None:
        raise AssertionError("cite restored the whole knowledge base")

    monkeypatch.setattr("neurokb.library.KBLibrary.whole", no_full_load)
    assert run("cite", *keys).stdout == expected
    with_unknown = runner.invoke(app, ["--kb", str(REPO), "cite", keys[0], "zenke2018superspik"])
    assert isinstance(with_unknown.exception, AssertionError)  # unknown keys: the full path
