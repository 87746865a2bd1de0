"""Mutants of predictive coding, selected by ``run(variant=...)``, fail its claim:
the rule replaced by backprop itself (the audit's mutant that used to pass), weight updates
before relaxation, and the sign-flipped local update (which overflows; warnings silenced)."""

from __future__ import annotations

import warnings

import numpy as np
import pytest

from neurokb.algorithms.predictive_coding import run


@pytest.mark.parametrize("variant", ["backprop", "no-relaxation", "sign-flipped"])
def test_mutant_fails_the_claim(variant: str) -> None:
    with warnings.catch_warnings(), np.errstate(all="ignore"):
        warnings.simplefilter("ignore", RuntimeWarning)
        m = run(seed=0, variant=variant, steps=200).metrics
    assert m["claim_holds"] is False, m
