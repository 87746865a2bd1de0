"""Title markup: ``{protected}``, ``$math$``, ``<i>italics</i>``, and its forms in each output."""

from __future__ import annotations

import pytest

from neurokb.core import titlemarkup
from neurokb.core.models import Paper

TITLE = "{CO}$_2$ uptake in <i>Drosophila</i> & a {Bayesian} model of {V1} at p < 0.05"


def test_plain_csl_and_round_trip() -> None:
    assert (
        titlemarkup.plain(TITLE)
        == "CO$_2$ uptake in Drosophila & a Bayesian model of V1 at p < 0.05"
    )
    csl = titlemarkup.csl(TITLE)
    assert csl == (
        '<span class="nocase">CO</span>$_2$ uptake in <i>Drosophila</i> &amp; a '
        '<span class="nocase">Bayesian</span> model of <span class="nocase">V1</span> at p &lt; 0.05'
    )
    assert titlemarkup.from_csl(csl) == TITLE
    assert titlemarkup.unparse(titlemarkup.parse(TITLE)) == TITLE


def test_escapes_are_literal_characters() -> None:
    assert titlemarkup.plain("Costs \\$5 and \\{braces\\}") == "Costs $5 and {braces}"


@pytest.mark.parametrize("title", ["A {broken title", "A broken} title", "An $open math",
                                   "<i>never closed", "closed</i> twice"])  # fmt: skip
def test_malformed_markup_is_a_validation_error(title: str) -> None:
    with pytest.raises(ValueError, match=r"never closed|closes no|missing"):
        Paper(key="x2020y", title=title, authors=["Doe, Jane"], year=2020)
