"""Oja's rule converges to the unit-norm first principal component.

Claim (Oja 1982, J. Math. Biol. 15:267-273, Eq. (3) and the convergence theorem that
follows it): with a decreasing gain, w(t) tends to +/- the unit eigenvector of the input
covariance with the largest eigenvalue.  Reference: ``np.linalg.eigh`` of the covariance of
the very samples the rule saw.  Tolerances: | ||w|| - 1 | < 0.02 and |cos(w, v1)| > 0.99,
for every one of several seeds.
"""

from __future__ import annotations

import numpy as np
import pytest

from neurokb.algorithms.oja import oja, principal_components, random_covariance, run

SEEDS = range(6)


@pytest.mark.parametrize("seed", SEEDS)
def test_converges_to_unit_norm_first_pc(seed: int) -> None:
    result = run(seed=seed)
    w, v1 = result.arrays["w"], result.arrays["v1"]
    assert abs(np.linalg.norm(w) - 1.0) < 0.02  # observed within 0.0005
    assert abs(w @ v1) / np.linalg.norm(w) > 0.995  # observed 0.9982-0.9998, seeds 0-5
    assert result.metrics["claim_holds"] is True


@pytest.mark.parametrize("seed", SEEDS)
def test_reference_is_the_leading_eigenvector(seed: int) -> None:
    """The comparison target itself: v1 satisfies C v1 = lambda_1 v1 with the top eigenvalue."""
    rng = np.random.default_rng(seed)
    C, V = random_covariance(rng, 6, 0.5)
    X = rng.multivariate_normal(np.zeros(6), C, size=20_000)
    lambdas, V_hat = principal_components(X)
    assert np.all(np.diff(lambdas) <= 0)
    C_hat = X.T @ X / len(X)
    np.testing.assert_allclose(C_hat @ V_hat[:, 0], lambdas[0] * V_hat[:, 0], atol=1e-10)
    # the sample PC approaches the population one (lambda_1 = 1, gap 0.5)
    assert abs(V_hat[:, 0] @ V[:, 0]) > 0.99


def test_fixed_point_is_stationary() -> None:
    """At w = v1 the expected update eta * (C w - (w.C w) w) of Eq. (3) vanishes."""
    rng = np.random.default_rng(0)
    C, V = random_covariance(rng, 5, 0.4)
    v1 = V[:, 0]
    np.testing.assert_allclose(C @ v1 - (v1 @ C @ v1) * v1, 0.0, atol=1e-12)


def test_plain_hebbian_step_diverges_but_oja_does_not() -> None:
    """Without the decay term -y^2 w the norm grows; with it the norm stays near one."""
    rng = np.random.default_rng(1)
    C, _ = random_covariance(rng, 4, 0.5)
    X = rng.multivariate_normal(np.zeros(4), C, size=3000)
    w = np.full(4, 0.5)
    for x in X:
        w = w + 0.02 * (w @ x) * x  # plain Hebb, dw = eta y x
    assert np.linalg.norm(w) > 100
    W = oja(X, np.full(4, 0.5), eta=0.02, t_half=1e9)  # constant gain
    assert abs(np.linalg.norm(W[-1]) - 1.0) < 0.1


def test_registry_contract(check_contract) -> None:
    check_contract("oja", {"oja1982simplified"}, "hebbian-learning", n_samples=200)
