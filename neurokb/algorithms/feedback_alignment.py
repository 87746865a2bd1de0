"""Feedback alignment: learning with fixed random feedback weights instead of W^T.

Paper: Timothy P. Lillicrap, Daniel Cownden, Douglas B. Tweed and Colin J. Akerman (2016),
"Random synaptic feedback weights support error backpropagation for deep learning",
*Nature Communications* 7, 13276. doi:10.1038/ncomms13276

Backprop sends the output error ``e`` to the hidden layer through the transpose of the
forward weights, ``delta_h = W^T e``: the feedback path must know the forward synapses
(the "weight transport" problem).  Lillicrap et al. replace ``W^T`` by a fixed random
matrix ``B``.  For the paper's two-layer network ``h = W0 x``, ``y = W h`` and error
``e = y* - y``:

    backprop:            dW0 = eta (W^T e) x^T          dW = eta e h^T
    feedback alignment:  dW0 = eta (B e) x^T            dW = eta e h^T

It still learns because ``W`` comes to align with ``B^T``: the hidden update ``B e`` then
points within 90 degrees of the backprop update ``W^T e`` (the paper's Fig. 2 tracks this
angle falling well below 90 degrees while the error falls as fast as with backprop).

This module holds the shared machinery for feedback-based learning in layered networks
(:func:`forward`, :func:`gradients` with an arbitrary feedback matrix per layer,
:func:`angle_deg`); ``weight_mirror`` reuses it.  Convention: rows are samples,
``a_l = h_{l-1} W_l^T``, ``h_l = f(a_l)`` for hidden layers, a linear output layer, loss
``L = mean_batch 1/2 ||y - y*||^2``.  Feedback matrices have the shape of ``W_l^T``.

Task: the paper's linear teacher (cf. Fig. 2a): inputs ``x ~ N(0, I)``, target ``y* = T x``
for a fixed random ``T``; network sizes 30-20-10 here.  Limits: plain SGD on minibatches,
no biases; only the linear network of Fig. 2 (``nonlinearity="tanh"`` is offered for play).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from neurokb.algorithms.base import Param, Result, register

# name -> (f, f' written as a function of h = f(a))
NONLINEARITIES = {
    "linear": (lambda a: a, np.ones_like),
    "tanh": (np.tanh, lambda h: 1.0 - h**2),
}


def forward(Ws: Sequence[np.ndarray], X: np.ndarray, nonlinearity: str) -> list[np.ndarray]:
    """Activities ``[X, h_1, ..., y]`` of the layered network; ``W_l`` is (n_l, n_{l-1})."""
    f, _ = NONLINEARITIES[nonlinearity]
    hs = [X]
    for k, W in enumerate(Ws):
        assert W.shape[1] == hs[-1].shape[1], f"layer {k + 1}: W has {W.shape[1]} inputs"
        a = hs[-1] @ W.T  # (batch, n_l)
        hs.append(a if k == len(Ws) - 1 else f(a))  # linear output layer
    return hs


def gradients(
    Ws: Sequence[np.ndarray],
    X: np.ndarray,
    Y: np.ndarray,
    nonlinearity: str,
    feedback: Sequence[np.ndarray | None] | None = None,
) -> tuple[float, list[np.ndarray], list[np.ndarray]]:
    """Loss, gradients ``dL/dW_k`` and deltas ``dL/da_k`` of each weight layer k = 0..L-1.

    ``feedback[k]`` replaces ``W_k^T`` when sending deltas from layer k down to layer k - 1
    (``None``, or no ``feedback`` at all, is exact backprop).  With random fixed matrices this
    is feedback alignment; the result is then not the gradient, only its stand-in.
    """
    _, fprime = NONLINEARITIES[nonlinearity]
    L_layers = len(Ws)
    feedback = feedback if feedback is not None else [None] * L_layers
    hs = forward(Ws, X, nonlinearity)
    batch = X.shape[0]
    e = hs[-1] - Y  # (batch, n_out), = -(y* - y) of the paper
    loss = 0.5 * float(np.sum(e**2)) / batch
    deltas = [np.empty(0)] * L_layers
    deltas[-1] = e / batch
    for k in range(L_layers - 1, 0, -1):  # send the delta of weight layer k down one layer
        M = Ws[k].T if feedback[k] is None else feedback[k]  # (n_{k-1}, n_k)
        assert M.shape == Ws[k].T.shape, f"feedback {k} must have shape {Ws[k].T.shape}"
        deltas[k - 1] = (deltas[k] @ M.T) * fprime(hs[k])  # hs[k] = f(a) of layer k - 1
    grads = [deltas[k].T @ hs[k] for k in range(L_layers)]  # (n_k, n_{k-1}) each
    return loss, grads, deltas


def angle_deg(u: np.ndarray, v: np.ndarray) -> float:
    """Angle in degrees between two arrays seen as flat vectors."""
    u, v = np.ravel(u), np.ravel(v)
    cos = u @ v / (np.linalg.norm(u) * np.linalg.norm(v))
    return float(np.degrees(np.arccos(np.clip(cos, -1.0, 1.0))))


def train(
    Ws: Sequence[np.ndarray],
    feedback: Sequence[np.ndarray | None] | None,
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
        losses[step], grads, deltas = gradients(Ws, X, Y, nonlinearity, feedback)
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
    ],
    plot=plot,
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
    W_fa, loss_fa, angle_fa = learner([None, B])
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
            "claim_holds": bool(learns and angle_final < 90.0),
        },
        arrays={
            "loss_bp": loss_bp,
            "loss_fa": loss_fa,
            "loss_shallow": loss_shallow,
            "angle_fa_deg": angle_fa,
        },
    )
