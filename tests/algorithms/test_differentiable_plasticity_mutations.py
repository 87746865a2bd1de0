"""Mutants of differentiable plasticity, selected by ``run(variant=...)``, fail its claim:
plasticity coefficients not learned, and a Hebbian trace that never forms."""

from __future__ import annotations

import pytest

from neurokb.algorithms.differentiable_plasticity import run


@pytest.mark.parametrize("variant", ["frozen-plasticity", "no-trace"])
def test_mutant_fails_the_claim(variant: str) -> None:
    assert run(seed=0, variant=variant).metrics["claim_holds"] is False
