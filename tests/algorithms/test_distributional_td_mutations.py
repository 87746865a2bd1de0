"""Mutants of distributional TD, selected by ``run(variant=...)``, fail its claim:
symmetric learning rates (classic TD) and reversed asymmetries."""

from __future__ import annotations

import pytest

from neurokb.algorithms.distributional_td import run


@pytest.mark.parametrize("variant", ["symmetric", "swapped"])
def test_mutant_fails_the_claim(variant: str) -> None:
    assert run(seed=0, variant=variant).metrics["claim_holds"] is False
