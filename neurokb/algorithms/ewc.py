r"""Elastic weight consolidation: a Fisher-weighted anchor keeps task A while task B is learned.

Paper: James Kirkpatrick, Razvan Pascanu, Neil Rabinowitz, Joel Veness, Guillaume Desjardins,
Andrei A. Rusu, Kieran Milan, John Quan, Tiago Ramalho, Agnieszka Grabska-Barwinska, Demis
Hassabis, Claudia Clopath, Dharshan Kumaran and Raia Hadsell (2017), "Overcoming catastrophic
forgetting in neural networks", *PNAS* 114(13), 3521-3526. doi:10.1073/pnas.1611835114

A network trained on task A and then on task B with plain gradient descent forgets A: the
weights that served A are free to move.  EWC estimates how much each weight mattered for A by
the diagonal of the Fisher information at the end of A (the importance $F_i$, taken at
$\theta^*_A$), and learns B with a quadratic anchor that holds important weights near their
A values and leaves unimportant ones free:

$$
F_i = E_x\Big[\Big(\frac{\partial \log p(y \mid x, \theta)}{\partial \theta_i}\Big)^2\Big]
\Big|_{\theta = \theta^*_A},
\qquad
L(\theta) = L_B(\theta) + \frac{\lambda}{2} \sum_i F_i\, (\theta_i - \theta^*_{A,i})^2
$$

Our two-task problem (small, ours): a 40-20-1... network $y = w_2 \cdot \tanh(W_1 x)$ (no
biases) regresses two random teacher networks; task A's inputs live on the first half of the
input units and task B's on the second half, so one network can solve both (as
permuted-pixel tasks share a network in the paper).  With a Gaussian output model of unit
variance the Fisher is $E[g\, g]$ of the per-sample gradient of
$\frac{1}{2} (y - y_\text{model})^2$ with $y$ drawn from the model, which in expectation
equals $E_x[(\partial y_\text{model} / \partial \theta)^2]$; we use that closed form.  The
anchor's gradient step is taken implicitly, after the task-B step:

$$
\theta \leftarrow \frac{\theta + \eta \lambda F \theta^*_A}{1 + \eta \lambda F}
$$

the same minimiser, but stable for stiff weights (an explicit step diverges once
$\eta \lambda F_i > 2$).  The sign-flipped mutant is applied explicitly.

The claim checked, over seeds 0-4: after learning B, EWC's loss on task A is within 10 % of
its value before B (observed 1.00x) while plain SGD's grows 4.2-19.3x, and EWC's loss on B
stays within 2x of SGD's (observed 1.11-1.55; SGD, unconstrained, fits B best).  An L2
anchor with uniform importance (the paper's other baseline) keeps A too but learns B 5-8x
worse than SGD: the Fisher weighting is what leaves room for B.

Mutation hook: ``variant`` = ``sgd`` ($\lambda = 0$), ``uniform`` ($F_i$ replaced by its
mean: an L2 anchor) or ``sign-flipped`` (the anchor pushes away); each fails the claim.

Limits: a small regression network instead of MNIST and Atari; diagonal Fisher from the
model's expected gradients, one consolidation (two tasks).
"""

from __future__ import annotations

import numpy as np

from neurokb.algorithms.base import Param, Result, register

VARIANTS = ("ewc", "sgd", "uniform", "sign-flipped")
FORGET_MAX = 1.1  # EWC: loss on A after B / before B (observed 1.00 over seeds 0-4)
FORGET_SGD_MIN = 3.0  # plain SGD forgets: the same ratio (observed 4.2-19.3)
B_LOSS_MAX = 2.0  # EWC / SGD loss on task B (observed 1.11-1.55; L2 anchor 5.2-8.1)


def forward(W1: np.ndarray, w2: np.ndarray, X: np.ndarray):
    """Hidden rates (B, H) and outputs (B,) of ``y = w2 . tanh(W1 x)``."""
    h = np.tanh(X @ W1.T)
    return h, h @ w2


def output_gradients(W1, w2, X):
    """Per-sample dy/dW1 (B, H, N) and dy/dw2 (B, H)."""
    h, _ = forward(W1, w2, X)
    dW1 = (w2 * (1 - h**2))[:, :, None] * X[:, None, :]
    return dW1, h


def task(rng: np.random.Generator, n_in: int, half: int, n_hidden: int):
    """A random teacher that reads only input half ``half`` (0 or 1)."""
    V1 = 1.5 * rng.standard_normal((n_hidden, n_in)) / np.sqrt(n_in // 2)
    mask = np.zeros(n_in)
    mask[half * (n_in // 2) : (half + 1) * (n_in // 2)] = 1.0
    return V1 * mask, rng.standard_normal(n_hidden) / np.sqrt(n_hidden), mask


def inputs(rng: np.random.Generator, n: int, mask: np.ndarray) -> np.ndarray:
    return rng.standard_normal((n, len(mask))) * mask  # (n, N) only this task's half


def loss(W1, w2, teacher, X) -> float:
    return float(0.5 * np.mean((forward(W1, w2, X)[1] - forward(*teacher[:2], X)[1]) ** 2))


def sgd(W1, w2, teacher, rng, steps, eta, anchor=None):
    """Minibatch gradient descent on one task; ``anchor`` = (F1, F2, W1*, w2*, lam) adds EWC."""
    W1, w2 = W1.copy(), w2.copy()
    for _ in range(steps):
        X = inputs(rng, 32, teacher[2])
        h, y = forward(W1, w2, X)
        e = (y - forward(*teacher[:2], X)[1]) / len(X)  # (B,)
        g2 = h.T @ e
        g1 = ((e[:, None] * w2) * (1 - h**2)).T @ X
        W1 -= eta * g1
        w2 -= eta * g2
        if anchor is not None:  # the anchor's step, taken implicitly (stable for any stiffness)
            F1, F2, A1, a2, lam = anchor
            W1 = (W1 + eta * lam * F1 * A1) / (1 + eta * lam * F1)
            w2 = (w2 + eta * lam * F2 * a2) / (1 + eta * lam * F2)
    return W1, w2


def fisher(W1, w2, X) -> tuple[np.ndarray, np.ndarray]:
    """Diagonal Fisher of a unit-variance Gaussian output model: E_x[(dy/dtheta)^2]."""
    dW1, dw2 = output_gradients(W1, w2, X)
    return np.mean(dW1**2, axis=0), np.mean(dw2**2, axis=0)


def plot(result: Result, fig) -> None:
    """Task A and task B losses after learning B, for each method."""
    m = result.metrics
    ax_a, ax_b = fig.subplots(1, 2)
    names = ["sgd", "l2", "ewc"]
    colors = ["0.5", "C1", "C0"]
    ax_a.bar(names, [m[f"loss_A_after_B_{n}"] for n in names], color=colors)
    ax_a.axhline(m["loss_A_before_B"], color="k", ls="--", lw=1, label="after task A")
    ax_a.set_yscale("log")
    ax_a.set_ylabel("loss on task A")
    ax_a.set_title("Task A after learning B")
    ax_a.legend(fontsize="small")
    ax_b.bar(names, [m[f"loss_B_{n}"] for n in names], color=colors)
    ax_b.set_yscale("log")
    ax_b.set_ylabel("loss on task B")
    ax_b.set_title("Task B")


@register(
    name="ewc",
    title="Elastic weight consolidation: remembering task A while learning task B",
    papers=["kirkpatrick2017overcoming"],
    topic="continual-learning",
    claim=(
        "Anchoring each weight to its task-A value with a stiffness given by the diagonal "
        "Fisher information keeps task A (its loss unchanged by learning B, where plain SGD's "
        "grows 4-19x) while task B is still learned (within 2x of SGD's loss, where a "
        "uniform L2 anchor is 5-8x worse)."
    ),
    params=[
        Param("n_in", 20, "input units (half per task)", minimum=2, maximum=400),
        Param("n_hidden", 40, "hidden units", minimum=2, maximum=400),
        Param("steps", 3000, "SGD steps per task", minimum=10, maximum=100_000),
        Param("eta", 0.05, "learning rate", minimum=1e-5, maximum=1.0),
        Param("lam", 100.0, "EWC stiffness lambda", minimum=0.0, maximum=1e6),
        Param("variant", "ewc", "the paper's rule, or a mutant", choices=VARIANTS),
    ],
    plot=plot,
    equations=[
        r"F_i = \mathbb{E}_x\!\left[\Big(\frac{\partial y_\theta(x)}{\partial \theta_i}\Big)^2\right]"
        r"_{\theta = \theta^*_A}",
        r"\mathcal L(\theta) = \mathcal L_B(\theta) + \frac{\lambda}{2} \sum_i F_i\,"
        r"(\theta_i - \theta^*_{A,i})^2",
    ],
    reproduces="EWC keeps task A while learning task B where plain SGD forgets it "
    "(Kirkpatrick et al. 2017), on a two-task regression problem.",
    limits="A small regression network, not the paper's MNIST and Atari experiments.",
    summary="Two regression tasks on disjoint input halves; SGD, L2 anchor and EWC compared.",
)
def run(
    seed: int, n_in: int, n_hidden: int, steps: int, eta: float, lam: float, variant: str
) -> Result:
    assert n_in % 2 == 0, f"n_in must be even (half per task), got {n_in}"
    rng = np.random.default_rng(seed)
    A, B = task(rng, n_in, 0, n_hidden), task(rng, n_in, 1, n_hidden)
    W1 = rng.standard_normal((n_hidden, n_in)) / np.sqrt(n_in)
    w2 = rng.standard_normal(n_hidden) / np.sqrt(n_hidden)
    X_A, X_B = inputs(rng, 2000, A[2]), inputs(rng, 2000, B[2])  # test sets
    data_seed = int(rng.integers(2**32))
    W1, w2 = sgd(W1, w2, A, np.random.default_rng(data_seed), steps, eta)  # learn task A
    F1, F2 = fisher(W1, w2, X_A)
    if variant == "uniform":
        F1, F2 = np.full_like(F1, F1.mean()), np.full_like(F2, F1.mean())
    stiffness = {"ewc": lam, "uniform": lam, "sgd": 0.0, "sign-flipped": -lam}[variant]
    if variant == "sign-flipped":  # keep the implicit step well defined: 1 + eta lam F > 0
        stiffness = -min(lam, 0.9 / (eta * max(F1.max(), F2.max())))
    mean_F = float(np.mean(np.concatenate([F1.ravel(), F2])))

    metrics: dict[str, float | bool | str] = {
        "variant": variant,
        "loss_A_before_B": loss(W1, w2, A, X_A),
    }
    runs = {
        "sgd": None,
        "l2": (np.full_like(F1, mean_F), np.full_like(F2, mean_F), W1, w2, lam),
        "ewc": (F1, F2, W1, w2, stiffness),
    }
    for name, anchor in runs.items():
        with np.errstate(all="ignore"):
            V1, v2 = sgd(W1, w2, B, np.random.default_rng(data_seed + 1), steps, eta, anchor)
            metrics[f"loss_A_after_B_{name}"] = loss(V1, v2, A, X_A)
            metrics[f"loss_B_{name}"] = loss(V1, v2, B, X_B)
    before = metrics["loss_A_before_B"]
    forget = metrics["loss_A_after_B_ewc"] / before
    forget_sgd = metrics["loss_A_after_B_sgd"] / before
    b_ratio = metrics["loss_B_ewc"] / metrics["loss_B_sgd"]
    metrics["forgetting_ewc"] = float(forget)
    metrics["forgetting_sgd"] = float(forget_sgd)
    metrics["task_B_ratio_ewc_to_sgd"] = float(b_ratio)
    metrics["task_B_ratio_l2_to_sgd"] = float(metrics["loss_B_l2"] / metrics["loss_B_sgd"])
    metrics["claim_holds"] = bool(
        forget < FORGET_MAX and forget_sgd > FORGET_SGD_MIN and b_ratio < B_LOSS_MAX
    )
    return Result(metrics=metrics, arrays={"fisher_W1": F1, "fisher_w2": F2})
