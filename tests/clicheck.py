"""Running a command on a hostile input the way issue 21 demands: ``invoke`` asserts that no
output holds "Traceback", that nothing but a normal exit was raised, and that no file under
``entries/`` changed (the index cache may be written). Plain functions, like kbfixtures."""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

from typer.testing import CliRunner

from neurokb.cli.app import app

runner = CliRunner()


def entry_tree(root: Path) -> dict[str, str]:
    """Every file under ``root/entries`` with the hash of its bytes."""
    return {
        p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted((root / "entries").rglob("*"))
        if p.is_file()
    }


def invoke(root: Path, *args: str) -> Any:
    """``neurokb --kb ROOT ARGS``, checked as the module docstring says; the Click result."""
    before = entry_tree(root)
    result = runner.invoke(app, ["--kb", str(root), *args])
    assert entry_tree(root) == before, "a file under entries/ changed"
    output = result.stdout + result.stderr
    assert "Traceback" not in output, output
    assert result.exception is None or isinstance(result.exception, SystemExit), output
    return result
