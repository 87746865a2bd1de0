"""Node perturbation follows the gradient on average and learns without backprop.

Claims:
- The hand-derived gradient used as the reference (module, ``loss_gradient``) is correct:
  central finite differences agree to a relative error < 1e-6 on every weight.
- Expected update (module docstring, first-order expansion of E2 under E1, E3, E4; the
  premise of Fee & Goldberg 2011 and Miconi 2017): averaged over many perturbed trials the
  update equals -grad L.  Tolerances: cosine > 0.9 (we see ~0.995 with 32 000 trials) and
  relative deviation ||mean update + grad|| / ||grad|| < 0.2, at several random weights.
  A single batch of 64 trials is noisy but still points downhill (cosine > 0).
- Learning (Miconi 2017, Results: reward-only learning trains the network): test loss of a
  two-layer teacher-student task falls more than tenfold in 4000 steps, for several seeds.
"""

from __future__ import annotations

import numpy as np
import pytest

from neurokb.algorithms.node_perturbation import (
    expected_update_alignment,
    forward,
    loss,
    loss_gradient,
    node_perturbation_update,
    run,
    teacher_and_student,
)

SEEDS = range(4)


def task(seed: int, B: int = 64):
    rng = np.random.default_rng(seed)
    teacher, student = teacher_and_student(rng, 5, 7, 3)
    X = rng.standard_normal((B, 5))
    return rng, student, X, forward(teacher, X)[1]


@pytest.mark.parametrize("seed", SEEDS)
def test_gradient_matches_finite_differences(seed: int, numerical_gradient) -> None:
    _, (W1, W2), X, Y_star = task(seed, B=16)
    dW1, dW2 = loss_gradient((W1, W2), X, Y_star)
    numeric1 = numerical_gradient(lambda M: loss((M, W2), X, Y_star), W1)
    numeric2 = numerical_gradient(lambda M: loss((W1, M), X, Y_star), W2)
    for numeric, analytic in ((numeric1, dW1), (numeric2, dW2)):
        assert np.linalg.norm(numeric - analytic) / np.linalg.norm(analytic) < 1e-6


@pytest.mark.parametrize("seed", SEEDS)
def test_expected_update_is_the_negative_gradient(seed: int) -> None:
    rng, W, X, Y_star = task(seed)
    cosines = expected_update_alignment(W, X, Y_star, sigma=0.05, rng=rng, n_repeats=500)
    assert cosines[-1] > 0.9
    assert cosines[0] > 0.0  # one batch of 64 trials already points downhill

    # magnitude too: (E4) divides by sigma^2, so E[dW] = -grad L, not just parallel to it
    g = loss_gradient(W, X, Y_star)
    total = [np.zeros_like(M) for M in W]
    for _ in range(500):
        (d1, d2), _ = node_perturbation_update(W, X, Y_star, 0.05, rng)
        total[0] += d1 / 500
        total[1] += d2 / 500
    flat_mean = np.concatenate([M.ravel() for M in total])
    flat_g = np.concatenate([M.ravel() for M in g])
    assert np.linalg.norm(flat_mean + flat_g) / np.linalg.norm(flat_g) < 0.2


@pytest.mark.parametrize("seed", SEEDS)
def test_loss_falls_more_than_tenfold(seed: int) -> None:
    result = run(seed=seed)
    assert result.metrics["loss_ratio"] > 10
    assert result.metrics["expected_update_cosine"] > 0.9
    assert result.metrics["claim_holds"] is True


@pytest.mark.parametrize("seed", range(2))
def test_running_average_baseline_also_learns(seed: int) -> None:
    """Miconi's and Fee & Goldberg's baseline: noisier, so a smaller eta and a looser bound."""
    result = run(seed=seed, baseline="running", eta=0.005)
    assert result.metrics["loss_ratio"] > 5


def test_running_baseline_with_large_eta_reports_divergence() -> None:
    with pytest.raises(ValueError, match="lower eta"):
        run(seed=0, baseline="running", eta=0.05, n_steps=500)


def test_registry_contract(check_contract) -> None:
    check_contract(
        "node-perturbation",
        {"williams1992simple", "fiete2006gradient"},
        "reinforcement-learning-in-the-brain",
        n_steps=50,
    )
