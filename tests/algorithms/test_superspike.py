"""SuperSpike: one LIF neuron learns a five-spike target train from frozen Poisson input.

Claim (Zenke & Ganguli 2018, Neural Computation 30(6), Fig. 2: a single neuron trained with
the SuperSpike rule learns to fire at the target times): the van Rossum distance between
output and target falls at least tenfold (observed: >100x for seeds 0-39), the trained
neuron fires exactly five spikes, each within 3 ms (6 time steps) of its target.  Checked
for several seeds.

The rule is checked where an exact answer exists: replace the spike train by the fast
sigmoid of the free membrane potential, ``S ~ sigma(U) dt``, and the SuperSpike update must
equal minus the gradient of the van Rossum loss (central differences, rel. error < 1e-6),
which is the paper's derivation of the rule.
"""

from __future__ import annotations

import numpy as np
import pytest

from neurokb.algorithms.superspike import (
    BETA,
    TAU_MEM,
    TAU_SYN,
    THETA,
    U_REST,
    causal_filter,
    double_exponential,
    eligibility_trace,
    psp_kernel,
    run,
    simulate,
    superspike_gradient,
    van_rossum_distance,
)

DT = 0.5


def _setup(seed: int, n_in: int = 12, T: int = 200):
    rng = np.random.default_rng(seed)
    t = np.arange(T) * DT
    S_in = (rng.random((T, n_in)) < 0.02).astype(float)
    psp = causal_filter(S_in, psp_kernel(t))
    alpha = double_exponential(t, TAU_SYN, TAU_MEM)
    S_hat = np.zeros(T)
    S_hat[[60, 140]] = 1.0
    w = 2.0 + rng.standard_normal(n_in)
    return psp, alpha, S_hat, w


@pytest.mark.slow
def test_learns_from_a_silent_start_on_nine_of_ten_seeds() -> None:
    """Default start is silent; seeds 0-9 must succeed at least 9 times (observed 9: seed 3
    ends with one extra spike)."""
    results = [run(seed=seed).metrics for seed in range(10)]
    assert all(m["n_output_spikes_initial"] == 0 for m in results)
    assert sum(m["claim_holds"] for m in results) >= 9, results


@pytest.mark.parametrize("seed", [0, 1, 2, 4])
def test_neuron_learns_the_target_spike_train(seed: int) -> None:
    m = run(seed=seed).metrics
    assert m["distance_final"] < 0.5, m
    assert m["n_output_spikes_final"] == 5, m
    assert m["max_timing_error_ms"] <= 3.0, m
    assert m["claim_holds"] is True


@pytest.mark.parametrize("seed", [0, 1])
def test_rule_is_the_gradient_of_the_smoothed_loss(seed: int, numerical_gradient) -> None:
    """With S := sigma(U_free) dt, SuperSpike's update is exactly -dL/dw."""
    psp, alpha, S_hat, w = _setup(seed)
    assert BETA == 1.0, "sigma below is the antiderivative of sigma' for beta = 1"

    def smooth_output(w_: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        U = U_REST + psp @ w_  # free membrane potential, no resets
        x = U - THETA
        return U, x / (1.0 + np.abs(x)) * DT  # fast sigmoid; its derivative is sigma'(U)

    def loss(w_: np.ndarray) -> float:
        e = causal_filter(S_hat - smooth_output(w_)[1], alpha)
        return 0.5 * float(np.sum(e**2)) * DT

    U, S = smooth_output(w)
    g = superspike_gradient(S, S_hat, U, psp, alpha, DT)
    G = numerical_gradient(loss, w)
    assert np.linalg.norm(g + G) / np.linalg.norm(G) < 1e-6


def test_backward_filtered_error_equals_explicit_eligibility_traces() -> None:
    """int e(t) lambda_j(t) dt with lambda from the paper's trace equals the fast form."""
    psp, alpha, S_hat, w = _setup(5)
    U, S = simulate(w, psp, DT)
    e = causal_filter(S_hat - S, alpha)
    explicit = (e @ eligibility_trace(U, psp, alpha, DT)) * DT
    np.testing.assert_allclose(superspike_gradient(S, S_hat, U, psp, alpha, DT), explicit)


def test_psp_kernel_solves_the_current_based_synapse() -> None:
    """tau_mem d eps/dt = -eps + exp(-t / tau_syn), eps(0) = 0 (unit current jump at t = 0)."""
    t = np.linspace(0, 60, 60_001)
    eps = psp_kernel(t)
    residual = TAU_MEM * np.gradient(eps, t) + eps - np.exp(-t / TAU_SYN)
    assert eps[0] == 0 and np.max(np.abs(residual[1:-1])) < 1e-6


def test_spike_resets_membrane_by_theta_minus_rest() -> None:
    T = 100
    psp = np.zeros((T, 1))
    psp[10:, 0] = 1.0  # a step of drive
    U, S = simulate(np.array([12.0]), psp, DT)  # free potential U_rest + 12 mV > theta
    assert np.flatnonzero(S)[0] == 10
    drop = THETA - U_REST
    assert U[11] == pytest.approx(U_REST + 12.0 - drop)  # full reset on the next step
    assert U[12] == pytest.approx(U_REST + 12.0 - drop * np.exp(-DT / TAU_MEM))
    assert np.all(U[:10] == U_REST)


def test_van_rossum_distance_counts_unmatched_spikes() -> None:
    T = 1000
    alpha = double_exponential(np.arange(T) * DT, TAU_SYN, TAU_MEM)
    target = np.zeros(T)
    target[[200, 600]] = 1.0
    assert van_rossum_distance(target, target, alpha, DT) == 0.0
    one_missing = target.copy()
    one_missing[600] = 0.0
    assert van_rossum_distance(one_missing, target, alpha, DT) == pytest.approx(1.0, abs=1e-9)
    shifted = np.roll(target, 2)  # 1 ms late: much closer than a missing spike
    assert 0 < van_rossum_distance(shifted, target, alpha, DT) < 0.1


def test_registry_contract(check_contract) -> None:
    check_contract("superspike", {"zenke2018superspike"}, "spiking-neural-networks", n_trials=5)
