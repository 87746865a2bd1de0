"""The YAML reader: positions, raw numbers, and refusal of hostile or malformed input."""

from __future__ import annotations

import time

import pytest
import yaml

from neurokb.load.yamlsrc import MAX_BYTES, YamlIssue, decode, parse


def test_marks_point_at_values_and_keys() -> None:
    doc = parse("title: X\nauthors:\n  - Doe, Jane\n  - Roe, Rick\nyear: 2020\n")
    assert doc.marks[("authors", 1)] == (4, 5)
    assert doc.key_marks[("year",)] == (5, 1)
    assert doc.marks[("year",)] == (5, 7)
    assert doc.position(("authors", 1, "family")) == (4, 5)  # nearest ancestor


def test_numbers_keep_their_source_text() -> None:
    doc = parse("arxiv: 1804.02460\nvolume: 30\nquoted: '7'\n")
    assert doc.raw[("arxiv",)] == "1804.02460"
    assert doc.raw[("volume",)] == "30"
    assert ("quoted",) not in doc.raw


def _code(text: str) -> YamlIssue:
    with pytest.raises(YamlIssue) as info:
        parse(text)
    return info.value


def test_billion_laughs_is_refused_quickly() -> None:
    bomb = "a: &a [x, x, x, x, x, x, x, x, x]\n"
    for level in "bcdefghij":
        prev = chr(ord(level) - 1)
        bomb += f"{level}: &{level} [*{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}]\n"
    started = time.perf_counter()
    issue = _code(bomb)
    assert issue.code == "NKB009"
    # Expanded, the bomb has 9**10 nodes (hours); refused, it takes milliseconds. The bound is
    # that far from both so that a loaded machine cannot fail it.
    assert time.perf_counter() - started < 10.0


def test_deep_flow_nesting_is_refused() -> None:
    depth = 5000
    issue = _code("a: " + "[" * depth + "]" * depth + "\n")
    assert issue.code in {"NKB001", "NKB008"}  # libyaml's own limit or ours, never a crash


def test_deep_block_nesting_is_refused() -> None:
    text = "".join("  " * d + f"k{d}:\n" for d in range(40)) + "  " * 40 + "v\n"
    assert _code(text).code == "NKB008"


def test_huge_file_is_refused_before_parsing() -> None:
    started = time.perf_counter()
    with pytest.raises(YamlIssue) as info:
        decode(b"notes: " + b"x" * (MAX_BYTES * 40))
    assert info.value.code == "NKB007"
    assert time.perf_counter() - started < 10.0  # parsing 40x the limit would take minutes


def test_bad_utf8_names_line_and_column() -> None:
    with pytest.raises(YamlIssue) as info:
        decode(b"title: ok\nvenue: Caf\xe9\n")
    assert (info.value.code, info.value.line, info.value.column) == ("NKB002", 2, 11)


def test_bom_is_tolerated() -> None:
    assert parse(decode("\ufefftitle: X\n".encode())).data == {"title": "X"}


@pytest.mark.parametrize(
    ("text", "code", "line"),
    [
        ("title: x\n\tyear: 1\n", "NKB003", 2),
        ("", "NKB004", 1),
        ("# only a comment\n", "NKB004", 1),
        ("a: 1\na: 2\n", "NKB030", 2),
        ("a: [1, 2\n", "NKB001", 1),
        ("? [a, b]\n: 1\n", "NKB001", 1),
        ("added: 2026-13-45\n", "NKB001", 1),
    ],
)
def test_malformed_documents(text: str, code: str, line: int) -> None:
    issue = _code(text)
    assert (issue.code, issue.line) == (code, line)


def test_an_alias_of_a_scalar_is_refused_where_it_is_used() -> None:
    issue = _code("title: &t Networks\nvenue: *t\n")
    assert (issue.code, issue.line) == ("NKB009", 2)


def test_a_star_that_is_no_alias_is_read_as_text() -> None:
    doc = parse("summary: 'a * b, **bold**'\ntopics: [x, y]\n")
    assert doc.data == {"summary": "a * b, **bold**", "topics": ["x", "y"]}


def test_too_many_values_are_refused() -> None:
    issue = _code("a: [" + "1, " * 20_001 + "]\n")
    assert issue.code == "NKB007"
    assert "20,000 values" in issue.message


@pytest.mark.parametrize(
    "text",
    [
        "year: 2020\nmonth: 10\nx: -7\ny: +3\nz: 0\n",
        "a: 1.5e3\nb: .inf\nc: -.inf\nd: ~\ne: null\nf:\n",
        "a: yes\nb: No\nc: on\nd: true\ne: '2020'\nf: 2020-01-02\ng: 2020-01-02T03:04:05Z\n",
        "a: {b: [1, {c: d}], e: []}\n? f\n: g\n1: one\n",
    ],
)
def test_values_are_those_of_pyyaml_safe_load(text: str) -> None:
    """The lean resolver and the walk give what PyYAML's own safe loader gives."""
    assert parse(text).data == yaml.safe_load(text)


def test_yaml11_number_forms_are_kept_as_written() -> None:
    """0x1F, 010, 1_000 and 1:30 are numbers in other bases to YAML 1.1 (PyYAML) but not to
    YAML 1.2 or most editors: the reader keeps the text, so no field silently takes a value
    its writer did not see (issue 21)."""
    doc = parse("month: 010\nx: 0x1F\ny: 1_000\nz: 1:30\nw: 0b101\nv: 1:30.5\nu: 0o17\n")
    assert doc.data == {"month": "010", "x": "0x1F", "y": "1_000", "z": "1:30", "w": "0b101",
                        "v": "1:30.5", "u": "0o17"}  # fmt: skip
    assert doc.raw[("x",)] == "0x1F"  # still known as a number written in the file
