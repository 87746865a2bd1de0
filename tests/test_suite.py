"""The test suite's own bookkeeping: every ``slow`` entry names a test that exists."""

from __future__ import annotations

import ast
from pathlib import Path

from slowtests import SLOW

REPO = Path(__file__).parents[1]


def test_every_slow_entry_names_a_test() -> None:
    for entry in SLOW:
        file, _, name = entry.partition("::")
        path = REPO / file
        assert path.is_file(), entry
        if name:
            defined = {
                node.name
                for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
                if isinstance(node, ast.FunctionDef)
            }
            assert name.split("[")[0] in defined, entry
