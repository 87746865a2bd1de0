"""Wrong circuits fail the winner-take-all claim: inhibition too weak for alpha + beta > 1,
and no lateral inhibition at all (selected through the ``beta`` parameter)."""

from __future__ import annotations

import pytest

from neurokb.algorithms.winner_take_all import run


@pytest.mark.parametrize("beta", [0.2, 0.0])
def test_mutant_fails_the_claim(beta: float) -> None:
    assert run(seed=0, beta=beta, n_trials=200).metrics["claim_holds"] is False
