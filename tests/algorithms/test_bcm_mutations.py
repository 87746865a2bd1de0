"""Mutants of BCM, selected by ``run(variant=...)``, fail its claim: a frozen threshold,
plain Hebb (no threshold) and the sign-flipped rule."""

from __future__ import annotations

import pytest

from neurokb.algorithms.bcm import run


@pytest.mark.parametrize("variant", ["fixed-threshold", "hebb", "anti"])
def test_mutant_fails_the_claim(variant: str) -> None:
    assert run(seed=0, variant=variant).metrics["claim_holds"] is False
