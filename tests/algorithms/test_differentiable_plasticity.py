"""Differentiable plasticity: hand-derived BPTT is exact, and plasticity is what lets the net learn.

Claim (Miconi, Clune & Stanley 2018, Sec. 4.1 and its figure on binary pattern completion):
a recurrent network with trained Hebbian plasticity, Eqs. (1)-(2), learns to complete a
half-erased pattern from those shown earlier in the episode, which a non-plastic network of
the same size cannot do.  Our scaled-down task: 32 bits, 3 patterns, 500 Adam steps.
Tolerances: error on the zeroed bits < 0.15 for the plastic network and > 0.35 for the
non-plastic one (chance 0.5), on 128 held-out episodes, for each of several seeds.

The gradient of the loss with respect to ``W``, ``alpha`` and ``eta`` is checked against
central finite differences (relative error < 1e-6) on a small instance, in float64.
"""

from __future__ import annotations

import numpy as np
import pytest

from neurokb.algorithms.differentiable_plasticity import (
    INPUT_GAIN,
    Task,
    forward,
    loss_and_gradients,
    make_episodes,
    run,
)


def _small_instance(seed: int) -> tuple[np.ndarray, np.ndarray, float, Task]:
    """Five neurons, moderate inputs so no unit saturates and every gradient is informative."""
    rng = np.random.default_rng(seed)
    task = make_episodes(rng, batch=2, n_bits=5, n_patterns=2, pres_time=2, delay=1, cycles=1)
    task = Task(task.inputs * 1.5 / INPUT_GAIN, task.target, task.hidden)
    W = 0.5 * rng.standard_normal((5, 5))
    alpha = 0.5 * rng.standard_normal((5, 5))
    return W, alpha, 0.3, task


def _relative_error(a: np.ndarray, b: np.ndarray) -> float:
    return float(np.linalg.norm(a - b) / max(np.linalg.norm(a), np.linalg.norm(b)))


@pytest.mark.parametrize("seed", [0, 1])
def test_bptt_matches_finite_differences(seed: int, numerical_gradient) -> None:
    W, alpha, eta, task = _small_instance(seed)
    _, grads, _ = loss_and_gradients(W, alpha, eta, task)

    def loss(W_, alpha_, eta_):
        return loss_and_gradients(W_, alpha_, float(eta_), task)[0]

    assert _relative_error(grads["W"], numerical_gradient(lambda X: loss(X, alpha, eta), W)) < 1e-6
    num_alpha = numerical_gradient(lambda X: loss(W, X, eta), alpha)
    assert _relative_error(grads["alpha"], num_alpha) < 1e-6
    num_eta = numerical_gradient(lambda X: loss(W, alpha, X), np.array(eta))
    assert abs(grads["eta"] - num_eta) < 1e-6 * max(abs(num_eta), 1e-3)


def test_non_plastic_bptt_matches_finite_differences(numerical_gradient) -> None:
    W, _, _, task = _small_instance(2)
    _, grads, _ = loss_and_gradients(W, None, 0.0, task)
    num_W = numerical_gradient(lambda X: loss_and_gradients(X, None, 0.0, task)[0], W)
    assert _relative_error(grads["W"], num_W) < 1e-6


def test_hebbian_trace_follows_eq_2() -> None:
    """Trace after one step is eta x_i(0) x_j(1) = 0 (x(0) = 0), then decays and accumulates."""
    W, alpha, eta, task = _small_instance(3)
    x, Hebb = forward(W, alpha, eta, task.inputs)
    assert np.all(Hebb[0] == 0) and np.all(Hebb[1] == 0)
    expected = eta * x[1][:, :, None] * x[2][:, None, :] + (1 - eta) * Hebb[1]
    np.testing.assert_allclose(Hebb[2], expected)


def test_task_shows_each_pattern_and_a_half_erased_cue() -> None:
    task = make_episodes(np.random.default_rng(0), batch=4, n_bits=16, n_patterns=3)
    cue = task.inputs[-1] / INPUT_GAIN  # (B, N)
    assert np.all(cue[task.hidden] == 0)
    np.testing.assert_array_equal(cue[~task.hidden], task.target[~task.hidden])
    shown = task.inputs[:-3] / INPUT_GAIN  # presentations before the test cue
    for b in range(4):  # the target is one of the patterns shown earlier in its episode
        assert np.any(np.all(shown[:, b] == task.target[b], axis=1))


@pytest.mark.parametrize("seed", [0, *(pytest.param(s, marks=pytest.mark.slow) for s in (1, 2))])
def test_plastic_network_completes_patterns_non_plastic_does_not(seed: int) -> None:
    result = run(seed=seed)
    m = result.metrics
    assert m["error_plastic"] < 0.15, m
    assert m["error_non_plastic"] > 0.35, m
    assert m["claim_holds"] is True
    assert 0.0 < m["eta"] < 1.0


def test_registry_contract(check_contract) -> None:
    check_contract(
        "differentiable-plasticity",
        {"miconi2018differentiable"},
        "synaptic-plasticity",
        n_bits=8,
        n_iters=5,
    )
