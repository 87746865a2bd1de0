"""Paper tables drawn without Rich are the bytes Rich draws (neurokb.cli.plaintable).

The plain renderer follows Rich's layout rules for the tables the query commands draw; these
tests hold it to Rich itself: thousands of random tables (column options, words longer than
any column, runs of spaces, no-break spaces, newlines, accented Latin, Greek and Cyrillic,
empty cells, titles) at random widths, each drawn both ways; the paper tables of the commands;
the console width as Rich finds it; and Rich drawing whatever the renderer declines.
"""

from __future__ import annotations

import io
import json
import os
import random
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from rich.cells import cell_len

from neurokb.cli import common, tables
from neurokb.cli.plaintable import RANGES, Column, drawable, render
from neurokb.cli.terminal import SafeConsole


@pytest.fixture(autouse=True)
def _own_consoles() -> Iterator[None]:
    """Each test makes its own Rich consoles (they keep the width they were made at) and
    leaves the ones it found."""
    names = ("stdout", "stderr")
    found = {name: vars(common).pop(name) for name in names if name in vars(common)}
    yield
    for name in names:
        vars(common).pop(name, None)
    vars(common).update(found)


LETTERS = "abcdefghij ABC  xyz-.,:;0123456789éüñßøΩжΔ\xa0\n()[]/"


def rich_draws(columns: list[Column], rows: list[list[str]], width: int, title: str | None) -> str:
    """What Rich prints for this table on a ``width``-column file, as the commands' console
    (:class:`SafeConsole`, ``soft_wrap``) prints it."""
    table = tables.rich_table(columns, rows, title)
    out = io.StringIO()
    SafeConsole(file=out, width=width, soft_wrap=True).print(table)
    return out.getvalue()


def _text(rng: random.Random) -> str:
    words = [
        "".join(rng.choice(LETTERS) for _ in range(rng.choice([0, 1, 2, 3, 5, 8, 12, 20, 45])))
        for _ in range(rng.randint(0, 6))
    ]
    return rng.choice(["", "  "]) + " ".join(words) + rng.choice(["", "   "])


def _table(rng: random.Random) -> tuple[list[Column], list[list[str]], int, str | None]:
    headers = ["#", "key", "year", "authors", "title", "score", "why", "cited by", "a b c", ""]
    columns = [
        Column(
            rng.choice(headers),
            justify=rng.choice(["left", "right"]),
            no_wrap=rng.random() < 0.25,
            overflow=rng.choice(["ellipsis", "fold"]),
            min_width=rng.choice([None, None, 0, 1, 5, 20]),
            max_width=rng.choice([None, None, 1, 3, 24]),
            ratio=rng.choice([None, 1]),
        )
        for _ in range(rng.randint(1, 6))
    ]
    rows = [[_text(rng) for _ in columns] for _ in range(rng.randint(0, 6))]
    width = rng.choice([rng.randint(0, 30), rng.randint(30, 200)])
    return columns, rows, width, rng.choice([None, "", _text(rng), "Related to Ab et al. 2020 (x)"])


@pytest.mark.parametrize("seed", range(4))
def test_random_tables_are_drawn_as_rich_draws_them(seed: int) -> None:
    rng = random.Random(seed)
    for _ in range(800):
        columns, rows, width, title = _table(rng)
        drawn = render(columns, rows, width, title)
        assert drawn is not None
        assert drawn == rich_draws(columns, rows, width, title), (columns, rows, width, title)


def test_simple_characters_are_one_cell_for_rich() -> None:
    simple = [chr(c) for low, high in RANGES for c in range(low, high + 1)]
    assert all(cell_len(c) == 1 and drawable(c) for c in simple)
    assert not any(drawable(chr(c)) for c in range(0x3000) if chr(c) not in {*simple, "\n"})
    assert cell_len("…") == 1  # the ellipsis a cut cell ends with


@pytest.mark.parametrize(
    "text", ["漢字のタイトル", "tab\there", "e\u0301", "emoji 🧠", "soft\xadhyphen", "a\u2028b"]
)
def test_text_beyond_simple_cells_is_left_to_rich(text: str) -> None:
    assert not drawable(text)
    assert render([Column("title")], [[text]], 80, None) is None


def test_a_tab_in_the_title_is_left_to_rich() -> None:
    assert render([Column("key")], [["a"]], 80, "a\ttitle") is None


class _Paper:
    """What a paper table reads of a paper."""

    def __init__(self, key: str, year: int, label: str, title: str) -> None:
        self.key, self.year, self.label, self.title = key, year, label, title


PAPERS = [
    _Paper("zenke2018superspike", 2018, "Zenke & Ganguli 2018", "SuperSpike: Supervised learning"),
    _Paper("x" * 60, 1999, "Ab et al. 1999", "[/x] [bold]not markup[/] \x1b[2Jescaped"),
    _Paper("mueller2020a", 2020, "Müller et al. 2020", "Ωmega " * 30 + "\n" + "y" * 90),
    _Paper("short", 2001, "Σ 2001", ""),
]


@pytest.mark.parametrize("width", [12, 40, 80, 109, 110, 160])
@pytest.mark.parametrize("numbered", [False, True])
def test_paper_tables_print_as_rich_prints_them(
    width: int, numbered: bool, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    extra = [
        ("score", lambda i, _: f"{i / 3:.2f}"),
        ("why", lambda i, _: "cites x\nshared topic: y"),
    ]
    monkeypatch.setenv("COLUMNS", str(width))
    monkeypatch.delenv("FORCE_COLOR", raising=False)
    monkeypatch.delenv("TTY_COMPATIBLE", raising=False)
    plain_width = tables.plain_width
    for title in (None, "Related to Zenke & Ganguli 2018 (zenke2018superspike) [/x]"):
        monkeypatch.setattr(tables, "plain_width", plain_width)
        tables.print_papers(PAPERS, title=title, extra=extra, numbered=numbered)  # type: ignore[arg-type]
        plain = capsys.readouterr().out
        monkeypatch.setattr(tables, "plain_width", lambda: None)  # Rich draws it
        tables.print_papers(PAPERS, title=title, extra=extra, numbered=numbered)  # type: ignore[arg-type]
        assert plain == capsys.readouterr().out
        assert ("aut" in plain) is (width >= 110)  # the authors column, perhaps cut


def test_cjk_cells_are_drawn_by_rich(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("COLUMNS", "100")
    paper = _Paper("li2020", 2020, "李 2020", "神经网络的学习规则")
    tables.print_papers([paper])  # type: ignore[list-item]
    assert "神经网络的学习规则" in capsys.readouterr().out


_WIDTH_PROBE = """
import json, sys
from rich.console import Console
from neurokb.cli.tables import plain_width
print(json.dumps([plain_width(), Console().width]))
"""


@pytest.mark.parametrize("columns", [None, "0", "7", "123", "abc", ""])
def test_the_width_is_rich_s_width_on_a_pipe(columns: str | None, tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k not in ("COLUMNS", "FORCE_COLOR")}
    env.pop("TTY_COMPATIBLE", None)
    if columns is not None:
        env["COLUMNS"] = columns
    env["PYTHONPATH"] = str(Path(tables.__file__).parents[2])
    done = subprocess.run(
        [sys.executable, "-c", _WIDTH_PROBE], env=env, capture_output=True, text=True,
        stdin=subprocess.DEVNULL, check=True,
    )  # fmt: skip
    ours, rich_width = json.loads(done.stdout)
    assert ours == rich_width


@pytest.mark.parametrize(
    ("name", "value"), [("FORCE_COLOR", "1"), ("TTY_COMPATIBLE", "1"), ("TTY_COMPATIBLE", "0")]
)
def test_no_plain_drawing_where_rich_might_style(
    name: str, value: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(name, value)
    assert tables.plain_width() is None


def test_no_plain_drawing_on_an_ascii_stream(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("FORCE_COLOR", raising=False)
    monkeypatch.delenv("TTY_COMPATIBLE", raising=False)
    stream = io.TextIOWrapper(io.BytesIO(), encoding="latin-1")
    monkeypatch.setattr(sys, "stdout", stream)
    assert tables.plain_width() is None  # Rich would draw an ASCII box there


def test_the_limit_note_is_rich_s_line(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.delenv("FORCE_COLOR", raising=False)
    monkeypatch.delenv("TTY_COMPATIBLE", raising=False)
    tables.note_truncated(50, 3934)
    plain = capsys.readouterr().err
    common.stderr.print("showing 50 of 3934 papers; use --limit to see more", style="dim")
    assert (
        plain == capsys.readouterr().err == "showing 50 of 3934 papers; use --limit to see more\n"
    )


@pytest.mark.parametrize(
    "command",
    [
        ["list"],
        ["list", "--sort", "cited"],
        ["related", "oja1982simplified"],
        ["search", "learning"],
        ["reading-list", "hebbian-learning"],
    ],
)
@pytest.mark.parametrize("width", ["70", "140"])
def test_commands_print_the_tables_rich_prints(
    command: list[str], width: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from kbfixtures import mini_kb
    from typer.testing import CliRunner

    from neurokb.cli.app import app

    root = mini_kb(tmp_path)
    monkeypatch.setenv("COLUMNS", width)
    monkeypatch.delenv("FORCE_COLOR", raising=False)
    monkeypatch.delenv("TTY_COMPATIBLE", raising=False)
    answers = []
    for plain in (True, False):
        for name in ("stdout", "stderr"):
            vars(common).pop(name, None)
        if not plain:
            monkeypatch.setattr(tables, "plain_width", lambda: None)
        result = CliRunner().invoke(app, ["--kb", str(root), *command], catch_exceptions=False)
        answers.append((result.exit_code, result.stdout, result.stderr))
        assert ("stdout" in vars(common)) is not plain  # the plain answer made no Rich console
    assert answers[0] == answers[1]
    assert answers[0][0] == 0 and "───" in answers[0][1]
