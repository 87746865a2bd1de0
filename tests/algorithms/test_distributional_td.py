"""Distributional TD units converge to the expectiles of the reward distribution.

Claim (Dabney et al. 2020, Nature 577:671-675; Figs. 2-3 and the distributional TD model in
the Methods): a unit that scales positive RPEs by alpha+ and negative ones by alpha-
converges to the tau-expectile of the reward distribution, tau = alpha+/(alpha+ + alpha-),
so reversal points spread over the distribution and are ordered by tau.

Reference: the expectile equation (E4) solved by bisection, in closed form for the
Gaussian mixture and, as a cross-check, on samples and by numerical integration.
Tolerance: every unit within 0.06 reward standard deviations of its exact expectile after
50 000 trials (worst of 20 seeds at the defaults was 0.04), for several seeds and two
reward distributions.
"""

from __future__ import annotations

import numpy as np
import pytest

from neurokb.algorithms.distributional_td import (
    bimodal_reward,
    mixture_expectiles,
    run,
    sample_expectiles,
    sample_rewards,
    upper_partial_moment,
)

TAU = np.linspace(0.05, 0.95, 7)


@pytest.mark.parametrize("seed", range(5))
@pytest.mark.parametrize("separation", [6.0, 3.0])
def test_units_converge_to_expectiles(seed: int, separation: float) -> None:
    result = run(seed=seed, separation=separation)
    V, expectiles = result.arrays["V"], result.arrays["expectiles"]
    sd = result.metrics["sd_reward"]
    np.testing.assert_array_less(np.abs(V - expectiles), 0.06 * sd)
    assert result.metrics["claim_holds"] is True


@pytest.mark.parametrize("seed", range(3))
def test_reversal_points_spread_and_are_ordered_by_asymmetry(seed: int) -> None:
    result = run(seed=seed)
    V, mean = result.arrays["V"], result.metrics["mean_reward"]
    assert np.all(np.diff(V) > 0)  # tau increasing -> reversal point increasing
    assert V.min() < mean < V.max()
    assert result.metrics["reversal_spread_sd"] > 1.5
    _, means, _ = bimodal_reward(6.0)
    assert V.min() < means[0] + 0.2  # pessimists sit at the low mode ...
    assert V.max() > means[1] - 0.5  # ... optimists near the high one


def test_symmetric_rates_learn_the_mean() -> None:
    """alpha+ = alpha- (tau = 0.5) is classic TD: every unit learns the mean reward."""
    result = run(seed=0, tau_min=0.5, n_units=4)
    np.testing.assert_allclose(result.arrays["V"], result.metrics["mean_reward"], atol=0.1)


def test_half_expectile_is_the_mean() -> None:
    weights, means, sds = bimodal_reward(6.0)
    e = mixture_expectiles(np.array([0.5]), weights, means, sds)
    assert e[0] == pytest.approx(weights @ means, abs=1e-9)


def test_closed_form_partial_moment_matches_numerical_integration() -> None:
    weights, means, sds = bimodal_reward(6.0)
    r = np.linspace(-10, 20, 300_001)
    pdf = sum(w * np.exp(-0.5 * ((r - m) / s) ** 2) / (s * np.sqrt(2 * np.pi))
              for w, m, s in zip(weights, means, sds, strict=True))  # fmt: skip
    for e in (0.0, 1.7, 3.4, 6.9):
        numeric = np.trapezoid(np.maximum(r - e, 0) * pdf, r)
        assert upper_partial_moment(np.array(e), weights, means, sds) == pytest.approx(numeric)


def test_exact_expectiles_solve_the_expectile_equation_and_match_samples() -> None:
    weights, means, sds = bimodal_reward(6.0)
    e = mixture_expectiles(TAU, weights, means, sds)
    up = upper_partial_moment(e, weights, means, sds)
    down = up - (weights @ means - e)
    np.testing.assert_allclose(TAU * up, (1 - TAU) * down, atol=1e-12)
    r = sample_rewards(np.random.default_rng(0), weights, means, sds, 400_000)
    np.testing.assert_allclose(sample_expectiles(r, TAU), e, atol=0.02)


def test_registry_contract(check_contract) -> None:
    check_contract(
        "distributional-td", {"dabney2020distributional"}, "distributional-rl", n_trials=500
    )
