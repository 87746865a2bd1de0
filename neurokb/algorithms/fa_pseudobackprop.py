r"""Feedback alignment behaves like pseudo-backprop: W learns to act as a pseudoinverse of B.

Paper: Timothy P. Lillicrap, Daniel Cownden, Douglas B. Tweed and Colin J. Akerman (2016),
"Random synaptic feedback weights support error backpropagation for deep learning",
*Nature Communications* 7, 13276. doi:10.1038/ncomms13276

In a linear network $h = W_0 x$, $y = W h$ with error $e = y - y^*$, backprop sends
$W^\top e$ to the hidden layer and feedback alignment sends $B e$ for a fixed random $B$.  The
paper (Fig. 4 and its Supplementary Proof 2, as we read its text) notes more than alignment:
when the weights start near zero, feedback alignment drives $W$ to act like a local
pseudoinverse of $B$, so its hidden update resembles pseudo-backprop, with $W^+$ the
Moore-Penrose pseudoinverse of $W$:

$$
\delta h_\text{PBP} = W^+ e
$$

which, were $B$ exactly $W^+$, would make the network do Gauss-Newton optimisation.  The
paper's experiment: the angle between the FA update and the pseudo-backprop update quickly
becomes smaller than the angle between the FA update and the backprop update.  We reproduce
that in the paper's linear setting (network 30-20-10, small initial weights, linear teacher):
with

$$
\delta h_\text{FA} = B e, \qquad \delta h_\text{BP} = W^\top e, \qquad \delta h_\text{PBP} = W^+ e,
$$

after the first few hundred steps

$$
\angle(\delta h_\text{FA}, \delta h_\text{PBP}) < \angle(\delta h_\text{FA}, \delta h_\text{BP}).
$$

The claim requires the pseudo-backprop angle to be below the backprop angle, averaged over
the second half of training, by at least 5 degrees (observed 10.9-20.2 over seeds 0-4: about
16-18 against 27-37 degrees), and the loss to fall a hundredfold.

Mutation hook: ``variant`` = ``backprop`` ($W^\top e$ sent down: its angle to backprop is
zero) or ``resampled-feedback`` (a fresh $B$ every step); each fails the claim.  The forward
pass and gradients come from the shared ``_layered`` module.

Limits: the linear network only; angles are measured on each minibatch's hidden deltas.
"""

from __future__ import annotations

import numpy as np

from neurokb.algorithms._layered import angle_deg, gradients
from neurokb.algorithms.base import Param, Result, register

VARIANTS = ("feedback-alignment", "backprop", "resampled-feedback")
GAP_MIN_DEG = (
    5.0  # angle to backprop minus angle to pseudo-backprop, late half (observed 10.9-20.2)
)


def plot(result: Result, fig) -> None:
    """Left: the two angles during learning; right: the loss."""
    a, m = result.arrays, result.metrics
    ax_angle, ax_loss = fig.subplots(1, 2)
    steps = np.arange(1, len(a["loss"]) + 1)
    ax_angle.plot(steps, a["angle_bp"], lw=0.6, label=r"$\angle(\Delta h_{FA}, \Delta h_{BP})$")
    ax_angle.plot(steps, a["angle_pbp"], lw=0.6, label=r"$\angle(\Delta h_{FA}, \Delta h_{PBP})$")
    ax_angle.set_ylim(0, 100)
    ax_angle.set_xlabel("SGD step")
    ax_angle.set_ylabel("angle (degrees)")
    ax_angle.set_title(f"Closer to pseudo-backprop by {m['gap_deg']:.0f}°")
    ax_angle.legend(fontsize="small")
    ax_loss.semilogy(steps, a["loss"], color="C2")
    ax_loss.set_xlabel("SGD step")
    ax_loss.set_ylabel("loss")
    ax_loss.set_title("Linear teacher task")


@register(
    name="fa-pseudobackprop",
    title="Feedback alignment as pseudo-backprop (Lillicrap et al. 2016, Fig. 4)",
    papers=["lillicrap2016random"],
    topic="credit-assignment",
    claim=(
        "Starting from small weights, the hidden update of feedback alignment, B e, comes "
        "closer to the pseudo-backprop update W^+ e than to backprop's W^T e."
    ),
    params=[
        Param("n_in", 30, "input units", minimum=1, maximum=500),
        Param("n_hidden", 20, "hidden units", minimum=1, maximum=500),
        Param("n_out", 10, "output units", minimum=1, maximum=500),
        Param("steps", 1500, "SGD steps", minimum=10, maximum=200_000),
        Param("eta", 0.05, "learning rate", minimum=1e-6, maximum=1.0),
        Param("init_scale", 0.01, "scale of the initial weights (paper: near 0)", 0.0, 10.0),
        Param("variant", "feedback-alignment", "the paper's rule, or a mutant", choices=VARIANTS),
    ],
    plot=plot,
    equations=[
        r"\Delta h_\mathrm{FA} = B e, \qquad \Delta h_\mathrm{BP} = W^\top e, \qquad "
        r"\Delta h_\mathrm{PBP} = W^{+} e",
        r"\angle(\Delta h_\mathrm{FA}, \Delta h_\mathrm{PBP}) < "
        r"\angle(\Delta h_\mathrm{FA}, \Delta h_\mathrm{BP})",
    ],
    reproduces="Lillicrap et al. (2016) Fig. 4b,c: the FA update's angle to pseudo-backprop "
    "falls below its angle to backprop in the linear network.",
    limits="Linear network only; the Gauss-Newton interpretation is not tested further.",
    summary="Linear 30-20-10 network trained by feedback alignment from small weights; angles "
    "of its hidden update to backprop and to pseudo-backprop.",
)
def run(
    seed: int,
    n_in: int,
    n_hidden: int,
    n_out: int,
    steps: int,
    eta: float,
    init_scale: float,
    variant: str,
) -> Result:
    rng = np.random.default_rng(seed)
    T = rng.standard_normal((n_out, n_in)) / np.sqrt(n_in)  # linear teacher
    scale = init_scale
    Ws = [
        scale * rng.uniform(-1, 1, (n_hidden, n_in)),
        scale * rng.uniform(-1, 1, (n_out, n_hidden)),
    ]
    B = rng.uniform(-1, 1, (n_hidden, n_out))
    losses, a_bp, a_pbp = np.empty(steps), np.empty(steps), np.empty(steps)
    for step in range(steps):
        X = rng.standard_normal((32, n_in))
        Y = X @ T.T
        Bk = rng.uniform(-1, 1, B.shape) if variant == "resampled-feedback" else B
        feedback = None if variant == "backprop" else [None, Bk]
        losses[step], grads, deltas = gradients(Ws, X, Y, "linear", feedback)
        e = deltas[-1]  # (batch, n_out) output error / batch
        dh = deltas[-2]  # (batch, n_hidden): e B^T for FA, e W for backprop
        a_bp[step] = angle_deg(dh, e @ Ws[1])  # against W^T e
        a_pbp[step] = angle_deg(dh, e @ np.linalg.pinv(Ws[1]).T)  # against W^+ e
        for k in range(2):
            Ws[k] -= eta * grads[k]
    late = slice(steps // 2, None)
    gap = float(np.mean(a_bp[late]) - np.mean(a_pbp[late]))
    learned = bool(np.mean(losses[-20:]) < 0.01 * losses[0])
    return Result(
        metrics={
            "variant": variant,
            "angle_bp_late_deg": float(np.mean(a_bp[late])),
            "angle_pbp_late_deg": float(np.mean(a_pbp[late])),
            "gap_deg": gap,
            "loss_ratio": float(np.mean(losses[-20:]) / losses[0]),
            "claim_holds": bool(gap > GAP_MIN_DEG and learned),
        },
        arrays={"loss": losses, "angle_bp": a_bp, "angle_pbp": a_pbp},
    )
