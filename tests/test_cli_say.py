"""``say`` writes a note to a pipe or file without Rich (~25 ms to import, most of a warm
zero-hit search): the same bytes as the Rich console, which still draws on a terminal."""

from __future__ import annotations

import io

import pytest

from neurokb.cli import common
from neurokb.cli.terminal import SafeConsole, styled

MESSAGES = [
    "no paper contains 'hebbain' (did you mean hebbian, helbawin, helbakin?)",
    "x" * 300,
    "a [/x] [bold]b[/] :smile: c",
    "controls \x1b[31m \x07 \x9b end",
    "two\nlines",
    "trailing   ",
    "wide \u6f22\u5b57 " * 30,
    "  leading",
    "",
]


@pytest.mark.parametrize("message", MESSAGES)
@pytest.mark.parametrize("label", ["error:", "warning:", "note:", "hint:", "other"])
def test_a_note_to_a_pipe_is_what_rich_would_write(
    label: str, message: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture
) -> None:
    for name in ("FORCE_COLOR", "TTY_COMPATIBLE"):
        monkeypatch.delenv(name, raising=False)
    rich_out = io.StringIO()
    console = SafeConsole(file=rich_out, soft_wrap=True)
    console.print(styled((label, common._LABEL_STYLES.get(label, "bold")), " ", message))
    monkeypatch.delitem(vars(common), "stderr", raising=False)
    common.say(label, message)
    assert capsys.readouterr().err == rich_out.getvalue()


def test_a_terminal_or_forced_colour_still_goes_through_rich(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    assert common._styled_stream(Terminal())
    assert not common._styled_stream(io.StringIO())
    monkeypatch.setenv("FORCE_COLOR", "1")
    assert common._styled_stream(io.StringIO())
