"""Mutants of the weight mirror, selected by ``run(variant=...)``, fail its claim:
an anti-Hebbian mirror, a mirror without decay, and no mirror learning (feedback alignment)."""

from __future__ import annotations

import pytest

from neurokb.algorithms.weight_mirror import run


@pytest.mark.parametrize("variant", ["anti-mirror", "no-decay", "frozen-mirror"])
def test_mutant_fails_the_claim(variant: str) -> None:
    assert run(seed=0, variant=variant).metrics["claim_holds"] is False
