"""Miconi (2017): the cubed, perturbation-blind rule follows the gradient and trains the network.

Claims and sources:
- Miconi (2017, eLife 6:e20899): a reward-modulated Hebbian rule with unseen perturbations, a
  supralinear (cubed) eligibility and a running-average reward baseline trains a chaotic
  recurrent network; without the supralinearity it fails.
- Quantitative check (the task's independent prototype: 0.88): the correlation between the
  update summed over 2000 trials and the exact BPTT gradient must exceed 0.7 (observed
  0.77-0.89 over seeds 0-4), while the linear variant stays below 0.4 (observed 0.13-0.31).
- Training for 800 trials must bring the error below 0.6 of its start (observed 0.11-0.53).
- Averaged over seeds 0-4, the linear variant's final error is above the cubed rule's
  (observed means 0.35 and 0.09); on one seed (2) the linear rule happens to do better.
"""

from __future__ import annotations

import numpy as np
import pytest

from neurokb.algorithms.miconi_rnn import inputs, loss_and_gradient, network, run, trials


def check_claim(m: dict) -> None:
    assert m["grad_correlation"] > 0.7, m  # prototype 0.88
    assert m["grad_correlation_linear"] < 0.4, m
    assert m["error_final"] < 0.6 * m["error_first"], m
    assert m["claim_holds"] is True


def test_claim_seed0() -> None:
    check_claim(run(seed=0).metrics)


@pytest.mark.slow
def test_claim_seeds_0_to_4_and_linear_learns_worse_on_average() -> None:
    results = [run(seed=seed).metrics for seed in range(5)]
    for m in results:
        check_claim(m)
    cubed = np.mean([m["error_final"] for m in results])
    linear = np.mean([m["error_final_linear"] for m in results])
    assert cubed < 0.5 * linear, (cubed, linear)


def test_bptt_gradient_matches_finite_differences(numerical_gradient) -> None:
    rng = np.random.default_rng(0)
    J, W_in, x0 = network(rng, 6, 1.2)
    u = inputs(0, 40)

    def loss(Jx: np.ndarray) -> float:
        return loss_and_gradient(Jx, W_in, x0, u, 0.3, 0.1)[0]

    _, G = loss_and_gradient(J, W_in, x0, u, 0.3, 0.1)
    np.testing.assert_allclose(G, numerical_gradient(loss, J, h=1e-6), atol=1e-6, rtol=1e-4)


def test_noise_free_trial_has_no_eligibility() -> None:
    """Without kicks x - xbar is only the slow drift; with kicks the cubed trace is larger."""
    rng = np.random.default_rng(1)
    J, W_in, x0 = network(rng, 20, 1.5)
    u = inputs(0, 100)
    _, e0 = trials(J, W_in, x0, u, 0.8, rng, 4, 0.0, 0.0, 0.1, 0.05, 3)
    _, e1 = trials(J, W_in, x0, u, 0.8, rng, 4, 0.01, 1.0, 0.1, 0.05, 3)
    assert np.abs(e1).mean() > 30 * np.abs(e0).mean()


def test_registry_contract(check_contract) -> None:
    check_contract(
        "miconi-rnn", {"miconi2017biologically"}, "reinforcement-learning-in-the-brain",
        N=10, grad_trials=100, train_trials=20,
    )  # fmt: skip
