"""STDP: synaptic traces reproduce the Bi & Poo (1998) window as fitted by Abarbanel et al.

Claim: pre-before-post pairings within 20 ms potentiate, post-before-pre pairings between 8
and 20 ms depress, and the measured window has the fit's time constants: the slow tails give
T_P = 10.2 ms and T_D = 28.6 ms within 2 % (observed 10.20 and 28.65), and the zero crossing
lies within 0.5 ms of T_D ln(a_D/a_P)/(eta - 1) = -5.58 ms (observed -5.60).
"""

from __future__ import annotations

import numpy as np

from neurokb.algorithms.stdp import T_D, T_P, pairing, run, window, window_parameters


def test_claim() -> None:
    m = run(seed=0).metrics
    assert abs(m["tau_plus_fit"] - T_P) < 0.02 * T_P, m  # paper fit: 10.2 ms
    assert abs(m["tau_minus_fit"] - T_D) < 0.02 * T_D, m  # paper fit: 28.6 ms
    assert abs(m["zero_crossing_ms"] - m["zero_crossing_fit_ms"]) < 0.5, m
    assert 95 < m["peak_ltp_percent"] < 105 and -42 < m["min_ltd_percent"] < -34, m
    assert m["claim_holds"] is True


def test_traces_equal_the_closed_form() -> None:
    delta = np.array([-60.0, -18.8, -5.0, -1.0, 1.0, 2.7, 10.0, 40.0])
    np.testing.assert_allclose(pairing(delta, "bi-poo", 0.1, 150.0), window(delta), atol=1e-6)


def test_window_integrates_to_zero() -> None:
    grid = np.linspace(-600, 600, 240_001)
    assert abs(np.trapezoid(window(grid), grid)) < 0.5  # against ~1550 on each side


def test_amplitudes_follow_the_fit() -> None:
    a_p, a_d, *_ = window_parameters("bi-poo")
    assert abs(a_p - 42 / (1 / 10.2 + 4 / 28.6)) < 1e-12
    assert abs(a_d - 42 / (4 / 10.2 + 1 / 28.6)) < 1e-12


def test_registry_contract(check_contract) -> None:
    check_contract("stdp", {"bi1998synaptic"}, "synaptic-plasticity", n_deltas=41)
