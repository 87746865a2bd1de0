r"""Node perturbation: reward-modulated Hebbian learning with exploratory noise, no backprop.

Papers:

- Ronald J. Williams (1992), "Simple statistical gradient-following algorithms for
  connectionist reinforcement learning", *Machine Learning* 8(3-4), 229-256.
  doi:10.1007/BF00992696 (REINFORCE; with Gaussian units it is the rule below)
- Ila R. Fiete and H. Sebastian Seung (2006), "Gradient learning in spiking neural networks
  by dynamic perturbation of conductances", *Physical Review Letters* 97, 048104.
  doi:10.1103/PhysRevLett.97.048104

This is *classic* node perturbation: every synapse knows the noise its unit received.
Miconi's (2017) variant, in which the synapses do not see the perturbation and a cubed
eligibility trace recovers it, is the separate ``miconi-rnn`` algorithm.  Fee and Goldberg
(2011) place the same idea in the songbird (below); their HVC/LMAN/Area X circuit is not
modelled here.

How can a synapse deep in a network learn when all it receives is a scalar reward?
Perturb the units, remember which way each unit was pushed, and keep the push if reward
turned out better than expected.  In the songbird, Fee and Goldberg propose that LMAN injects
trial-to-trial variability into the motor pathway (RA), that a copy of this variability
reaches the basal ganglia (Area X), and that dopamine-gated plasticity there strengthens
the pushes that were followed by better-than-expected song.

The model here is a two-layer network $y = W_2 \tanh(W_1 x)$ learning a teacher network's
mapping.  Each trial perturbs every unit's net input with Gaussian noise, which plays
LMAN's role (E1); the reward of the trial (E2), the eligibility, perturbation times input
(E3), and the three-factor update (E4):

$$
a = W_1 x + \xi_1, \quad h = \tanh(a), \quad y = W_2 h + \xi_2, \qquad
\xi \sim \mathcal{N}(0, \sigma^2 I) \tag{E1}
$$

$$
R = -\tfrac{1}{2} \|y - y^*\|^2 \tag{E2}
$$

$$
e_1 = \xi_1 x^\top, \qquad e_2 = \xi_2 h^\top \tag{E3}
$$

$$
\Delta W = \eta\, (R - \bar{R})\, e / \sigma^2 \tag{E4}
$$

Expanding $R$ to first order in $\xi$,
$R - R(0) = -\frac{\partial l}{\partial a} \cdot \xi_1 - \frac{\partial l}{\partial y} \cdot \xi_2$,
so with $E[\xi \xi^\top] = \sigma^2 I$ the *expected* update of (E4) is $-\eta$ times the
gradient of the loss $l = -R$: the rule does gradient descent on average, with no backward
pass.  Any baseline $\bar{R}$ that does not depend on the current $\xi$ keeps this
expectation; we use the reward the unperturbed network would have earned on the same input
(a critic that predicts reward for the context; it costs a second, noise-free pass, which a
brain would have to learn).  A running average of past rewards (option
``baseline="running"``) is what Miconi and Fee & Goldberg use; here, where the target varies
from trial to trial, it is noisier and the loss falls only 6-16x in the default number of
trials.  Dividing by $\sigma^2$ only sets the units of $\eta$.

The backprop gradient is written out by hand for comparison and checked against finite
differences in the tests.  Limits: feedforward network, smooth loss, small $\sigma$ (the
expectation is exact only to first order in $\sigma$).

Mutation hook: ``variant="sign-flipped"`` (the third factor negated) or ``"unknown-noise"``
(the eligibility uses noise the unit did not receive, i.e. what classic node perturbation
becomes if the synapse cannot see its perturbation, the problem Miconi's rule solves); the
claim (loss falls > 10x, averaged update within $\cos > 0.9$ of $-$gradient) fails for both.
"""

from __future__ import annotations

import numpy as np

from neurokb.algorithms.base import Param, Result, register

Weights = tuple[np.ndarray, np.ndarray]  # W1 (H, N_in), W2 (N_out, H)


def forward(
    W: Weights, X: np.ndarray, xi1: np.ndarray | None = None, xi2: np.ndarray | None = None
) -> tuple[np.ndarray, np.ndarray]:
    """(E1) for a batch ``X`` (B, N_in); returns hidden rates ``h`` (B, H) and outputs ``y`` (B, N_out)."""
    W1, W2 = W
    a = X @ W1.T if xi1 is None else X @ W1.T + xi1  # (B, H)
    h = np.tanh(a)
    y = h @ W2.T if xi2 is None else h @ W2.T + xi2  # (B, N_out)
    return h, y


def loss(W: Weights, X: np.ndarray, Y_star: np.ndarray) -> float:
    """Mean over the batch of l = -R = 1/2 ||y - y*||^2, without perturbation."""
    _, y = forward(W, X)
    return float(0.5 * np.mean(np.sum((y - Y_star) ** 2, axis=1)))


def loss_gradient(W: Weights, X: np.ndarray, Y_star: np.ndarray) -> Weights:
    """Exact gradient of :func:`loss` by the chain rule (what backprop would compute)."""
    _, W2 = W
    h, y = forward(W, X)
    dl_dy = (y - Y_star) / len(X)  # (B, N_out)
    dl_dW2 = dl_dy.T @ h  # (N_out, H)
    dl_da = (dl_dy @ W2) * (1.0 - h**2)  # (B, H), tanh' = 1 - tanh^2
    dl_dW1 = dl_da.T @ X  # (H, N_in)
    return dl_dW1, dl_dW2


def node_perturbation_update(
    W: Weights,
    X: np.ndarray,
    Y_star: np.ndarray,
    sigma: float,
    rng: np.random.Generator,
    R_bar: np.ndarray | float | None = None,
    variant: str = "known-noise",
) -> tuple[Weights, np.ndarray]:
    """(E1)-(E4) without eta for one trial per row of ``X`` (B, N_in), averaged over the batch.

    ``R_bar`` is the baseline (a scalar or (B,)); ``None`` uses the unperturbed reward of
    each trial.  Returns ``(dW1, dW2)`` and the rewards R (B,).
    """
    assert sigma > 0, f"sigma must be positive, got {sigma}"
    W1, W2 = W
    B = len(X)
    xi1 = sigma * rng.standard_normal((B, W1.shape[0]))  # (B, H) exploratory noise
    xi2 = sigma * rng.standard_normal((B, W2.shape[0]))  # (B, N_out)
    h, y = forward(W, X, xi1, xi2)  # (E1)
    R = -0.5 * np.sum((y - Y_star) ** 2, axis=1)  # (E2), (B,)
    if R_bar is None:
        _, y0 = forward(W, X)
        R_bar = -0.5 * np.sum((y0 - Y_star) ** 2, axis=1)
    modulator = (R - R_bar) / (sigma**2 * B)  # (B,) third factor, batch-averaged
    if variant == "sign-flipped":  # mutant: reinforces the pushes that made things worse
        modulator = -modulator
    elif variant == "unknown-noise":  # mutant: the synapse uses noise it did not receive
        xi1 = sigma * rng.standard_normal(xi1.shape)
        xi2 = sigma * rng.standard_normal(xi2.shape)
    dW1 = (modulator[:, None] * xi1).T @ X  # (E3)-(E4): sum_b m_b xi1_b x_b^T, (H, N_in)
    dW2 = (modulator[:, None] * xi2).T @ h  # (N_out, H)
    return (dW1, dW2), R


def cosine(A: Weights, B: Weights) -> float:
    """Cosine between two weight updates, both layers flattened together."""
    a = np.concatenate([M.ravel() for M in A])
    b = np.concatenate([M.ravel() for M in B])
    return float(a @ b / (np.linalg.norm(a) * np.linalg.norm(b)))


def expected_update_alignment(
    W: Weights,
    X: np.ndarray,
    Y_star: np.ndarray,
    sigma: float,
    rng: np.random.Generator,
    n_repeats: int,
    variant: str = "known-noise",
) -> np.ndarray:
    """Cosine between -gradient and the node-perturbation update averaged over k repeats.

    Each repeat perturbs every input of ``X`` (B, N_in) once.  Returns cosines (n_repeats,)
    for k = 1..n_repeats: they should rise towards 1 as the average nears the expectation.
    """
    g1, g2 = loss_gradient(W, X, Y_star)
    total1, total2 = np.zeros_like(W[0]), np.zeros_like(W[1])
    cosines = np.empty(n_repeats)
    for k in range(n_repeats):
        (d1, d2), _ = node_perturbation_update(W, X, Y_star, sigma, rng, variant=variant)
        total1 += d1
        total2 += d2
        cosines[k] = cosine((total1, total2), (-g1, -g2))
    return cosines


def teacher_and_student(
    rng: np.random.Generator, n_inputs: int, n_hidden: int, n_outputs: int
) -> tuple[Weights, Weights]:
    """Random teacher weights (the target mapping) and a small random student start."""
    teacher = (
        1.5 * rng.standard_normal((n_hidden, n_inputs)) / np.sqrt(n_inputs),
        rng.standard_normal((n_outputs, n_hidden)) / np.sqrt(n_hidden),
    )
    student = (
        0.5 * rng.standard_normal((n_hidden, n_inputs)) / np.sqrt(n_inputs),
        0.5 * rng.standard_normal((n_outputs, n_hidden)) / np.sqrt(n_hidden),
    )
    return teacher, student


def train(
    rng: np.random.Generator,
    teacher: Weights,
    student: Weights,
    X_test: np.ndarray,
    eta: float,
    sigma: float,
    n_steps: int,
    batch: int,
    rule: str,
    baseline: str,
    eval_every: int,
    variant: str = "known-noise",
) -> tuple[Weights, np.ndarray]:
    """Train with ``rule`` "node-perturbation" or "backprop"; returns weights and test losses."""
    assert rule in ("node-perturbation", "backprop"), f"unknown rule {rule!r}"
    assert baseline in ("unperturbed", "running"), f"unknown baseline {baseline!r}"
    W1, W2 = (M.copy() for M in student)
    Y_test = forward(teacher, X_test)[1]
    losses = [loss((W1, W2), X_test, Y_test)]
    R_running = None if baseline == "unperturbed" else 0.0
    for step in range(1, n_steps + 1):
        X = rng.standard_normal((batch, W1.shape[1]))  # (B, N_in) fresh inputs each step
        Y_star = forward(teacher, X)[1]
        if rule == "backprop":
            g1, g2 = loss_gradient((W1, W2), X, Y_star)
            d1, d2 = -g1, -g2
        else:
            (d1, d2), R = node_perturbation_update(
                (W1, W2), X, Y_star, sigma, rng, R_running, variant
            )
            if R_running is not None:
                R_running = 0.9 * R_running + 0.1 * float(R.mean())  # running-average baseline
        W1 += eta * d1
        W2 += eta * d2
        if not max(abs(W1).max(), abs(W2).max()) < 1e6:  # also catches nan
            raise ValueError(f"{rule} diverged at step {step}; lower eta (now {eta})")
        if step % eval_every == 0:
            losses.append(loss((W1, W2), X_test, Y_test))
    return (W1, W2), np.array(losses)


def plot(result: Result, fig) -> None:
    """Left: test loss for node perturbation and backprop; right: alignment with -gradient."""
    a, m = result.arrays, result.metrics
    ax_loss, ax_cos = fig.subplots(1, 2)
    steps = np.arange(len(a["loss_np"])) * m["eval_every"]
    ax_loss.semilogy(steps, a["loss_np"], color="C3", label="node perturbation (reward only)")
    ax_loss.semilogy(steps, a["loss_bp"], color="0.5", ls="--", label="backprop (reference)")
    ax_loss.set_xlabel("update step")
    ax_loss.set_ylabel("test loss")
    ax_loss.set_title(f"Loss falls {m['loss_ratio']:.0f}× without backprop")
    ax_loss.legend(fontsize="small")

    k = np.arange(1, len(a["cosines"]) + 1) * m["batch_alignment"]
    ax_cos.semilogx(k, a["cosines"], color="C0")
    ax_cos.axhline(0, color="0.6", lw=0.8)
    ax_cos.axhline(1, color="0.6", lw=0.8, ls="--")
    ax_cos.set_ylim(-0.1, 1.05)
    ax_cos.set_xlabel("perturbed trials averaged")
    ax_cos.set_ylabel(r"cos(mean $\Delta W$, $-\nabla L$)")
    ax_cos.set_title("Expected update = gradient direction")


VARIANTS = ("known-noise", "sign-flipped", "unknown-noise")


@register(
    name="node-perturbation",
    title="Node perturbation: reward-modulated Hebbian learning with exploratory noise",
    papers=["williams1992simple", "fiete2006gradient"],
    topic="reinforcement-learning-in-the-brain",
    claim=(
        "Perturbing units and updating each weight by (R - Rbar) x perturbation x input "
        "follows the loss gradient on average: the averaged update aligns with the true "
        "negative gradient and the loss of a two-layer network falls more than tenfold, "
        "with no backward pass."
    ),
    params=[
        Param("n_inputs", 8, "input units", minimum=1, maximum=200),
        Param("n_hidden", 16, "hidden units", minimum=1, maximum=200),
        Param("n_outputs", 4, "output units", minimum=1, maximum=100),
        Param("eta", 0.05, "learning rate", minimum=1e-5, maximum=1.0),
        Param("sigma", 0.05, "perturbation (exploration) noise s.d.", minimum=1e-4, maximum=2.0),
        Param("n_steps", 4000, "update steps", minimum=1, maximum=200_000),
        Param("batch", 32, "perturbed trials per update step", minimum=1, maximum=4096),
        Param(
            "baseline",
            "unperturbed",
            "Rbar: unperturbed reward on the same input, or a running mean (needs eta <= 0.005)",
            choices=("unperturbed", "running"),
        ),
        Param("variant", "known-noise", "the classic rule, or a mutant", choices=VARIANTS),
    ],
    plot=plot,
    equations=[
        "a = W_1 x + \\xi_1, \\quad h = \\tanh a, \\quad y = W_2 h + \\xi_2, \\qquad \\xi \\sim \\mathcal N(0, \\sigma^2 I)",
        "R = -\\tfrac12 \\|y - y^*\\|^2",
        "\\Delta W_1 = \\eta\\, (R - \\bar R)\\, \\xi_1 x^\\top/\\sigma^2, \\qquad \\Delta W_2 = \\eta\\, (R - \\bar R)\\, \\xi_2 h^\\top/\\sigma^2",
    ],
    reproduces="The averaged update points along the negative gradient (cosine > 0.9) and the loss falls more than tenfold (Williams 1992; Fiete & Seung 2006).",
    limits="The default baseline is the unperturbed reward on the same input (a second pass); with a running average the loss falls only 6-16x. Feedforward network, not a spiking or songbird model.",
    summary="Teacher-student regression learned from scalar reward by node perturbation.",
)
def run(
    seed: int,
    n_inputs: int,
    n_hidden: int,
    n_outputs: int,
    eta: float,
    sigma: float,
    n_steps: int,
    batch: int,
    baseline: str,
    variant: str,
) -> Result:
    rng = np.random.default_rng(seed)
    teacher, student = teacher_and_student(rng, n_inputs, n_hidden, n_outputs)
    X_test = rng.standard_normal((512, n_inputs))  # (512, N_in) held-out inputs
    eval_every = max(1, n_steps // 100)

    # alignment of the expected update at the starting weights, on 64 fixed inputs
    X_probe = rng.standard_normal((64, n_inputs))
    cosines = expected_update_alignment(
        student, X_probe, forward(teacher, X_probe)[1], sigma, rng, n_repeats=500, variant=variant
    )
    bp_rng, np_rng = (np.random.default_rng(s) for s in rng.integers(2**63, size=2))
    common = (X_test, eta, sigma, n_steps, batch)
    _, loss_np = train(
        np_rng, teacher, student, *common, "node-perturbation", baseline, eval_every, variant
    )
    _, loss_bp = train(bp_rng, teacher, student, *common, "backprop", baseline, eval_every)
    ratio = float(loss_np[0] / loss_np[-1])
    return Result(
        metrics={
            "loss_initial": float(loss_np[0]),
            "loss_final": float(loss_np[-1]),
            "loss_ratio": ratio,
            "loss_final_backprop": float(loss_bp[-1]),
            "expected_update_cosine": float(cosines[-1]),
            "single_batch_cosine": float(cosines[0]),
            "eval_every": eval_every,
            "batch_alignment": 64,
            "claim_holds": bool(ratio > 10 and cosines[-1] > 0.9),
        },
        arrays={"loss_np": loss_np, "loss_bp": loss_bp, "cosines": cosines},
    )
