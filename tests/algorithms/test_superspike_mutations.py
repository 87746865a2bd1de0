"""Mutants of SuperSpike, selected by ``run(variant=...)``, fail its claim: the sign-flipped
update, and one change shared by every synapse (the presynaptic factor dropped)."""

from __future__ import annotations

import pytest

from neurokb.algorithms.superspike import run


@pytest.mark.parametrize("variant", ["sign-flipped", "no-presynaptic"])
def test_mutant_fails_the_claim(variant: str) -> None:
    assert run(seed=0, variant=variant).metrics["claim_holds"] is False
