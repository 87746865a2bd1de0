"""Mutants, selected by ``run(variant=...)``, fail the pseudo-backprop claim: backprop itself
(zero angle to backprop) and a feedback matrix redrawn every step."""

from __future__ import annotations

import pytest

from neurokb.algorithms.fa_pseudobackprop import run


@pytest.mark.parametrize("variant", ["backprop", "resampled-feedback"])
def test_mutant_fails_the_claim(variant: str) -> None:
    assert run(seed=0, variant=variant).metrics["claim_holds"] is False
