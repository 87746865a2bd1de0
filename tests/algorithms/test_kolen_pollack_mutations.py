"""Mutants of Kolen-Pollack, selected by ``run(variant=...)``, fail its claim: no decay,
frozen feedback (feedback alignment) and the opposite update on B."""

from __future__ import annotations

import pytest

from neurokb.algorithms.kolen_pollack import run


@pytest.mark.parametrize("variant", ["no-decay", "frozen-feedback", "anti"])
def test_mutant_fails_the_claim(variant: str) -> None:
    assert run(seed=0, variant=variant).metrics["claim_holds"] is False
