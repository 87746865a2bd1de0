"""Kolen & Pollack (1994): identical updates plus decay make the feedback weights W^T.

Claims: the angle between B_l and W_l^T falls below 1 degree (observed 0.25-0.27 over seeds
0-4) while fixed random feedback stays above 40 (observed ~48); ||B - W^T|| decays exactly as
(1 - lambda)^t; test loss within 1.6x of backprop's with the same decay (observed 0.89-0.96)
and below feedback alignment's.
"""

from __future__ import annotations

import numpy as np
import pytest

from neurokb.algorithms.kolen_pollack import run, train


@pytest.mark.parametrize(
    "seed", [0, *(pytest.param(s, marks=pytest.mark.slow) for s in range(1, 5))]
)
def test_claim(seed: int) -> None:
    m = run(seed=seed).metrics
    assert m["angle_final_kolen-pollack_deg"] < 1.0, m
    assert m["angle_final_feedback-alignment_deg"] > 40.0, m
    assert m["loss_ratio_kp_to_backprop"] < 1.6, m
    assert m["test_loss_kolen-pollack"] < m["test_loss_feedback-alignment"], m
    assert m["gap_decays_geometrically"] is True
    assert m["claim_holds"] is True


def test_gap_shrinks_by_exactly_one_minus_lambda_per_step() -> None:
    rng = np.random.default_rng(0)
    Ws = [rng.standard_normal((6, 4)), rng.standard_normal((3, 6))]
    Bs = [None, rng.standard_normal((6, 3))]
    teacher = [rng.standard_normal((6, 4)), rng.standard_normal((3, 6))]
    _, _, _, _, gaps = train("kolen-pollack", Ws, Bs, teacher, rng, 50, 8, 0.05, 0.01,
                             "kolen-pollack")  # fmt: skip
    np.testing.assert_allclose(gaps[1:] / gaps[:-1], 0.99, rtol=1e-9)


def test_registry_contract(check_contract) -> None:
    check_contract("kolen-pollack", {"kolen1994backpropagation"}, "credit-assignment", steps=10)
