"""Mutants of Hinton & Nowlan's model, selected by ``run(variant=...)``, fail its claim:
no learning during life, and a single learning trial per lifetime."""

from __future__ import annotations

import pytest

from neurokb.algorithms.baldwin_effect import run


@pytest.mark.parametrize("variant", ["no-learning", "one-trial"])
def test_mutant_fails_the_claim(variant: str) -> None:
    assert run(seed=0, variant=variant).metrics["claim_holds"] is False
