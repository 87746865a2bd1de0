"""Mutants of feedback alignment, selected by ``run(variant=...)``, fail its claim.

- ``backprop``: W^T instead of B.  It learns, and its updates are backprop's, but W never
  aligns with B^T (~90 degrees), which is the mechanism the paper reports;
- ``resampled-feedback``: a fresh random B each step; nothing to align with, so the hidden
  updates stay ~90 degrees from backprop's and the loss plateaus;
- ``frozen-hidden``: the hidden layer does not learn.
"""

from __future__ import annotations

import pytest

from neurokb.algorithms.feedback_alignment import run


@pytest.mark.parametrize("variant", ["backprop", "resampled-feedback", "frozen-hidden"])
def test_mutant_fails_the_claim(variant: str) -> None:
    assert run(seed=0, variant=variant).metrics["claim_holds"] is False
