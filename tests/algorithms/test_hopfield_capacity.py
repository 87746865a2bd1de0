"""Amit, Gutfreund & Sompolinsky (1985): finite-size capacities fall with N toward 0.138.

Claim (AGS 1985, PRL 55:1530): retrieval states of the +/-1 Hopfield network with Hebbian
couplings exist up to alpha_c = 0.138 as N -> infinity.  We estimate alpha_c(N) at
N = 100, 200, 400, 800 from retrieval started in the stored pattern, and require
- the estimates to fall with N, every one in [0.10, 0.24] and the one at N = 800 in
  [0.150, 0.180] (observed 0.1646-0.1683 over seeds 0-4; clipped synapses 0.130-0.133), and
- the 1/sqrt(N) extrapolation within 0.015 of 0.138 (observed 0.130-0.134; clipped 0.115-0.118).
"""

from __future__ import annotations

import numpy as np
import pytest

from neurokb.algorithms.hopfield_capacity import (
    ALPHA_C_AGS,
    capacity_estimate,
    extrapolate,
    fraction_retrieved,
    run,
)


def check_claim(result) -> None:
    m, a = result.metrics, result.arrays
    alpha_c = a["alpha_c"]
    assert np.all((alpha_c >= 0.10) & (alpha_c <= 0.24)), alpha_c
    assert alpha_c[0] > alpha_c[1] > alpha_c[-1], alpha_c  # falls with N
    assert 0.150 <= m["alpha_c_largest_N"] <= 0.180, m
    assert abs(m["alpha_inf"] - ALPHA_C_AGS) < 0.015, m
    assert m["claim_holds"] is True


@pytest.mark.slow
@pytest.mark.parametrize("seed", range(5))
def test_capacity_trends_to_ags(seed: int) -> None:
    check_claim(run(seed=seed))


def test_capacity_trends_to_ags_seed0() -> None:
    check_claim(run(seed=0))


def test_capacity_estimate_of_a_step_is_its_edge() -> None:
    alphas = np.linspace(0.1, 0.3, 11)  # step 0.02
    f = (alphas < 0.17).astype(float)  # retrieved up to 0.16, lost from 0.18
    assert capacity_estimate(alphas, f) == pytest.approx(0.17)


def test_extrapolation_recovers_a_known_law() -> None:
    Ns = np.array([100, 200, 400, 800])
    alpha_inf, b = extrapolate(Ns, 0.138 + 0.9 / np.sqrt(Ns))
    assert alpha_inf == pytest.approx(0.138) and b == pytest.approx(0.9)


def test_low_load_is_retrieved_and_high_load_is_not() -> None:
    rng = np.random.default_rng(0)
    assert fraction_retrieved(rng, 400, 0.05, 64, "hebbian", 30) == 1.0
    assert fraction_retrieved(rng, 400, 0.30, 64, "hebbian", 30) < 0.05


def test_overlap_field_equals_the_coupling_matrix() -> None:
    """h = xi^T (xi S) - P S is S J with J = xi^T xi and a zero diagonal."""
    rng = np.random.default_rng(2)
    xi = rng.choice([-1.0, 1.0], size=(7, 40))
    S = rng.choice([-1.0, 1.0], size=(3, 40))
    J = xi.T @ xi
    np.fill_diagonal(J, 0.0)
    np.testing.assert_allclose((S @ xi.T) @ xi - 7 * S, S @ J)


def test_registry_contract(check_contract) -> None:
    check_contract(
        "hopfield-capacity", {"amit1985storing"}, "content-addressable-memory",
        N_min=50, N_max=200, n_alphas=4, probes=16,
    )  # fmt: skip
