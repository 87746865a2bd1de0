"""Mutants of Oja's rule, selected by ``run(variant=...)``, fail its claim:
plain Hebb (no decay term; the norm explodes) and the sign-flipped rule."""

from __future__ import annotations

import pytest

from neurokb.algorithms.oja import run


@pytest.mark.parametrize("variant", ["hebb", "anti-hebbian"])
def test_mutant_fails_the_claim(variant: str) -> None:
    assert run(seed=0, variant=variant).metrics["claim_holds"] is False
