"""The fast path of the YAML reader (yamlsrc._fast) gives libyaml's value or gives up.

libyaml (through ``_compose``) is the reference: for every text, the fast path either returns
None or exactly the value libyaml builds, with the same types and key order; where libyaml
refuses a text, the fast path gives up so that the error (and its line) comes from libyaml.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from neurokb.load import yamlsrc
from neurokb.load.yamlsrc import YamlIssue
from tests.cachefixtures import generate_kb

REPO = Path(__file__).resolve().parent.parent


def _same(text: str) -> bool:
    """Whether the fast path agrees with libyaml on ``text``; True when it gave up."""
    fast = yamlsrc._fast(text)
    try:
        _, reference = yamlsrc._compose(text)
    except YamlIssue:
        return fast is None
    if fast is None:
        return True
    return _typed(fast) == _typed(reference) and list(fast) == list(reference)


def _typed(value: object) -> object:
    if isinstance(value, dict):
        return [(k, _typed(v)) for k, v in value.items()]
    if isinstance(value, list):
        return [_typed(v) for v in value]
    return (type(value).__name__, value)


def test_the_shipped_and_generated_entries_read_the_same(tmp_path: Path) -> None:
    generated = generate_kb(tmp_path / "kb", 300)
    files = [*(REPO / "entries").rglob("*.yaml"), *(generated / "entries").rglob("*.yaml")]
    fast = 0
    for path in files:
        text = path.read_text(encoding="utf-8").removeprefix("\ufeff")
        assert _same(text), path
        fast += yamlsrc._fast(text) is not None
    assert fast > 0.8 * len(files)  # the fast path is the common one


FAST = [
    "cites:\n  - abc2019x\n  - Foo, Bar\n  - $x\n  - (a) b\n  - /p\n",
    'title: "A: b # c"\nyear: 2019\nadded: 2024-01-14\n',
    "title: plain words, with commas\nurl: https://x.org/a#frag\npages: 976-984\n",
    "authors:\n  - Akrout, Mohamed\n  - \"Wilson, Collin\"\n  - 'Humphreys, P.'\n",
    "summary: |\n  one\n\n  two\n   indented\n\nadded: 2024-01-14\n",
    "summary: |\n\n  after a blank line\n",
    "# comment\n\ntitle: x\n# between\ncites:\n  - a\n  - b\n\ntopics:\n  - c\n",
    "volume: +5\nissue: 0\ntitle: Y\nkey2: n\n",
    'equations:\n  - latex: "\\\\tau \\\\frac{dv}{dt} = -v + R\\\\, I(t)"\n    caption: "LIF"\n'
    '  - latex: "x"\nadded: 2024-01-14\n',
    'a:\n  - b: 5\n    c: \'single\'\n    d: plain text\n  - b: "say \\"hi\\" \\\\"\n',
    'a: "back\\\\slash"\nb: "\\"quoted\\""\n',
    'authors:\n  - "Bababa, Hana"\n  - "x"\n  - ""\n  - "a: b # c"\n  - "say \\"hi\\""\n',
    'a:\n  - "back\\\\slash"\n  - "\\""\n  - "Ünï, cödé"\n',
]

OTHER = [
    "a:\n  - no\n",
    "a:\n  - x\u00a0\n",
    "a:\n  - y:\n",
    "a:\n  - a #b\n",
    "a:\n  - a: b\n",
    "a:\n  - 5\n  - 0x5\n  - 2024-01-14\n",
    "a: yes\n",
    "a: No\n",
    "a: on\n",
    "a: null\n",
    "a: ~\n",
    "a: 017\n",
    "a: 0x10\n",
    "a: 1_000\n",
    "a: 1e3\n",
    "a: 1.5\n",
    "a: .inf\n",
    "a: -5\n",
    "a: 33:36\n",
    "a: =\n",
    "a: 2024-13-45\n",
    "a: 2024-1-4\n",
    "a: 2024-01-14 10:00:00\n",
    "a: 'it''s'\n",
    'a: "a\\"b"\n',
    'a: "tab\\tx"\n',
    "a: x #c\n",
    "a: x: y\n",
    "a: x:\n",
    "a: [a, b]\n",
    "a: {b: c}\n",
    "a: &x v\nb: *x\n",
    "a: !!str 5\n",
    "a: |-\n  x\n",
    "a: >\n  x\n",
    "a: |\n    deeper\n  less\n",
    "a: |\n  x\n  \n  y\n",
    "a: |\n",
    "a: |\n  x",
    "a: x",
    "a: multi\n  line\n",
    "a:\n  - x\n    more\n",
    "a:\n- x\n",
    "a:\n  - x\n  # c\n  - y\n",
    "a:\n  - \n",
    "a:\n  b: c\n",
    "a: x\na: y\n",
    "on: x\n",
    "yes: x\n",
    "---\na: x\n",
    "a:\n",
    "a: x \n",
    "a:  x\n",
    'a: "x" # c\n',
    "a:\tx\n",
    "a: x\r\nb: y\r\n",
    "a: x\x85y\n",
    "a: x\u2028y\n",
    "a: \x07\n",
    "- a\n- b\n",
    'a: "unclosed\n',
    "a: 'x\n",
    "\n\n",
    "# only\n",
    "A: x\n",
    "a b: x\n",
    "a: %x\n",
    "a: @x\n",
    "a: `x\n",
    "a: -\n",
    "a: ? x\n",
    'a: ""\n',
    "a: ''\n",
    "a:\n  -\n  - x\n",
    'a: "x\\\\"y"\n',
    'a: "x\\"\n',
    'a: "x\\ny"\n',
    'a: "x\\\\\\"\n',
    "a:\n  - b: x\n    b: y\n",
    "a:\n  - b:\n    c: y\n",
    "a:\n  - b: x\n    c:\n",
    "a:\n  - b: x\n     c: y\n",
    "a:\n  - b: x\n      more\n",
    "a:\n  - b: x\n   c: y\n",
    "a:\n  - b: x\n    # c\n    c: y\n",
    "a:\n  - b: x\n    c: |\n      y\n",
    "a:\n  - b: x\n    c:\n      - y\n",
    "a:\n  - yes: x\n",
    "a:\n  - b: x\n    on: y\n",
    "a:\n  - b: x: y\n",
    "a:\n  - b: x\n    c: y\n  d: z\n",
    "a:\n  - b: x\n\n    c: y\n",
    "a:\n  - b: [x]\n",
    'a:\n  - "x\n',
    'a:\n  - "\n',
    'a:\n  - "x" \n',
    'a:\n  - "x"y"\n',
    'a:\n  - "x\\ty"\n',
    'a:\n  - "x" # c\n',
    'a:\n  - "a"b\n',
    "a:\n  - b: 0x10\n    c: 2024-01-14\n",
]


@pytest.mark.parametrize("text", FAST)
def test_the_subset_takes_the_fast_path(text: str) -> None:
    assert yamlsrc._fast(text) is not None
    assert _same(text)


@pytest.mark.parametrize("text", OTHER)
def test_anything_else_gives_libyaml_s_answer(text: str) -> None:
    assert _same(text)


def test_a_fast_document_still_knows_where_each_value_is() -> None:
    text = "title: x\nauthors:\n  - A, B\n  - 5\nyear: 2019\n"
    doc = yamlsrc.parse(text)
    assert doc.parsed is None  # not composed until a position is asked for
    assert doc.position(("authors", 1)) == (4, 5)
    assert doc.position(("year",), key=True) == (5, 1)
    assert doc.raw[("authors", 1)] == "5"


def test_plain_numbers_and_dates_read_as_libyaml_reads_them() -> None:
    """Digit-led plain scalars (years, months, dates: read without the resolver where they
    are decimal integers or dates) agree with libyaml, or give up; the usual ones never do."""
    import random

    rnd = random.Random(7)
    texts = ["2021", "0", "00", "09", "017", "2024-01-14", "2026-02-30", "9" * 30, "1_000"]
    for alphabet in ("0123456789-:._+eE xT", "0123456789-", "0123456789"):
        for _ in range(3000):
            tail = "".join(rnd.choice(alphabet) for _ in range(rnd.randint(0, 11)))
            texts.append((rnd.choice("0123456789") + tail).strip())
    for text in texts:
        assert _same(f"value: {text}\n"), text
    for text in ("2021", "7", "1999999", "2024-01-14"):
        assert yamlsrc._fast(f"value: {text}\n") is not None, text
