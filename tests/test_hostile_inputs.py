"""Hostile entry text, style files and import files: one-line errors, never a traceback
(issue 21, "Smaller problems").

Each case asserts the exact message, the exit code, that no output holds "Traceback" and that
no file changed. The style and CSL-JSON files are in ``tests/data/hostile/csl`` and
``tests/data/hostile/csljson``; entries are written by the tests.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from clicheck import invoke as run
from kbfixtures import write_paper, write_topic

from neurokb.algorithms.base import registry
from neurokb.load.loader import load_kb
from neurokb.site.context import SiteContext
from neurokb.site.topic_page import MAX_NESTING, render_topic_index

HOSTILE = Path(__file__).parent / "data" / "hostile"


# -- YAML 1.1 number forms ------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("written", "hint"),
    [
        ("0x7E0", "'0x7E0' is 2016 written in hexadecimal in some YAML versions"),
        ("0o17", "'0o17' is 15 written in octal in some YAML versions"),
        ("0b11111100000", "'0b11111100000' is 2016 written in binary in some YAML versions"),
        ("33:36", "'33:36' is 2016 written in base 60 in some YAML versions"),
    ],
)
def test_yaml11_number_forms_are_not_taken_as_a_year(
    tmp_path: Path, written: str, hint: str
) -> None:
    paper = tmp_path / "entries" / "papers" / "doe2016odd.yaml"
    paper.parent.mkdir(parents=True)
    paper.write_text(f"title: Odd\nauthors: ['Doe, Jane']\nyear: {written}\n", encoding="utf-8")
    result = run(tmp_path, "validate")
    assert result.exit_code == 1
    assert result.stdout.splitlines()[:2] == [
        f"entries/papers/doe2016odd.yaml:3:7: error: NKB012 'year' must be a whole number "
        f"(got '{written}')",
        f"    hint: {hint} and text in others; write the number in decimal digits, e.g. year: "
        + hint.split(" is ")[1].split()[0],
    ]


def test_a_leading_zero_is_read_as_decimal_not_octal(tmp_path: Path) -> None:
    paper = tmp_path / "entries" / "papers" / "doe2016zero.yaml"
    paper.parent.mkdir(parents=True)
    paper.write_text("title: Zero\nauthors: ['Doe, Jane']\nyear: 02016\n", encoding="utf-8")
    assert load_kb(tmp_path).papers["doe2016zero"].year == 2016  # YAML 1.1 would say 1038


# -- old Mac line endings ---------------------------------------------------------------------------
def test_a_cr_only_file_is_read(tmp_path: Path) -> None:
    good = tmp_path / "entries" / "papers" / "doe2020mac.yaml"
    good.parent.mkdir(parents=True)
    good.write_bytes(b"# a comment first\rtitle: Mac\rauthors:\r- Doe, Jane\ryear: 2020\r")
    result = run(tmp_path, "show", "doe2020mac", "--json")
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    assert (data["title"], data["year"], data["authors"]) == (
        "Mac",
        2020,
        [{"family": "Doe", "given": "Jane"}],
    )
    bad = tmp_path / "entries" / "papers" / "doe2020bad.yaml"
    bad.write_bytes(b"# a comment first\rtitle: Mac\rauthors:\r- Doe, Jane\ryear: soon\r")
    result = run(tmp_path, "validate")
    assert result.stdout.splitlines()[0] == (
        "entries/papers/doe2020bad.yaml:5:7: error: NKB012 'year' must be a whole number "
        "(got 'soon')"
    )


def test_a_file_of_comments_still_has_no_content(tmp_path: Path) -> None:
    empty = tmp_path / "entries" / "papers" / "doe2020empty.yaml"
    empty.parent.mkdir(parents=True)
    empty.write_bytes(b"# one\r# two\r\r")
    result = run(tmp_path, "validate")
    assert result.stdout.splitlines()[0] == (
        "entries/papers/doe2020empty.yaml:1:1: error: NKB004 file has no content"
    )


# -- CSL styles and CSL-JSON --------------------------------------------------------------------
@pytest.fixture
def one_paper(tmp_path: Path) -> Path:
    write_paper(tmp_path, "doe2020paper", title="A paper")
    return tmp_path


@pytest.mark.parametrize(
    ("name", "reason"),
    [
        ("unclosed.csl", "Premature end of data in tag title line 3, line 4, column 1 "
                         "(unclosed.csl, line 4)"),
        ("empty.csl", "Document is empty, line 1, column 1 (empty.csl, line 1)"),
        ("not-csl.csl", "its root element is <html>, not a CSL <style>"),
        ("no-bibliography.csl", "it has no <bibliography> element"),
    ],
)  # fmt: skip
def test_a_malformed_style_file_is_one_error(one_paper: Path, name: str, reason: str) -> None:
    style = HOSTILE / "csl" / name
    for fmt in ("text", "html", "markdown"):
        result = run(one_paper, "cite", "doe2020paper", "--style", str(style), "--format", fmt)
        assert result.exit_code == 1
        assert result.stderr.splitlines() == [
            f"error: style file {style} is not a usable CSL style: {reason}",
            "hint: check it against the CSL 1.0.2 schema, or use a shipped style: apa, ieee, "
            "nature, chicago, vancouver",
        ]
        assert result.stdout == ""


@pytest.mark.parametrize(
    ("name", "errors"),
    [
        ("number.json", ["is not CSL-JSON: a list of items was expected, not a number"]),
        ("null.json", ["is not CSL-JSON: a list of items was expected, not null"]),
        ("truncated.json", ["is not JSON (Expecting property name enclosed in double quotes: "
                            "line 1 column 54 (char 53))"]),
        ("bad-items.json", ["item 0: is a number, not an item ({...})",
                            "item 1: is text, not an item ({...})",
                            "item 2: cannot be read: no 'family' field where needed",
                            "item 3: cannot be read: 'author' must be a list of names ({...}), "
                            "not text"]),
    ],
)  # fmt: skip
def test_malformed_csl_json_is_one_error_per_problem(
    one_paper: Path, name: str, errors: list[str]
) -> None:
    source = HOSTILE / "csljson" / name
    result = run(one_paper, "add", "--csl-json", str(source))
    assert result.exit_code == 1
    lines = [line for line in result.stderr.splitlines() if line.startswith("error:")]
    assert lines == [f"error: {source} {error}" for error in errors]
    assert result.stdout == ""


# -- a 1,000-deep topic chain -------------------------------------------------------------------
DEPTH = 1000


@pytest.fixture(scope="module")
def deep(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """t0 under t1 under ... under t1000: the deepest topic sorts first, so a recursive walk
    from it goes the whole way down."""
    root = tmp_path_factory.mktemp("deep")
    for i in range(DEPTH):
        write_topic(root, f"t{i}", parents=[f"t{i + 1}"])
    write_topic(root, f"t{DEPTH}")
    write_paper(root, "doe2020deep", topics=["t0"])
    write_paper(root, "roe2020top", topics=[f"t{DEPTH}"], cites=["doe2020deep"])
    return root


@pytest.mark.parametrize("cache", [True, False], ids=["index", "no-cache"])
@pytest.mark.parametrize(
    "args",
    [
        ("validate",),
        ("show", "t0"),
        ("show", f"t{DEPTH}"),
        ("path", "t0", f"t{DEPTH}"),
        ("list", "--topic", f"t{DEPTH}"),
        ("reading-list", f"t{DEPTH}"),
        ("related", "doe2020deep"),
        ("stats",),
        ("export", "--topic", f"t{DEPTH}"),
    ],
    ids=lambda a: " ".join(a),
)
def test_a_deep_topic_chain_takes_no_command_down(
    deep: Path, args: tuple[str, ...], cache: bool
) -> None:
    result = run(deep, *(() if cache else ("--no-cache",)), *args)
    assert result.exit_code == 0, result.stdout + result.stderr


def test_a_deep_topic_chain_in_the_site_topic_index(deep: Path) -> None:
    page = render_topic_index(SiteContext(load_kb(deep), registry()))
    items = [line for line in page.splitlines() if line.lstrip().startswith("- ")]
    assert len(items) == DEPTH + 1
    assert max(len(line) - len(line.lstrip()) for line in items) == 4 * MAX_NESTING


def test_a_long_topic_cycle_is_one_short_problem(tmp_path: Path) -> None:
    write_topic(tmp_path, "a0", parents=["a1"])
    for i in range(1, 30):
        write_topic(tmp_path, f"a{i}", parents=[f"a{(i + 1) % 30}"])
    result = run(tmp_path, "validate")
    assert result.exit_code == 1
    assert result.stdout.splitlines()[0] == (
        "entries/topics/a29.yaml:4:1: error: NKB026 topic hierarchy has a cycle: "
        "a0 -> a1 -> a2 -> a3 -> a4 -> ... -> a26 -> a27 -> a28 -> a29 -> a0 (30 topics)"
    )
