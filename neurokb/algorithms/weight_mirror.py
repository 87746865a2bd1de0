r"""Weight mirrors: feedback weights that learn the transpose of the forward weights from noise.

Paper: Mohamed Akrout, Collin Wilson, Peter C. Humphreys, Timothy Lillicrap and Douglas
Tweed (2019), "Deep learning without weight transport", *Advances in Neural Information
Processing Systems 32* (NeurIPS 2019). arXiv:1904.05391

Feedback alignment (see ``feedback_alignment``) trains a network with fixed random feedback
$B$ instead of $W^\top$ but the match between the two stays rough, and learning in deep
networks suffers.  A weight mirror lets the feedback path *learn* $W^\top$ without ever
reading $W$.  The network alternates two modes:

* engaged mode: ordinary learning, errors travel down through $B_l$ in place of $W_l^\top$;
* mirror mode: the neurons of layer $l - 1$ fire noise $x \sim \mathcal{N}(0, \sigma^2 I)$,
  which drives layer $l$ through the forward synapses, $\delta = W_l x$; each feedback
  synapse sees only the activities at its two ends and changes by

$$
\Delta B_l = \eta_B\, x\, \delta^\top - \lambda B_l
$$

Because the noise is white, $E[x\, \delta^\top] = \sigma^2 W_l^\top$, so $B_l$ relaxes to
$(\eta_B \sigma^2 / \lambda)\, W_l^\top$: a scaled mirror image of the forward weights (we
choose $\eta_B \sigma^2 = \lambda$ so the scale is one).  The decay $\lambda$ keeps $B$
bounded and lets it forget old versions of $W$ as $W$ learns.

The paper's claim, tested here on a small scale: the angle between $B_l$ and $W_l^\top$
becomes small (the paper follows these angles in ImageNet networks: small with weight
mirrors, large with feedback alignment), and learning with mirrored feedback tracks backprop.

Defaults: ``eta_B`` = 0.01.  The mirror estimate is noisy (one 64-sample noise batch per
step) and the noise floor of the angle grows with ``eta_B``: 7.5 degrees at 0.05, 3.9 at
0.01, so the default is chosen to meet the paper-level claim of a near-exact mirror (< 5
degrees).

Mutation hook: ``variant`` = ``anti-mirror`` ($\Delta B = -\eta_B\, x\, \delta^\top \ldots$),
``no-decay`` ($\lambda = 0$) or ``frozen-mirror`` (no mirror learning: feedback alignment);
each fails the claim.  The forward pass and deltas come from the shared module ``_layered``.

Task: a teacher network with random weights (the student's architecture, tanh units) maps
$x \sim \mathcal{N}(0, I)$ to targets; the student has two hidden tanh layers.  Limits:
linear noise propagation through one layer at a time (as in the paper's mirror mode), one
mirror step after each learning step, plain SGD, no biases.
"""

from __future__ import annotations

from collections.abc import Sequence
from itertools import pairwise

import numpy as np

from neurokb.algorithms._layered import angle_deg, forward, gradients
from neurokb.algorithms.base import Param, Result, register

MODES = ("backprop", "feedback-alignment", "weight-mirror")
VARIANTS = ("weight-mirror", "anti-mirror", "no-decay", "frozen-mirror")
ANGLE_MAX_DEG = 5.0  # B vs W^T at the defaults (observed 3.75-4.11 degrees, seeds 0-4)
ANGLE_FA_MIN_DEG = 40.0  # fixed random feedback stays far from W^T (observed 56.8-57.9)
LOSS_RATIO_MAX = 1.6  # mirror / backprop test loss (observed 0.95-1.47)


def mirror_step(
    W: np.ndarray, B: np.ndarray, rng: np.random.Generator, sigma: float, eta_B: float, lam: float
) -> np.ndarray:
    """One mirror-mode update of the feedback matrix ``B`` (shape of ``W^T``) from a noise batch.

    ``W`` (n_l, n_{l-1}).  A batch of 64 noise vectors averages ``x delta^T`` within the step.
    """
    assert B.shape == W.T.shape, f"B must have shape {W.T.shape}, got {B.shape}"
    x = sigma * rng.standard_normal((64, W.shape[1]))  # (batch, n_{l-1}) noisy firing
    delta = x @ W.T  # (batch, n_l) its effect one layer up, through the forward synapses
    return B + eta_B * x.T @ delta / len(x) - lam * B  # dB = eta_B x delta^T - lambda B


def train(
    mode: str,
    Ws: Sequence[np.ndarray],
    Bs: Sequence[np.ndarray | None],
    teacher: Sequence[np.ndarray],
    data_rng: np.random.Generator,
    noise_rng: np.random.Generator,
    steps: int,
    batch: int,
    eta: float,
    sigma: float = 1.0,
    eta_B: float = 0.02,
    variant: str = "weight-mirror",
) -> tuple[list[np.ndarray], list[np.ndarray | None], np.ndarray, np.ndarray]:
    """Train the student ``Ws`` on the ``teacher`` with one of :data:`MODES`.

    Minibatches come from ``data_rng``, mirror-mode noise from ``noise_rng``, so that every
    mode sees the same data.
    ``Bs[k]`` is the feedback matrix for weight layer k (``None`` for the first layer, which
    sends no error anywhere).  Returns the weights, the feedback matrices, the loss per step
    (steps,) and the mean angle between ``B_k`` and ``W_k^T`` per step (steps,).
    """
    assert mode in MODES, f"mode must be one of {MODES}, got {mode!r}"
    Ws = [W.copy() for W in Ws]
    Bs = [None if B is None else B.copy() for B in Bs]
    assert variant in VARIANTS, f"variant must be one of {VARIANTS}, got {variant!r}"
    lam = eta_B * sigma**2  # so that B settles at W^T itself
    if variant == "anti-mirror":  # mutant: anti-Hebbian mirror, B -> -W^T
        eta_B = -eta_B
    elif variant == "no-decay":  # mutant: B keeps every old version of W and grows
        lam = 0.0
    elif variant == "frozen-mirror":  # mutant: no mirror learning, i.e. feedback alignment
        eta_B, lam = 0.0, 0.0
    losses, angles = np.empty(steps), np.empty(steps)
    for step in range(steps):
        X = data_rng.standard_normal((batch, Ws[0].shape[1]))  # (batch, n_in)
        Y = forward(teacher, X, "tanh")[-1]  # (batch, n_out)
        feedback = None if mode == "backprop" else Bs
        losses[step], grads, _ = gradients(Ws, X, Y, "tanh", feedback)  # engaged mode
        for k, g in enumerate(grads):
            Ws[k] -= eta * g
        if mode == "weight-mirror":  # mirror mode
            Bs = [None if B is None else mirror_step(W, B, noise_rng, sigma, eta_B, lam)
                  for W, B in zip(Ws, Bs, strict=True)]  # fmt: skip
        angles[step] = np.mean([angle_deg(B, W.T) for W, B in zip(Ws, Bs, strict=True)
                                if B is not None])  # fmt: skip
    return Ws, Bs, losses, angles


def plot(result: Result, fig) -> None:
    """Left: angle between B and W^T; right: training loss, for the three kinds of feedback."""
    a = result.arrays
    ax_angle, ax_loss = fig.subplots(1, 2)
    steps = np.arange(1, len(a["loss_backprop"]) + 1)
    ax_angle.plot(steps, a["angle_feedback-alignment"], color="C1", label="feedback alignment")
    ax_angle.plot(steps, a["angle_weight-mirror"], color="C2", label="weight mirror")
    ax_angle.axhline(90, color="0.5", ls="--", lw=0.8)
    ax_angle.set_ylim(0, 100)
    ax_angle.set_xlabel("training step")
    ax_angle.set_ylabel(r"angle($B_l$, $W_l^T$) (deg), layer mean")
    ax_angle.set_title("Does feedback mirror the forward weights?")
    ax_angle.legend(loc="center right", fontsize="small")

    width = max(1, len(steps) // 50)  # running mean for readability
    kernel = np.ones(width) / width
    for i, mode in enumerate(MODES):
        smooth = np.convolve(a[f"loss_{mode}"], kernel, mode="valid")
        ax_loss.semilogy(steps[width - 1 :], smooth, color=f"C{i}", label=mode)
    ax_loss.set_xlabel("training step")
    ax_loss.set_ylabel("loss (1/2 squared error)")
    ax_loss.set_title("Learning the teacher")
    ax_loss.legend(loc="upper right", fontsize="small")


@register(
    name="weight-mirror",
    title="Weight mirrors: learning feedback weights without weight transport",
    papers=["akrout2019deep"],
    topic="credit-assignment",
    claim=(
        "Feedback weights trained in a mirror mode from the noise-driven correlation of each "
        "layer's input and output align with the transposed forward weights (angle under 5 "
        "degrees, where fixed random feedback stays near 57), and learning with them tracks "
        "backprop's loss and beats feedback alignment's."
    ),
    params=[
        Param("n_in", 30, "input units", minimum=1, maximum=500),
        Param("n_hidden", 40, "units in each of the two hidden layers", minimum=1, maximum=500),
        Param("n_out", 10, "output units", minimum=1, maximum=500),
        Param("steps", 3000, "training steps (each followed by one mirror step)", 1, 100_000),
        Param("eta", 0.1, "learning rate of the forward weights", minimum=1e-6, maximum=1.0),
        Param("eta_B", 0.01, "mirror learning rate (decay lambda = eta_B sigma^2)", 1e-5, 1.0),
        Param("teacher_gain", 1.5, "scale of the teacher's weights (task difficulty)", 0.1, 10.0),
        Param("variant", "weight-mirror", "the paper's mirror rule, or a mutant", choices=VARIANTS),
    ],
    plot=plot,
    equations=[
        "\\text{engaged: } \\delta_{l-1} = B_l \\delta_l",
        "\\text{mirror: } x \\sim \\mathcal N(0, \\sigma^2 I), \\quad \\delta = W_l x",
        "\\Delta B_l = \\eta_B\\, x \\delta^\\top - \\lambda B_l \\;\\Rightarrow\\; B_l \\to \\tfrac{\\eta_B \\sigma^2}{\\lambda} W_l^\\top",
    ],
    reproduces="Mirrored feedback aligns with W^T to 3.8-4.1 degrees (fixed random feedback: ~57) and learning tracks backprop, beating feedback alignment (Akrout et al. 2019).",
    limits="Small tanh teacher task instead of ImageNet; one mirror step per learning step.",
    summary="Backprop, feedback alignment and weight mirrors on a two-hidden-layer tanh student.",
)
def run(
    seed: int,
    n_in: int,
    n_hidden: int,
    n_out: int,
    steps: int,
    eta: float,
    eta_B: float,
    teacher_gain: float,
    variant: str,
) -> Result:
    rng = np.random.default_rng(seed)
    sizes = [n_in, n_hidden, n_hidden, n_out]
    pairs = list(pairwise(sizes))
    teacher = [teacher_gain * rng.standard_normal((m, n)) / np.sqrt(n) for n, m in pairs]
    W0 = [rng.standard_normal((m, n)) / np.sqrt(n) for n, m in pairs]  # W_k (n_k, n_{k-1})
    B0 = [None] + [rng.standard_normal((n, m)) / np.sqrt(m) for n, m in pairs[1:]]  # W_k^T shape
    data_seed, noise_seed = rng.integers(2**32, size=2)  # same minibatches for every mode
    X_test = rng.standard_normal((1000, n_in))
    Y_test = forward(teacher, X_test, "tanh")[-1]

    metrics: dict[str, float | bool] = {}
    arrays: dict[str, np.ndarray] = {}
    for mode in MODES:
        data, noise = np.random.default_rng(data_seed), np.random.default_rng(noise_seed)
        Ws, _, losses, angles = train(
            mode, W0, B0, teacher, data, noise, steps, batch=32, eta=eta, eta_B=eta_B,
            variant=variant,
        )  # fmt: skip
        arrays[f"loss_{mode}"] = losses
        metrics[f"test_loss_{mode}"] = gradients(Ws, X_test, Y_test, "tanh")[0]
        if mode != "backprop":
            arrays[f"angle_{mode}"] = angles
            metrics[f"angle_final_{mode}_deg"] = float(angles[-1])

    ratio = metrics["test_loss_weight-mirror"] / metrics["test_loss_backprop"]
    metrics["loss_ratio_mirror_to_backprop"] = float(ratio)
    metrics["loss_ratio_alignment_to_backprop"] = float(
        metrics["test_loss_feedback-alignment"] / metrics["test_loss_backprop"]
    )
    metrics["test_loss_initial"] = gradients(W0, X_test, Y_test, "tanh")[0]
    metrics["claim_holds"] = bool(
        metrics["angle_final_weight-mirror_deg"] < ANGLE_MAX_DEG
        and metrics["angle_final_feedback-alignment_deg"] > ANGLE_FA_MIN_DEG
        and ratio < LOSS_RATIO_MAX
        and metrics["test_loss_weight-mirror"] < metrics["test_loss_feedback-alignment"]
    )
    return Result(metrics=metrics, arrays=arrays)
