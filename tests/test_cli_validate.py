"""``neurokb validate``, ``schema``, ``show`` and ``--version`` as a user runs them."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from neurokb import __version__
from neurokb.cli.app import app
from neurokb.load.jsonschema import schema_text

FAILING = Path(__file__).parent / "data" / "failing"
runner = CliRunner()


def run(*args: str):
    return runner.invoke(app, list(args), catch_exceptions=False)


@pytest.fixture
def broken_kb(tmp_path: Path) -> Path:
    """A KB with one good paper and several broken files."""
    root = tmp_path / "kb"
    shutil.copytree(FAILING / "NKB012", root)
    for code in ("NKB001", "NKB011", "NKB017"):
        src = FAILING / code / "entries" / "papers" / "bad.yaml"
        shutil.copy(src, root / "entries" / "papers" / f"bad-{code.lower()}.yaml")
    return root


def test_version() -> None:
    result = run("--version")
    assert result.exit_code == 0
    assert result.stdout.strip() == f"neurokb {__version__}"


def test_validate_ok_prints_one_summary_line(tmp_path: Path) -> None:
    root = tmp_path / "kb"
    shutil.copytree(FAILING / "NKB012", root)
    (root / "entries" / "papers" / "bad.yaml").unlink()
    result = run("--kb", str(root), "validate")
    assert result.exit_code == 0, result.stdout
    lines = result.stdout.strip().splitlines()
    assert len(lines) == 1
    assert lines[0].startswith("ok: checked 1 papers and 1 topics in ")
    assert "0 error(s)" in lines[0]


def test_validate_reports_every_broken_file_in_one_run(broken_kb: Path) -> None:
    result = run("--kb", str(broken_kb), "validate")
    assert result.exit_code == 1
    out = result.stdout
    assert (
        "entries/papers/bad.yaml:7:7: error: NKB012 'year' must be a whole number (got 'nineteen')"
        in out
    )
    assert "entries/papers/bad-nkb001.yaml:1:8: error: NKB001" in out
    assert "entries/papers/bad-nkb011.yaml:2:1: error: NKB011 unknown field 'autors'" in out
    assert "hint: did you mean 'authors'?" in out
    assert "entries/papers/bad-nkb017.yaml:4:5: error: NKB017" in out
    assert "Traceback" not in out + result.stderr
    assert out.strip().splitlines()[-1].startswith("FAILED:")


def test_validate_json_shape(broken_kb: Path) -> None:
    result = run("--kb", str(broken_kb), "validate", "--format", "json")
    assert result.exit_code == 1
    data = json.loads(result.stdout)
    assert set(data) == {"ok", "summary", "problems"}
    assert data["ok"] is False
    first = data["problems"][0]
    assert set(first) == {"code", "message", "path", "line", "column", "field", "hint", "severity"}


def test_validate_github_annotations(broken_kb: Path) -> None:
    result = run("--kb", str(broken_kb), "validate", "--format", "github")
    assert result.exit_code == 1
    assert "::error file=entries/papers/bad.yaml,line=7,col=7,title=NKB012 year::" in result.stdout


def test_validate_given_files_only(broken_kb: Path) -> None:
    target = broken_kb / "entries" / "papers" / "bad-nkb011.yaml"
    result = run("--kb", str(broken_kb), "validate", str(target))
    assert result.exit_code == 1
    assert "bad-nkb011.yaml" in result.stdout
    assert "bad.yaml:" not in result.stdout
    good = broken_kb / "entries" / "papers" / "doe2020good.yaml"
    assert run("--kb", str(broken_kb), "validate", str(good)).exit_code == 0


def test_validate_file_outside_kb_is_a_usage_error(broken_kb: Path, tmp_path: Path) -> None:
    outside = tmp_path / "elsewhere.yaml"
    outside.write_text("title: x\n")
    result = run("--kb", str(broken_kb), "validate", str(outside))
    assert result.exit_code == 2
    assert "not inside the knowledge base" in result.stderr


def test_show_answers_with_a_broken_entry_present(broken_kb: Path) -> None:
    result = run("--kb", str(broken_kb), "show", "doe2020good", "--json")
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    assert data["key"] == "doe2020good"
    assert data["title"] == "A good paper"
    assert data["authors"] == [{"family": "Doe", "given": "Jane"}]
    assert "warning:" in result.stderr and "bad.yaml" in result.stderr


def test_show_unknown_key_suggests(broken_kb: Path) -> None:
    result = run("--kb", str(broken_kb), "show", "doe2020god")
    assert result.exit_code == 1
    assert "no paper or topic with key 'doe2020god'" in result.stderr
    assert "did you mean doe2020good" in result.stderr


def test_schema_matches_committed_files(repo_root: Path) -> None:
    for kind in ("paper", "topic"):
        result = run("schema", kind)
        assert result.exit_code == 0
        assert json.loads(result.stdout)["title"] == f"neurokb {kind} entry"
        committed = repo_root / "neurokb" / "schemas" / f"{kind}.schema.json"
        assert committed.read_text(encoding="utf-8") == schema_text(kind), (
            "regenerate with: neurokb schema paper > neurokb/schemas/paper.schema.json"
        )


def test_schema_validates_shipped_entries(repo_root: Path) -> None:
    jsonschema = pytest.importorskip("jsonschema")
    import yaml

    for kind, folder in (("paper", "papers"), ("topic", "topics")):
        schema = json.loads(schema_text(kind))
        for path in sorted((repo_root / "entries" / folder).glob("*.yaml"))[:200]:
            data = yaml.safe_load(path.read_text(encoding="utf-8"))
            data = json.loads(json.dumps(data, default=str))
            jsonschema.validate(data, schema)


def test_bad_usage_exits_2() -> None:
    result = run("validate", "--format", "xml")
    assert result.exit_code == 2


def test_console_script_has_no_traceback(broken_kb: Path) -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "neurokb", "--kb", str(broken_kb), "show", "nope"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert proc.returncode == 1
    assert "Traceback" not in proc.stderr


def test_validate_imports_only_what_it_uses(tmp_path: Path) -> None:
    """Start-up is most of a small KB's ``validate``: no NumPy, algorithms, rich or graph."""
    root = tmp_path / "kb"
    shutil.copytree(FAILING / "NKB012", root)
    code = (
        "import sys; from neurokb.cli.app import main; sys.argv = ['neurokb', 'validate']\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        "heavy = ('numpy', 'rich', 'networkx', 'jsonschema', 'citeproc', 'neurokb.algorithms.oja')\n"
        "print(sorted(m for m in heavy if m in sys.modules))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=root, capture_output=True, text=True, check=True
    )
    assert "NKB012" in result.stdout
    assert result.stdout.strip().splitlines()[-1] == "[]"
