"""Mutants of EWC, selected by ``run(variant=...)``, fail its claim: no anchor (plain SGD),
uniform importance (an L2 anchor) and the sign-flipped anchor."""

from __future__ import annotations

import pytest

from neurokb.algorithms.ewc import run


@pytest.mark.parametrize("variant", ["sgd", "uniform", "sign-flipped"])
def test_mutant_fails_the_claim(variant: str) -> None:
    assert run(seed=0, variant=variant).metrics["claim_holds"] is False
