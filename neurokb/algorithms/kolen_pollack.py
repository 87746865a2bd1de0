r"""Kolen-Pollack: feedback weights that become $W^\top$ because both get the same update and decay.

Paper: John F. Kolen and Jordan B. Pollack (1994), "Backpropagation without weight
transport", *Proceedings of the 1994 IEEE International Conference on Neural Networks*,
vol. 3. doi:10.1109/ICNN.1994.374486

Backprop sends the error down through $W_l^\top$; Kolen and Pollack give the backward path
its own matrix $B_l$ (shape of $W_l^\top$).  Each forward synapse changes by the product of
the activity below and the error above; the matching feedback synapse sees the same two
signals (at its own ends) and changes by the same product, transposed; both decay:

$$
\begin{aligned}
\Delta W_l &= -\eta\, \delta_l\, h_{l-1}^\top - \lambda W_l \\
\Delta B_l &= -\eta\, h_{l-1}\, \delta_l^\top - \lambda B_l
\qquad (\delta_{l-1} = f'(a_{l-1}) \odot B_l \delta_l)
\end{aligned}
$$

Subtracting the transpose of the first line from the second, the learning terms cancel:
$B_l - W_l^\top$ shrinks by the factor $1 - \lambda$ every step, whatever the data.  So $B$
converges to $W^\top$ geometrically and the network ends up doing backprop, with no weight
ever read by the other pathway.  Akrout et al. (2019) revived the rule next to their weight
mirrors (the ``weight-mirror`` algorithm); we run it on the same kind of task, a two-hidden-
layer tanh student learning a random teacher, beside backprop and feedback alignment.

The claim checked: the angle between $B_l$ and $W_l^\top$ falls below 1 degree (observed
0.25-0.27 over seeds 0-4) where fixed random feedback stays near 48 degrees; the difference
decays exactly as $(1 - \lambda)^t$; and the test loss is within 1.6x of backprop's
(observed 0.89-0.96) and below feedback alignment's.

Mutation hook: ``variant`` = ``no-decay`` ($\lambda = 0$ on $B$ and $W$: the difference never
shrinks), ``frozen-feedback`` ($B$ not updated: feedback alignment) or ``anti`` ($B$ gets the
opposite update); each fails the claim.  The forward pass and deltas come from ``_layered``.

Backprop and feedback alignment are run with the same weight decay on $W$, so that the
comparison is with the network Kolen-Pollack turns into (backprop with weight decay).

Limits: small dense networks and plain SGD; the weight decay that makes $B$ converge also
regularises $W$.
"""

from __future__ import annotations

from itertools import pairwise

import numpy as np

from neurokb.algorithms._layered import angle_deg, forward, gradients
from neurokb.algorithms.base import Param, Result, register

MODES = ("backprop", "feedback-alignment", "kolen-pollack")
VARIANTS = ("kolen-pollack", "no-decay", "frozen-feedback", "anti")
ANGLE_MAX_DEG = 1.0  # B vs W^T at the end (observed 0.25-0.27 degrees over seeds 0-4)
ANGLE_FA_MIN_DEG = 40.0  # fixed random feedback stays far from W^T
LOSS_RATIO_MAX = 1.6  # Kolen-Pollack / backprop test loss (observed 0.89-0.96)


def train(mode, Ws, Bs, teacher, data_rng, steps, batch, eta, lam, variant):
    """SGD on the teacher task; returns weights, feedback, loss (steps,), angle (steps,) and
    the norm of B - W^T of the last layer per step (steps,)."""
    assert mode in MODES and variant in VARIANTS, (mode, variant)
    Ws = [W.copy() for W in Ws]
    Bs = [None if B is None else B.copy() for B in Bs]
    if variant == "no-decay":
        lam = 0.0
    losses, angles, gaps = np.empty(steps), np.empty(steps), np.empty(steps)
    for step in range(steps):
        X = data_rng.standard_normal((batch, Ws[0].shape[1]))  # (batch, n_in)
        Y = forward(teacher, X, "tanh")[-1]  # (batch, n_out)
        feedback = None if mode == "backprop" else Bs
        losses[step], grads, _ = gradients(Ws, X, Y, "tanh", feedback)
        decay = lam  # every learner gets the same weight decay on W, for a fair comparison
        for k, g in enumerate(grads):
            Ws[k] -= eta * g + decay * Ws[k]  # dW = -eta delta h^T - lambda W
            if mode == "kolen-pollack" and Bs[k] is not None and variant != "frozen-feedback":
                sign = -1.0 if variant == "anti" else 1.0
                Bs[k] -= sign * eta * g.T + decay * Bs[k]  # dB = -eta h delta^T - lambda B
        pairs = [(W, B) for W, B in zip(Ws, Bs, strict=True) if B is not None]
        angles[step] = np.mean([angle_deg(B, W.T) for W, B in pairs])
        gaps[step] = np.linalg.norm(Bs[-1] - Ws[-1].T)
    return Ws, Bs, losses, angles, gaps


def plot(result: Result, fig) -> None:
    """Left: angle between B and W^T; right: loss of the three learners."""
    a = result.arrays
    ax_angle, ax_loss = fig.subplots(1, 2)
    steps = np.arange(1, len(a["loss_backprop"]) + 1)
    ax_angle.semilogy(steps, np.maximum(a["angle_kolen-pollack"], 1e-3), label="Kolen-Pollack")
    ax_angle.semilogy(steps, a["angle_feedback-alignment"], label="fixed random B")
    ax_angle.set_xlabel("training step")
    ax_angle.set_ylabel(r"angle($B_l$, $W_l^T$) (degrees)")
    ax_angle.set_title("Feedback converges to the transpose")
    ax_angle.legend(fontsize="small")
    for mode in MODES:
        ax_loss.semilogy(steps, a[f"loss_{mode}"], lw=0.8, label=mode)
    ax_loss.set_xlabel("training step")
    ax_loss.set_ylabel("loss (1/2 squared error)")
    ax_loss.set_title("Learning the teacher")
    ax_loss.legend(fontsize="small")


@register(
    name="kolen-pollack",
    title="Kolen–Pollack: identical updates and decay make feedback weights the transpose",
    papers=["kolen1994backpropagation"],
    topic="credit-assignment",
    claim=(
        "When each feedback weight receives the same local update as its forward partner and "
        "both decay, B - W^T shrinks geometrically: the angle between B and W^T falls below 1 "
        "degree (fixed random feedback: ~48) and learning matches backprop."
    ),
    params=[
        Param("n_in", 30, "input units", minimum=1, maximum=500),
        Param("n_hidden", 40, "units in each of the two hidden layers", minimum=1, maximum=500),
        Param("n_out", 10, "output units", minimum=1, maximum=500),
        Param("steps", 3000, "training steps", minimum=1, maximum=100_000),
        Param("eta", 0.1, "learning rate", minimum=1e-6, maximum=1.0),
        Param("lam", 0.002, "weight decay per step (on W and B)", minimum=0.0, maximum=0.5),
        Param("variant", "kolen-pollack", "the paper's rule, or a mutant", choices=VARIANTS),
    ],
    plot=plot,
    equations=[
        r"\Delta W_l = -\eta\, \delta_l h_{l-1}^\top - \lambda W_l",
        r"\Delta B_l = -\eta\, h_{l-1} \delta_l^\top - \lambda B_l",
        r"\delta_{l-1} = f'(a_{l-1}) \odot B_l \delta_l",
        r"B_l - W_l^\top \;\leftarrow\; (1 - \lambda)\,(B_l - W_l^\top)",
    ],
    reproduces="Feedback weights converge to W^T without weight transport (Kolen & Pollack "
    "1994): angle 0.25-0.27 degrees after 3000 steps, difference decaying as (1 - lambda)^t.",
    limits="Small tanh teacher task, not the paper's experiments; decay also shrinks W.",
    summary="Backprop, feedback alignment and Kolen–Pollack on a two-hidden-layer tanh student.",
)
def run(
    seed: int,
    n_in: int,
    n_hidden: int,
    n_out: int,
    steps: int,
    eta: float,
    lam: float,
    variant: str,
) -> Result:
    rng = np.random.default_rng(seed)
    sizes = [n_in, n_hidden, n_hidden, n_out]
    pairs = list(pairwise(sizes))
    teacher = [1.5 * rng.standard_normal((m, n)) / np.sqrt(n) for n, m in pairs]
    W0 = [rng.standard_normal((m, n)) / np.sqrt(n) for n, m in pairs]  # W_k (n_k, n_{k-1})
    B0 = [None] + [rng.standard_normal((n, m)) / np.sqrt(m) for n, m in pairs[1:]]
    data_seed = int(rng.integers(2**32))  # the same minibatches for every learner
    X_test = rng.standard_normal((1000, n_in))
    Y_test = forward(teacher, X_test, "tanh")[-1]

    metrics: dict[str, float | bool] = {}
    arrays: dict[str, np.ndarray] = {}
    for mode in MODES:
        data = np.random.default_rng(data_seed)
        Ws, _, losses, angles, gaps = train(
            mode, W0, B0, teacher, data, steps, 32, eta, lam, variant
        )
        arrays[f"loss_{mode}"], arrays[f"angle_{mode}"] = losses, angles
        metrics[f"test_loss_{mode}"] = gradients(Ws, X_test, Y_test, "tanh")[0]
        if mode == "kolen-pollack":
            arrays["gap"] = gaps
    angle_kp = float(arrays["angle_kolen-pollack"][-1])
    angle_fa = float(arrays["angle_feedback-alignment"][-1])
    ratio = metrics["test_loss_kolen-pollack"] / metrics["test_loss_backprop"]
    gap = arrays["gap"]
    k = min(1000, steps - 1)  # the gap after k steps, against (1 - lambda)^k
    decay_ok = bool(gap[k] <= gap[0] * (1 - lam) ** k * 1.001 + 1e-12) if lam > 0 else False
    metrics.update(
        {
            "angle_final_kolen-pollack_deg": angle_kp,
            "angle_final_feedback-alignment_deg": angle_fa,
            "loss_ratio_kp_to_backprop": float(ratio),
            "gap_decays_geometrically": decay_ok,
            "claim_holds": bool(
                angle_kp < ANGLE_MAX_DEG
                and angle_fa > ANGLE_FA_MIN_DEG
                and ratio < LOSS_RATIO_MAX
                and metrics["test_loss_kolen-pollack"] < metrics["test_loss_feedback-alignment"]
                and (decay_ok or variant != "kolen-pollack")
            ),
        }
    )
    return Result(metrics=metrics, arrays=arrays)
