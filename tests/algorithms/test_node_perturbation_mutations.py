"""Mutants of classic node perturbation, selected by ``run(variant=...)``, fail its claim:
the sign-flipped third factor, and an eligibility built from noise the unit did not receive."""

from __future__ import annotations

import pytest

from neurokb.algorithms.node_perturbation import run


@pytest.mark.parametrize("variant", ["sign-flipped", "unknown-noise"])
def test_mutant_fails_the_claim(variant: str) -> None:
    try:
        result = run(seed=0, variant=variant, n_steps=1000)
    except ValueError as error:  # the sign-flipped rule climbs the loss until it diverges
        assert "diverged" in str(error)
        return
    assert result.metrics["claim_holds"] is False, result.metrics
