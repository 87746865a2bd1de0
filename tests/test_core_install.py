"""The core install works without the ``site`` extra (mkdocs, Material, matplotlib).

``pip install neurokb`` to cite one paper should not pull in a static-site generator and a
plotting library. These tests pin the split in pyproject.toml and run the core commands in a
process where importing any site package fails, as it would in a venv without the extra.
"""

from __future__ import annotations

import subprocess
import sys
import tomllib
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SITE_ONLY = ("mkdocs", "material", "matplotlib", "pymdownx")

# Runs one CLI command with every site-only package made unimportable.
_BLOCKED_RUN = """
import sys
class _Blocker:
    def find_spec(self, name, path=None, target=None):
        if name.split('.')[0] in {blocked!r}:
            raise ModuleNotFoundError(f"No module named {{name!r}} (blocked by the test)")
        return None
sys.meta_path.insert(0, _Blocker())
from neurokb.cli.app import main
sys.argv = ['neurokb', *{args!r}]
try:
    main()
except SystemExit as exc:
    sys.exit(exc.code)
"""


def _requirement_names(requirements: list[str]) -> set[str]:
    names = set()
    for req in requirements:
        name = req.split(";")[0]
        for sep in "<>=!~[ ":
            name = name.split(sep)[0]
        names.add(name.lower())
    return names


def test_core_dependencies_leave_out_the_site_packages() -> None:
    project = tomllib.loads((REPO / "pyproject.toml").read_text())["project"]
    core = _requirement_names(project["dependencies"])
    assert not core & {"mkdocs", "mkdocs-material", "matplotlib", "pymdown-extensions"}
    site = _requirement_names(project["optional-dependencies"]["site"])
    assert {"mkdocs", "mkdocs-material", "matplotlib", "pymdown-extensions"} <= site
    assert "neurokb" in _requirement_names(project["optional-dependencies"]["test"])


def _run_blocked(*args: str) -> subprocess.CompletedProcess[str]:
    code = _BLOCKED_RUN.format(blocked=SITE_ONLY, args=list(args))
    return subprocess.run(
        [sys.executable, "-c", code],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_cite_search_and_validate_work_without_the_site_extra() -> None:
    for args in (
        ("--no-cache", "cite", "hopfield1982neural", "--style", "apa"),
        ("--no-cache", "search", "hopfield", "--json"),
        ("validate",),
    ):
        result = _run_blocked(*args)
        assert result.returncode == 0, (args, result.stderr)
        assert "Traceback" not in result.stderr
    assert "Hopfield" in _run_blocked("--no-cache", "cite", "hopfield1982neural").stdout


def test_a_figure_without_matplotlib_is_one_error_with_the_fix(tmp_path: Path) -> None:
    result = _run_blocked("run", "oja", "--plot", str(tmp_path / "oja.png"))
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert "needs matplotlib" in result.stderr
    assert "pip install 'neurokb[site]'" in result.stderr
    assert not (tmp_path / "oja.png").exists()
