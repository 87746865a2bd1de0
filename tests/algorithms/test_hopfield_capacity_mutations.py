"""Clipped synapses (sign of J_ij) fail the AGS capacity claim: their capacity is lower."""

from __future__ import annotations

from neurokb.algorithms.hopfield_capacity import run


def test_clipped_synapses_fail_the_claim() -> None:
    result = run(seed=0, synapses="clipped")
    assert result.metrics["claim_holds"] is False, result.metrics
    assert result.metrics["alpha_c_largest_N"] < 0.150  # the claim test's lower bound
