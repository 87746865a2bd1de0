"""Hopfield (1982): exact energy descent with 0/1 units, and the bit-error rate 0.0091.

Claims and sources:
- Hopfield (1982, PNAS 79:2554), Eqs. (1), (2), (7): with symmetric couplings and T_ii = 0,
  an asynchronous update never raises E.  Checked exactly (integer energies) after every
  single update.
- The paper's bit-error figure: P = 0.0091 at N = 100, n = 10.  Setting: 0/1 patterns with
  bits on with probability 1/2, U = 0, a bit counts as an error when one update of the stored
  pattern would flip it, averaged over 2000 networks.  Observed 0.0086-0.0092 over seeds 0-4;
  the test asks for [0.0080, 0.0100] (paper 0.0091; the issue's acceptance band is a factor
  1.5, [0.0061, 0.0137]).
"""

from __future__ import annotations

import itertools

import numpy as np
import pytest

from neurokb.algorithms.hopfield import (
    BIT_ERROR_BAND,
    P_ERR_HOPFIELD,
    bit_error,
    energy,
    gaussian_estimate,
    recall_energy,
    run,
    store,
)


@pytest.mark.parametrize("seed", [0, pytest.param(1, marks=pytest.mark.slow),
                                  pytest.param(2, marks=pytest.mark.slow),
                                  pytest.param(3, marks=pytest.mark.slow),
                                  pytest.param(4, marks=pytest.mark.slow)])  # fmt: skip
def test_bit_error_matches_hopfield(seed: int) -> None:
    result = run(seed=seed)
    assert BIT_ERROR_BAND == (0.0080, 0.0100)  # observed 0.0086-0.0092; paper 0.0091
    assert BIT_ERROR_BAND[0] <= result.metrics["bit_error"] <= BIT_ERROR_BAND[1]
    assert abs(np.log(result.metrics["bit_error"] / P_ERR_HOPFIELD)) < np.log(1.5)
    assert result.metrics["claim_holds"] is True


def test_gaussian_estimate_is_hopfields_number() -> None:
    """Phi(-sqrt(N / (2 (n - 1)))) at N = 100, n = 10 is 0.0092, next to the paper's 0.0091."""
    assert abs(gaussian_estimate(100, np.array([10]))[0] - P_ERR_HOPFIELD) < 0.0002


def test_energy_matches_the_double_sum() -> None:
    """Eq. (7) as an explicit double sum over i != j, in Python integers, for 0/1 states."""
    rng = np.random.default_rng(0)
    V = (rng.random((3, 12)) < 0.5).astype(float)
    T = store(V, "hebbian")
    states = (rng.random((4, 12)) < 0.5).astype(float)
    for k in range(4):
        pairs = itertools.product(range(12), repeat=2)
        double = -sum(
            int(T[i, j]) * int(states[k, i]) * int(states[k, j]) for i, j in pairs if i != j
        )
        assert energy(T, states)[k] * 2 == double


def test_storage_is_eq2() -> None:
    """T_ij = sum_s (2V_i - 1)(2V_j - 1), symmetric, zero diagonal, integer."""
    rng = np.random.default_rng(1)
    V = (rng.random((5, 30)) < 0.5).astype(float)
    T = store(V, "hebbian")
    S = 2 * V - 1
    expected = S.T @ S - np.diag(np.diag(S.T @ S))
    np.testing.assert_array_equal(T, expected)
    np.testing.assert_array_equal(T, T.T)


@pytest.mark.parametrize("seed", range(3))
def test_energy_never_rises_during_recall(seed: int) -> None:
    E, wrong = recall_energy(np.random.default_rng(seed), 100, 5, flips=10, sweeps=3)
    assert np.all(np.diff(E) <= 0)
    assert wrong == 0  # at low load the corrupted memory is restored exactly


def test_bit_error_grows_with_load() -> None:
    rng = np.random.default_rng(0)
    p = [bit_error(rng, 100, n, 300, "hebbian", "binary") for n in (4, 10, 20)]
    assert p[0] < p[1] < p[2]


def test_registry_contract(check_contract) -> None:
    check_contract("hopfield", {"hopfield1982neural"}, "content-addressable-memory", n_networks=20)
