"""``neurokb --help`` lists every command from a table, without importing any command module.

- the table (:data:`neurokb.cli.commands.SUMMARIES`) says what the real commands say: one
  row per command module, each the first sentence Click takes from the command's docstring;
- ``neurokb --help`` in a fresh interpreter imports no ``neurokb.cli.commands.*`` module, nor
  Rich (whose help formatting costs more than the whole help may take);
- the help lists every command with its sentence.
"""

from __future__ import annotations

import importlib
import json
import subprocess
import sys

import typer
from typer.testing import CliRunner

from neurokb.cli.app import COMMANDS, app
from neurokb.cli.commands import SUMMARIES
from neurokb.cli.common import App


def _real_summaries() -> dict[str, str]:
    """Each command's one-line help, read from the imported command itself."""
    out = {}
    for name, module in COMMANDS.items():
        commands = App()
        importlib.import_module(f"neurokb.cli.commands.{module}").register(commands)
        command = typer.main.get_group(commands).commands[name]
        out[name] = command.get_short_help_str(limit=1_000)
    return out


def test_the_summary_table_matches_the_real_commands() -> None:
    real = _real_summaries()
    assert real == SUMMARIES, (
        "neurokb/cli/commands/__init__.py: SUMMARIES differs from the commands' docstrings; "
        f"replace it with:\n{json.dumps(real, indent=4, ensure_ascii=False)}"
    )


def test_root_help_lists_every_command_with_its_sentence() -> None:
    result = CliRunner().invoke(app, ["--help"])
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    rows: list[list[str]] = []
    for line in lines[lines.index("Commands:") + 1 :]:  # "  name  text", then wrapped text
        if line.startswith("   "):
            rows[-1][1] += " " + line.strip()
        else:
            rows.append(line.split(None, 1))
    assert rows == [[name, SUMMARIES[name]] for name in COMMANDS]


_PROBE = """
import json, sys
from neurokb.cli.app import main
try:
    main()
finally:
    loaded = sorted(m for m in sys.modules if m.startswith(("neurokb.cli.commands.", "rich")))
    sys.stderr.write("LOADED " + json.dumps(loaded) + "\\n")
"""


def test_root_help_imports_no_command_module() -> None:
    for args in (["--help"], ["-h"]):
        done = subprocess.run(
            [sys.executable, "-c", _PROBE, *args], capture_output=True, text=True, timeout=60
        )
        assert "Commands:" in done.stdout, done.stderr
        marker = [line for line in done.stderr.splitlines() if line.startswith("LOADED ")]
        assert marker and json.loads(marker[-1][len("LOADED ") :]) == [], done.stderr
