"""Hopfield network: energy descent, recall at low load and collapse near alpha_c ~ 0.14.

Claims and sources:
- Hopfield (1982, PNAS 79:2554), Eqs. (1), (2), (7): with symmetric Hebbian couplings and
  T_ii = 0, each asynchronous update changes E by -|dS_i h_i| <= 0.  Checked *exactly*
  (integer energies) after every single update, at low and high load, for several seeds.
- Hopfield (1982) saw recall fail beyond ~0.15 N patterns; Amit, Gutfreund & Sompolinsky
  (1985, PRL 55:1530) give alpha_c = 0.138 for N -> infinity.  At N = 500 we require mean
  overlap > 0.95 at alpha = 0.05, mean overlap < 0.5 at alpha = 0.25, and the load where
  half the recalls fail (m < 0.95) within [0.10, 0.18].  The upper bound is loose on purpose:
  finite N pushes that load above 0.138 (we measure ~0.15-0.16 at N = 500).
"""

from __future__ import annotations

import itertools

import numpy as np
import pytest

from neurokb.algorithms.hopfield import (
    critical_load,
    energy,
    energy_trace,
    overlaps_at_load,
    recall,
    run,
    store,
    update_unit,
)

SEEDS = range(3)


def random_patterns(rng: np.random.Generator, P: int, N: int) -> np.ndarray:
    return rng.choice(np.array([-1.0, 1.0], dtype=np.float32), size=(P, N))


def test_energy_matches_the_double_sum() -> None:
    """Eq. (7) written as an explicit double sum over i != j, in Python integers."""
    rng = np.random.default_rng(0)
    xi = random_patterns(rng, 3, 12)
    T = store(xi)
    S = random_patterns(rng, 4, 12)
    for k in range(4):
        pairs = itertools.product(range(12), repeat=2)
        expected = -sum(int(T[i, j]) * int(S[k, i]) * int(S[k, j]) for i, j in pairs if i != j)
        assert expected % 2 == 0
        assert energy(T, S)[k] == expected // 2


def test_couplings_are_symmetric_integers_with_zero_diagonal() -> None:
    T = store(random_patterns(np.random.default_rng(1), 7, 50))
    np.testing.assert_array_equal(T, T.T)
    np.testing.assert_array_equal(np.diag(T), 0)
    np.testing.assert_array_equal(T, np.round(T))


@pytest.mark.parametrize("seed", SEEDS)
@pytest.mark.parametrize("alpha", [0.05, 0.14, 0.25, 0.5])
def test_energy_never_increases_under_asynchronous_updates(seed: int, alpha: float) -> None:
    E = energy_trace(np.random.default_rng(seed), 120, alpha, cue_noise=0.3, n_sweeps=4)
    assert E.dtype.kind == "i"  # exact integers, so <= is an exact comparison
    assert np.all(np.diff(E) <= 0)
    assert E[-1] < E[0]


@pytest.mark.parametrize("seed", SEEDS)
def test_asynchronous_recall_ends_at_a_fixed_point(seed: int) -> None:
    rng = np.random.default_rng(seed)
    xi = random_patterns(rng, 30, 150)
    T = store(xi)
    S, sweeps = recall(T, random_patterns(rng, 5, 150), rng, "async", max_sweeps=200)
    assert sweeps < 200
    assert np.all(S * (S @ T) >= 0)  # every unit agrees with (or ties) its local field


@pytest.mark.parametrize("seed", SEEDS)
def test_stored_patterns_are_fixed_points_at_low_load(seed: int) -> None:
    rng = np.random.default_rng(seed)
    xi = random_patterns(rng, 5, 400)  # alpha = 0.0125
    T = store(xi)
    for mu in range(5):
        S = xi[mu : mu + 1].copy()
        for i in range(400):
            assert not update_unit(T, S, i).any()


@pytest.mark.parametrize("seed", SEEDS)
@pytest.mark.parametrize("mode", ["async", "sync"])
def test_recall_at_low_and_high_load(seed: int, mode: str) -> None:
    def mean_overlap(alpha: float) -> float:
        rng = np.random.default_rng(seed)
        return overlaps_at_load(rng, 500, alpha, 2, 10, 0.1, mode, 30).mean()

    assert mean_overlap(0.05) > 0.95
    assert mean_overlap(0.25) < 0.5


@pytest.mark.parametrize("seed", SEEDS)
def test_critical_load_near_amit_gutfreund_sompolinsky(seed: int) -> None:
    result = run(seed=seed)
    assert 0.10 <= result.metrics["alpha_c_estimate"] <= 0.18
    assert result.metrics["overlap_low"] > 0.95
    assert result.metrics["overlap_high"] < 0.5
    assert result.metrics["energy_never_rises"] is True
    assert result.metrics["claim_holds"] is True


def test_critical_load_interpolates_the_half_crossing() -> None:
    alphas = np.array([0.1, 0.12, 0.14, 0.16])
    assert critical_load(alphas, np.array([1.0, 0.9, 0.3, 0.0])) == pytest.approx(0.1333333)
    assert np.isnan(critical_load(alphas, np.ones(4)))


def test_registry_contract(check_contract) -> None:
    check_contract(
        "hopfield",
        {"hopfield1982neural", "amit1985storing"},
        "content-addressable-memory",
        N=60,
        n_alphas=3,
        n_networks=1,
        n_probes=2,
    )
