"""Mutants of Miconi's rule, selected by ``run(variant=...)``, fail its claim.

- ``linear``: S(u) = u instead of u^3 (the supralinearity is the paper's point);
- ``no-baseline``: R instead of R - Rbar;
- ``sign-flipped``: the update climbs the loss.
"""

from __future__ import annotations

import pytest

from neurokb.algorithms.miconi_rnn import run


@pytest.mark.slow
@pytest.mark.parametrize("variant", ["linear", "no-baseline", "sign-flipped"])
def test_mutant_fails_the_claim(variant: str) -> None:
    m = run(seed=0, variant=variant).metrics
    assert m["claim_holds"] is False, m
    assert m["grad_correlation"] < 0.7 or m["error_final"] >= 0.6 * m["error_first"], m


def test_sign_flipped_update_points_uphill() -> None:
    """Fast check: the flipped rule's update anti-correlates with the descent direction."""
    m = run(seed=0, variant="sign-flipped", train_trials=10).metrics
    assert m["grad_correlation"] < -0.5, m
