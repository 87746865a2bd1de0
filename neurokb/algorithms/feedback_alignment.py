r"""Feedback alignment: learning with fixed random feedback weights instead of $W^\top$.

Paper: Timothy P. Lillicrap, Daniel Cownden, Douglas B. Tweed and Colin J. Akerman (2016),
"Random synaptic feedback weights support error backpropagation for deep learning",
*Nature Communications* 7, 13276. doi:10.1038/ncomms13276

Backprop sends the output error $e$ to the hidden layer through the transpose of the
forward weights, $\delta_h = W^\top e$: the feedback path must know the forward synapses
(the "weight transport" problem).  Lillicrap et al. replace $W^\top$ by a fixed random
matrix $B$.  For the paper's two-layer network $h = W_0 x$, $y = W h$ and error
$e = y^* - y$:

$$
\begin{aligned}
\text{backprop:} \quad & \Delta W_0 = \eta\, (W^\top e)\, x^\top, & \Delta W &= \eta\, e\, h^\top \\
\text{feedback alignment:} \quad & \Delta W_0 = \eta\, (B e)\, x^\top, & \Delta W &= \eta\, e\, h^\top
\end{aligned}
$$

It still learns because $W$ comes to align with $B^\top$: the hidden update $B e$ then
points within 90 degrees of the backprop update $W^\top e$ (the paper's Fig. 2 tracks this
angle falling well below 90 degrees while the error falls as fast as with backprop).

The forward pass and the deltas for any feedback matrix come from the small shared module
``_layered`` (rows are samples, feedback matrices have the shape of $W_l^\top$).

Mutation hook: ``variant`` = ``backprop`` ($W^\top$ instead of $B$: the weight-transport rule
FA replaces), ``resampled-feedback`` (a fresh random $B$ every step, so nothing can align
with it) or ``frozen-hidden`` (the hidden layer does not learn); the claim (learning, hidden
updates within 45 degrees of backprop's, *and* $W$ aligned with $B^\top$, which backprop
never produces) fails for each.

Task: the paper's linear teacher (cf. Fig. 2a): inputs $x \sim \mathcal{N}(0, I)$, target
$y^* = T x$ for a fixed random $T$; network sizes 30-20-10 here.  Limits: plain SGD on
minibatches, no biases; only the linear network of Fig. 2 (``nonlinearity="tanh"`` is
offered for play).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np

from neurokb.algorithms._layered import NONLINEARITIES, angle_deg, gradients
from neurokb.algorithms.base import Param, Result, register

VARIANTS = ("random-feedback", "backprop", "resampled-feedback", "frozen-hidden")
ANGLE_MAX_DEG = 45.0  # hidden update vs backprop's (observed 29-42 degrees, seeds 0-4)
W_B_MAX_DEG = 50.0  # W vs B^T: FA aligns them, backprop leaves them ~90 degrees apart


def train(
    Ws: Sequence[np.ndarray],
    feedback: Sequence[np.ndarray | None] | Callable[[int], Sequence[np.ndarray | None]] | None,
    T: np.ndarray,
    data_rng: np.random.Generator,
    steps: int,
    batch: int,
    eta: float,
    nonlinearity: str = "linear",
    learn_hidden: bool = True,
) -> tuple[list[np.ndarray], np.ndarray, np.ndarray]:
    """SGD on the teacher task ``y* = T x``; returns weights, loss per step (steps,) and the
    angle between the hidden deltas of ``feedback`` and of backprop per step (steps,).

    ``learn_hidden=False`` trains the output layer only (the "shallow" baseline).
    """
    assert steps >= 1 and batch >= 1 and eta > 0, "need steps, batch >= 1 and eta > 0"
    Ws = [W.copy() for W in Ws]
    losses, angles = np.empty(steps), np.full(steps, np.nan)
    for step in range(steps):
        X = data_rng.standard_normal((batch, T.shape[1]))  # (batch, n_in)
        Y = X @ T.T  # (batch, n_out)
        fb = feedback(step) if callable(feedback) else feedback  # a mutant redraws B each step
        losses[step], grads, deltas = gradients(Ws, X, Y, nonlinearity, fb)
        if feedback is not None:
            _, _, bp_deltas = gradients(Ws, X, Y, nonlinearity)
            angles[step] = angle_deg(deltas[-2], bp_deltas[-2])  # last hidden layer
        for k in range(len(Ws)):
            if learn_hidden or k == len(Ws) - 1:
                Ws[k] -= eta * grads[k]
    return Ws, losses, angles


def plot(result: Result, fig) -> None:
    """Left: loss of backprop, feedback alignment and the shallow baseline; right: the angle."""
    a = result.arrays
    ax_loss, ax_angle = fig.subplots(1, 2)
    steps = np.arange(1, len(a["loss_bp"]) + 1)
    for key, label in [("loss_bp", "backprop"), ("loss_fa", "feedback alignment"),
                       ("loss_shallow", "shallow (output layer only)")]:  # fmt: skip
        ax_loss.semilogy(steps, a[key], lw=0.8, label=label)
    ax_loss.set_ylim(bottom=max(ax_loss.get_ylim()[0], 1e-12))
    ax_loss.set_xlabel("SGD step")
    ax_loss.set_ylabel("loss (1/2 squared error)")
    ax_loss.set_title("Linear teacher task")
    ax_loss.legend(loc="center right", fontsize="small")

    ax_angle.plot(steps, a["angle_fa_deg"], lw=0.6, color="C1")
    ax_angle.axhline(90, color="0.5", ls="--", lw=0.8)
    ax_angle.set_ylim(0, 100)
    ax_angle.set_xlabel("SGD step")
    ax_angle.set_ylabel(r"angle($B e$, $W^T e$) (degrees)")
    ax_angle.set_title("Hidden update: FA vs backprop")


@register(
    name="feedback-alignment",
    title="Feedback alignment: random feedback weights support learning",
    papers=["lillicrap2016random"],
    topic="credit-assignment",
    claim=(
        "A two-layer network whose hidden layer learns from errors sent back through a fixed "
        "random matrix B instead of W^T still learns the task about as well as backprop, and "
        "its hidden updates come within 90 degrees of backprop's."
    ),
    params=[
        Param("n_in", 30, "input units", minimum=1, maximum=500),
        Param("n_hidden", 20, "hidden units", minimum=1, maximum=500),
        Param("n_out", 10, "output units", minimum=1, maximum=500),
        Param("steps", 800, "SGD steps", minimum=1, maximum=200_000),
        Param("batch", 32, "samples per step", minimum=1, maximum=4096),
        Param("eta", 0.05, "learning rate", minimum=1e-6, maximum=1.0),
        Param("nonlinearity", "linear", "hidden units", choices=tuple(NONLINEARITIES)),
        Param("variant", "random-feedback", "the paper's rule, or a mutant", choices=VARIANTS),
    ],
    plot=plot,
    equations=[
        "e = y - y^*",
        "\\text{backprop: } \\delta_h = W^\\top e, \\qquad \\text{feedback alignment: } \\delta_h = B e",
        "\\Delta W_0 = -\\eta\\, \\delta_h x^\\top, \\qquad \\Delta W = -\\eta\\, e h^\\top",
    ],
    reproduces="Random fixed feedback learns a linear teacher as well as backprop, with hidden updates 29-42 degrees from backprop's and W aligned with B^T (Lillicrap et al. 2016, Fig. 2).",
    limits="Only the linear network of Fig. 2; no MNIST or deep nonlinear networks.",
    summary="Backprop, feedback alignment and a shallow baseline on a linear teacher task.",
)
def run(
    seed: int,
    n_in: int,
    n_hidden: int,
    n_out: int,
    steps: int,
    batch: int,
    eta: float,
    nonlinearity: str,
    variant: str,
) -> Result:
    rng = np.random.default_rng(seed)
    T = rng.standard_normal((n_out, n_in)) / np.sqrt(n_in)  # (n_out, n_in) teacher
    W0 = [
        0.1 * rng.uniform(-1, 1, (n_hidden, n_in)),  # (n_hidden, n_in)
        0.1 * rng.uniform(-1, 1, (n_out, n_hidden)),  # (n_out, n_hidden)
    ]
    B = rng.uniform(-1, 1, (n_hidden, n_out))  # fixed random feedback, shape of W^T
    data_seed = int(rng.integers(2**32))  # every learner sees the same minibatches

    def learner(feedback, learn_hidden=True):
        data = np.random.default_rng(data_seed)
        return train(W0, feedback, T, data, steps, batch, eta, nonlinearity, learn_hidden)

    _, loss_bp, _ = learner(None)
    redraw = np.random.default_rng(data_seed + 1)
    feedback = {
        "random-feedback": [None, B],
        "backprop": None,
        "resampled-feedback": lambda step: [None, redraw.uniform(-1, 1, B.shape)],
    }
    W_fa, loss_fa, angle_fa = learner(
        feedback.get(variant, [None, B]), learn_hidden=variant != "frozen-hidden"
    )
    if variant == "backprop":  # the mutant sends W^T e: its angle to backprop is zero
        angle_fa = np.zeros(steps)
    _, loss_shallow, _ = learner(None, learn_hidden=False)

    tail = max(1, steps // 20)  # average the last 5% of steps
    final = {k: float(np.mean(v[-tail:])) for k, v in
             {"bp": loss_bp, "fa": loss_fa, "shallow": loss_shallow}.items()}  # fmt: skip
    angle_final = float(np.mean(angle_fa[-tail:]))
    learns = final["fa"] < 0.01 * float(loss_fa[0]) and final["fa"] < 0.1 * final["shallow"]
    return Result(
        metrics={
            "loss_initial": float(loss_bp[0]),
            "loss_final_bp": final["bp"],
            "loss_final_fa": final["fa"],
            "loss_final_shallow": final["shallow"],
            "angle_final_deg": angle_final,
            "angle_W_B_deg": angle_deg(W_fa[1], B.T),
            "claim_holds": bool(
                learns and angle_final < ANGLE_MAX_DEG and angle_deg(W_fa[1], B.T) < W_B_MAX_DEG
            ),
        },
        arrays={
            "loss_bp": loss_bp,
            "loss_fa": loss_fa,
            "loss_shallow": loss_shallow,
            "angle_fa_deg": angle_fa,
        },
    )
