"""``validate --format github`` cannot be made to emit workflow commands (issue 21, item 5).

The Actions runner reads every stdout line starting with ``::`` as a command. A newline in a
file name or in a quoted value used to end the annotation and start a line of the
contributor's choosing; a ``,`` or ``:`` in a file name could set other properties. Messages are
escaped as workflow-command data (``%25``, ``%0D``, ``%0A``), properties also ``%3A``, ``%2C``.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from clicheck import invoke

from neurokb.core.errors import Problem
from neurokb.load.report import format_problem

FAILING = Path(__file__).parent / "data" / "failing"


def test_annotation_escapes_data_and_properties() -> None:
    problem = Problem(
        "NKB012",
        "'year' must be a whole number (got '100%\r\n::add-mask::x')",
        "entries/papers/a,b:c\n::warning file=README.md::pwned.yaml",
        7,
        3,
        "year",
        "write 2016",
    )
    line = format_problem(problem, github=True)
    assert line == (
        "::error file=entries/papers/a%2Cb%3Ac%0A%3A%3Awarning file=README.md%3A%3Apwned.yaml,"
        "line=7,col=3,title=NKB012 year::NKB012 'year' must be a whole number "
        "(got '100%25%0D%0A::add-mask::x'). Fix: write 2016"
    )


def test_hostile_file_names_give_one_annotation_line_each(tmp_path: Path) -> None:
    root = tmp_path / "kb"
    shutil.copytree(FAILING / "NKB012", root)
    papers = root / "entries" / "papers"
    good = (papers / "doe2020good.yaml").read_text(encoding="utf-8")
    (papers / "x,title=Y:z.yaml").write_text(good, encoding="utf-8")
    (papers / "n\n::warning file=README.md::pwned.yaml").write_text(good, encoding="utf-8")
    result = invoke(root, "validate", "--format", "github")
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    assert lines[-1].startswith("FAILED: ")
    for line in lines[:-1]:
        assert line.startswith(("::error file=entries/", "::warning file=entries/")), line
        props = line.split("::")[1].removeprefix("error ").removeprefix("warning ").split(",")
        assert [p.split("=")[0] for p in props] == ["file", "line", "col", "title"], line
    assert any("file=entries/papers/x%2Ctitle=Y%3Az.yaml," in line for line in lines)
    assert any(
        "file=entries/papers/n%0A%3A%3Awarning file=README.md%3A%3Apwned.yaml," in line
        for line in lines
    )
