"""Mutants of the STDP window, selected by ``run(variant=...)``, fail its claim:
anti-Hebbian (signs flipped), no depression term, and a symmetric window (T_D = T_P)."""

from __future__ import annotations

import pytest

from neurokb.algorithms.stdp import run


@pytest.mark.parametrize("variant", ["anti-hebbian", "no-depression", "symmetric"])
def test_mutant_fails_the_claim(variant: str) -> None:
    assert run(seed=0, variant=variant).metrics["claim_holds"] is False
