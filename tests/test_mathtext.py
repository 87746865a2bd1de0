"""Math spans are found exactly, so math-unaware renderers can keep TeX verbatim."""

from __future__ import annotations

from neurokb.core.mathtext import Math, math_as_code, split_math


def test_inline_and_display_math() -> None:
    parts = split_math("rate $x_i$ and\n\n$$\n\\Delta w_{ij} = \\eta\\, x_i x_j\n$$\nend")
    assert parts == [
        "rate ",
        Math("x_i", False),
        " and\n\n",
        Math("\\Delta w_{ij} = \\eta\\, x_i x_j", True),
        "\nend",
    ]


def test_prices_and_escaped_dollars_are_not_math() -> None:
    assert split_math("costs $5 and $6 today") == ["costs $5 and $6 today"]
    assert split_math(r"a \$x\$ b") == [r"a \$x\$ b"]


def test_inline_math_does_not_cross_a_blank_line() -> None:
    assert all(isinstance(p, str) for p in split_math("a $x\n\ny$ b"))


def test_math_as_code_keeps_backslashes_and_underscores() -> None:
    out = math_as_code("with $\\mathrm{Hebb}_{ij}$ and $$a\\,b$$")
    assert "`\\mathrm{Hebb}_{ij}`" in out
    assert "```latex\na\\,b\n```" in out


def test_shipped_summaries_have_balanced_math(shipped_kb) -> None:
    for entry in [*shipped_kb.papers.values(), *shipped_kb.topics.values()]:
        text = entry.summary or ""
        rest = "".join(p for p in split_math(text) if isinstance(p, str))
        assert "$" not in rest.replace("\\$", ""), (
            f"unbalanced $ in {getattr(entry, 'key', None) or entry.id}"
        )
