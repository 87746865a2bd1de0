"""``neurokb algorithms`` and ``neurokb run``: JSON shapes, parameters, errors, figures."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from neurokb.algorithms.base import registry
from neurokb.cli.app import app

runner = CliRunner()


def test_algorithms_json_shape(shipped_kb) -> None:
    result = runner.invoke(app, ["algorithms", "--json"])
    assert result.exit_code == 0
    items = json.loads(result.stdout)
    assert len(items) == len(registry()) >= 10
    for item in items:
        assert {"name", "title", "papers", "topic", "claim"} <= set(item)
        assert isinstance(item["papers"], list) and item["papers"]
        for key in item["papers"]:
            assert key in shipped_kb.papers, f"{item['name']} points at unknown paper {key}"
            assert item["name"] in shipped_kb.papers[key].implementations
        assert item["topic"] in shipped_kb.topics


def test_run_json_with_param_and_plot(tmp_path: Path) -> None:
    png = tmp_path / "oja.png"
    result = runner.invoke(
        app, ["run", "oja", "--seed", "3", "-p", "n_samples=2000", "--json", "--plot", str(png)]
    )
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["name"] == "oja" and data["seed"] == 3
    assert data["params"]["n_samples"] == 2000
    assert "claim_holds" in data["metrics"]
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_run_is_deterministic() -> None:
    first = json.loads(runner.invoke(app, ["run", "oja", "--json"]).stdout)
    second = json.loads(runner.invoke(app, ["run", "oja", "--json"]).stdout)
    assert first["metrics"] == second["metrics"]


def test_run_human_table() -> None:
    result = runner.invoke(app, ["run", "oja"])
    assert result.exit_code == 0
    assert "final_norm" in result.stdout and "claim:" in result.stdout


def test_unknown_algorithm_suggests() -> None:
    result = runner.invoke(app, ["run", "hopfeld"])
    assert result.exit_code == 1
    assert "no algorithm named 'hopfeld'" in result.stderr
    assert "did you mean hopfield" in result.stderr


def test_unknown_or_bad_parameter() -> None:
    result = runner.invoke(app, ["run", "oja", "-p", "etta=0.1"])
    assert result.exit_code == 1
    assert "did you mean 'eta'" in result.stderr
    result = runner.invoke(app, ["run", "oja", "-p", "eta=fast"])
    assert result.exit_code == 1
    assert "eta expects float" in result.stderr
    result = runner.invoke(app, ["run", "oja", "-p", "eta"])
    assert result.exit_code == 2
