"""One failing fixture per rule code: exactly that code fires, at that file and line.

Each folder ``tests/data/failing/NKBxxx/`` is a tiny knowledge base with one problem; its
``EXPECT`` file names the file and line where the problem must be reported.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from neurokb.core.errors import CODES
from neurokb.load.loader import load_kb
from neurokb.load.rules_doc import rules_markdown

FAILING = Path(__file__).parent / "data" / "failing"
CASES = sorted(p.name for p in FAILING.iterdir() if p.is_dir())


def test_every_code_has_a_failing_fixture() -> None:
    assert sorted(CODES) == CASES


@pytest.mark.parametrize("code", CASES)
def test_fixture_fires_exactly_its_code(code: str) -> None:
    folder = FAILING / code
    path, line = (folder / "EXPECT").read_text().rsplit(maxsplit=1)
    kb = load_kb(folder)
    assert [p.code for p in kb.problems] == [code], [str(p) for p in kb.problems]
    problem = kb.problems[0]
    assert problem.path == path
    assert problem.line == int(line)
    assert problem.message and problem.fix
    # The other entries of the fixture still load: one broken file never takes the rest down.
    assert "t" in kb.topics or code == "NKB026"


def test_every_code_is_documented() -> None:
    doc = rules_markdown()
    for code, rule in CODES.items():
        assert f"| `{code}` | {rule.severity} | {rule.title} |" in doc
