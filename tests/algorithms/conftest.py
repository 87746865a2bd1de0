"""Shared helpers for the reference-implementation tests (keep minimal; add, never rewrite)."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pytest

from neurokb.algorithms.base import registry


def _check_contract(name: str, papers: set[str], topic: str, **fast_params: object) -> None:
    """Registered under ``name`` with these papers and topic; ``run`` is deterministic for a seed.

    ``fast_params`` shrink the run so the determinism check stays cheap.
    """
    algorithms = registry()
    assert name in algorithms, f"{name!r} is not registered"
    algorithm = algorithms[name]
    assert set(algorithm.papers) == papers
    assert algorithm.topic == topic
    assert algorithm.claim and algorithm.plot_fn is not None
    first, again = algorithm.run(seed=3, **fast_params), algorithm.run(seed=3, **fast_params)
    assert first.metrics == again.metrics
    assert first.arrays.keys() == again.arrays.keys()
    for key in first.arrays:
        np.testing.assert_array_equal(first.arrays[key], again.arrays[key], err_msg=key)
    assert all(isinstance(v, int | float | bool | str) for v in first.metrics.values())


@pytest.fixture
def check_contract() -> Callable[..., None]:
    """``check_contract(name, papers, topic, **fast_params)`` asserts the registry contract."""
    return _check_contract


def _numerical_gradient(f: Callable[[np.ndarray], float], X: np.ndarray, h: float = 1e-6):
    """Central-difference gradient of the scalar ``f`` at ``X`` (any shape, float64), entry by
    entry; the trusted reference that hand-derived gradients are checked against."""
    X = np.array(X, dtype=float)
    G = np.zeros_like(X)
    for idx in np.ndindex(X.shape):
        step = np.zeros_like(X)
        step[idx] = h
        G[idx] = (f(X + step) - f(X - step)) / (2 * h)
    return G


@pytest.fixture
def numerical_gradient() -> Callable[..., np.ndarray]:
    """``numerical_gradient(f, X, h=1e-6)`` -> central differences of ``f`` around ``X``."""
    return _numerical_gradient
