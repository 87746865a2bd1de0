"""Winner-take-all circuit computes Maass's WTA_n.

Claim: Maass (2000, Neural Computation 12:2519, Section 1) defines WTA_n as the map whose
only 1 output marks the largest input.  The rate circuit of the module (Eq. E1) should
compute it: from rest, the argmax unit ends at its analytic fixed point I_k / (1 - alpha)
(relative tolerance 1e-3) and every other unit below 1e-3 of that, for every random input
whose top two entries differ by at least the margin (0.01 on inputs drawn from U(0.5, 1.5)).
Checked on thousands of inputs for several seeds and circuit sizes.  The derivation in the
module docstring also predicts when it fails (beta < 1 - alpha lets units coexist) and how
long the decision takes (~ ln(1 / gap) / (alpha + beta - 1)); both are tested.
"""

from __future__ import annotations

import numpy as np
import pytest

from neurokb.algorithms.winner_take_all import run, selects_argmax, simulate, top_two_gap


@pytest.mark.parametrize("seed", range(4))
@pytest.mark.parametrize(
    ("n_units", "alpha", "beta"), [(10, 0.5, 1.0), (3, 0.2, 1.5), (50, 0.8, 0.5)]
)
def test_steady_state_selects_the_largest_input(
    seed: int, n_units: int, alpha: float, beta: float
) -> None:
    result = run(seed=seed, n_units=n_units, alpha=alpha, beta=beta, n_trials=1000)
    assert result.metrics["n_separated"] > 500
    assert result.metrics["accuracy_separated"] == 1.0
    assert result.metrics["claim_holds"] is True


def test_inputs_with_a_common_offset_and_negative_entries() -> None:
    """Only differences matter while the winner is driven: shift inputs, keep the answer."""
    rng = np.random.default_rng(7)
    I_ext = rng.uniform(-1.0, 2.0, size=(500, 8))
    I_ext = I_ext[(top_two_gap(I_ext) >= 0.01) & (I_ext.max(axis=1) > 0.1)]
    u, _, _ = simulate(I_ext, alpha=0.5, beta=1.0, dt=0.05, n_steps=1200)
    assert selects_argmax(u, I_ext, alpha=0.5, rtol=1e-3).all()


def test_weak_inhibition_lets_several_units_coexist() -> None:
    """beta < 1 - alpha: the difference mode decays, so losers stay active (soft WTA)."""
    result = run(seed=0, alpha=0.5, beta=0.3, n_trials=300)
    assert result.metrics["accuracy_separated"] < 0.05
    assert np.count_nonzero(result.arrays["example_steady"] > 1e-3) > 1


def test_decision_time_grows_like_log_of_inverse_gap() -> None:
    """Slope of decision time against ln(1/gap) is 1 / (alpha + beta - 1), within 10 %."""
    alpha, beta = 0.5, 1.0
    result = run(seed=1, alpha=alpha, beta=beta, n_trials=2000)
    gap, t = result.arrays["gap"], result.arrays["decision_time"]
    slope = np.polyfit(np.log(1.0 / gap), t, 1)[0]
    assert slope == pytest.approx(1.0 / (alpha + beta - 1.0), rel=0.1)


def test_selects_argmax_rejects_wrong_states() -> None:
    I_ext = np.array([[1.0, 2.0, 0.5]])
    good = np.array([[0.0, 4.0, 0.0]])  # 2 / (1 - 0.5)
    assert selects_argmax(good, I_ext, 0.5, 1e-3).all()
    assert not selects_argmax(np.array([[0.1, 4.0, 0.0]]), I_ext, 0.5, 1e-3).any()
    assert not selects_argmax(np.array([[2.0, 0.0, 0.0]]), I_ext, 0.5, 1e-3).any()


def test_registry_contract(check_contract) -> None:
    check_contract(
        "winner-take-all",
        {"maass2000computational", "hahnloser2000digital"},
        "winner-take-all",
        n_trials=20,
    )
