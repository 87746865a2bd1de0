"""Entry text and arguments on the terminal: shown literally, never read as Rich markup or let
through as control codes (issue 21, "Queries go down for everyone").

A title, author or topic name holding ``[/x]`` used to raise Rich's ``MarkupError`` in every
query command, and an escape sequence in a title reached the terminal raw. The KB here is the
mini KB plus one paper and one topic carrying such text; every command must answer normally,
show the text as written (controls as ``\\x1b``), keep ``--json`` exact and change no file.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from clicheck import invoke
from kbfixtures import mini_kb, write_paper, write_topic

ESC = "\x1b"
TITLE = f"Markup [/x] and [bold]bold[/bold] with {ESC}]0;pwned\x07 and {ESC}[2J in it"
SHOWN_TITLE = "Markup [/x] and [bold]bold[/bold] with \\x1b]0;pwned\\x07 and \\x1b[2J in it"
AUTHOR = {"family": "Tag[/x]", "given": f"Ev{ESC}[31mil"}
TOPIC_NAME = "Topic [/x] [red]named[/red]"


@pytest.fixture(scope="module")
def root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = mini_kb(tmp_path_factory.mktemp("hostile-terminal"))
    write_topic(root, "markup-topic", name=TOPIC_NAME, parents=["memory"],
                summary="Summary with [/x] and a bell \x07 in it.")  # fmt: skip
    write_paper(root, "tag2020markup", title=TITLE, authors=[AUTHOR],
                topics=["markup-topic"], cites=["hebb1949organization"],
                summary="Summary [/x] with :smile: and [link=http://x]y[/link].")  # fmt: skip
    return root


def run(root: Path, *args: str) -> Any:
    result = invoke(root, *args)
    output = result.stdout + result.stderr
    assert ESC not in output and "\x07" not in output, output
    return result


COMMANDS = [
    ("search", "markup"),
    ("search", "tag"),
    ("list",),
    ("list", "--topic", "markup-topic"),
    ("show", "tag2020markup"),
    ("show", "markup-topic"),
    ("related", "hebb1949organization"),
    ("related", "tag2020markup"),
    ("path", "tag2020markup", "hebb1949organization"),
    ("path", "markup-topic", "hebb1949organization"),
    ("reading-list", "markup-topic"),
    ("reading-list", "memory"),
    ("stats",),
    ("cite", "tag2020markup"),
]


@pytest.mark.parametrize("cache", [True, False], ids=["index", "no-cache"])
@pytest.mark.parametrize("args", COMMANDS, ids=lambda a: " ".join(a))
def test_markup_and_controls_in_data_are_shown_literally(
    root: Path, args: tuple[str, ...], cache: bool
) -> None:
    result = run(root, *(() if cache else ("--no-cache",)), *args)
    assert result.exit_code == 0, result.stdout + result.stderr
    text = result.stdout
    if args[0] in {"search", "show"} and "tag2020markup" in args + ("tag",) * (args[-1] == "tag"):
        assert "[/x]" in text
    if args[0] == "reading-list" and args[1] == "markup-topic":
        assert TOPIC_NAME in text


def test_show_prints_title_author_and_topic_name_as_written(root: Path) -> None:
    shown = run(root, "show", "tag2020markup").stdout
    assert SHOWN_TITLE in shown
    assert "Ev\\x1b[31mil Tag[/x]" in shown
    assert "[/x] with :smile: and [link=http://x]y[/link]" in shown  # no emoji, no link markup
    topic = run(root, "show", "markup-topic").stdout
    assert TOPIC_NAME in topic and "\\x07" in topic


def test_json_keeps_the_exact_data(root: Path) -> None:
    result = run(root, "show", "tag2020markup", "--json")
    data = json.loads(result.stdout)
    assert data["title"] == TITLE  # the exact text, controls and all
    assert data["authors"][0]["family"] == "Tag[/x]"
    assert "\\u001b]0;pwned\\u0007" in result.stdout  # JSON escapes controls itself


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("show", "[/x]"), "error: no paper or topic with key '[/x]'\n"),
        (("show", f"a{ESC}[2Jb"), "error: no paper or topic with key 'a\\x1b[2Jb'\n"),
        (("related", "[bold]x"), "error: no paper with key '[bold]x'\n"),
        (("reading-list", "[/x]"), "error: no topic with key '[/x]'\n"),
        (("path", "[/x]", "memory"), "error: no paper or topic with key '[/x]'\n"),
        (("search", "zzqq[/qq]"), "error: no papers match 'zzqq[/qq]'\n"),
        (("list", "--author", "[/x]"), "error: no author matches '[/x]'\n"),
        (("cite", "[/x]"), "error: no paper with key '[/x]'\n"),
    ],
)
def test_markup_and_controls_in_arguments_are_shown_literally(
    root: Path, args: tuple[str, ...], message: str
) -> None:
    result = run(root, *args)
    assert result.exit_code == 1
    first_error = next(line for line in result.stderr.splitlines() if line.startswith("error:"))
    assert first_error + "\n" == message


@pytest.mark.parametrize("fmt", ["text", "github"])
def test_validate_escapes_control_characters_it_quotes(tmp_path: Path, fmt: str) -> None:
    write_topic(tmp_path, "memory")
    write_paper(tmp_path, "doe2020ctl", topics=[f"mem{ESC}]0;pwned\x07ory"])
    result = run(tmp_path, "validate", "--format", fmt)
    assert result.exit_code == 1
    line = result.stdout.splitlines()[0]
    expected = "NKB013 'topics[0]': 'mem\\x1b]0;pwned\\x07ory' is not a valid key ("
    if fmt == "text":
        assert line.startswith(f"entries/papers/doe2020ctl.yaml:7:3: error: {expected}")
    else:
        assert line.startswith("::error file=entries/papers/doe2020ctl.yaml,line=7,col=3,")
        assert f"::{expected}" in line


@pytest.mark.parametrize(
    "args", [("list", "--type", "[/x]"), ("list", "--year", "[/x]"), ("search", "-n", "[/x]", "a")]
)
def test_markup_in_a_bad_option_value_is_a_usage_error(root: Path, args: tuple[str, ...]) -> None:
    result = run(root, *args)
    assert result.exit_code == 2
    assert "'[/x]'" in result.stderr
