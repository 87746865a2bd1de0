r"""Differentiable plasticity: a recurrent network whose Hebbian plasticity is learned by BPTT.

Paper: Thomas Miconi, Jeff Clune and Kenneth O. Stanley (2018), "Differentiable plasticity:
training plastic neural networks with backpropagation", *Proceedings of the 35th
International Conference on Machine Learning* (ICML), PMLR 80. arXiv:1804.02464.

Each connection carries a fixed weight $w_{ij}$ (``W`` below) and a Hebbian trace
$\mathrm{Hebb}_{ij}$ that grows while the network runs; a learned $\alpha_{ij}$ says how much
the trace counts:

$$
x_j(t) = \tanh\Big( \sum_i \big[w_{ij} + \alpha_{ij}\, \mathrm{Hebb}_{ij}(t)\big]\, x_i(t-1) \Big)
\tag{1}
$$

$$
\mathrm{Hebb}_{ij}(t+1) = \eta\, x_i(t-1)\, x_j(t) + (1 - \eta)\, \mathrm{Hebb}_{ij}(t)
\tag{2}
$$

$w$, $\alpha$ and the trace rate $\eta$ (``w``, ``alpha``, ``eta``) are trained by gradient
descent across many episodes, while *within* an episode only the traces change.  The
network thus learns how to learn: it becomes a Hopfield-like memory whose storage rule was
found by backprop.

Task (the paper's binary pattern memorisation and completion, Sec. 4.1, scaled down so it
trains in seconds): each episode shows ``n_patterns`` random $\pm 1$ patterns of ``n_bits``
bits, each for ``pres_time`` steps followed by ``delay`` steps of zero input, the whole
sequence twice in shuffled order; then one of the patterns with half its bits set to zero
is shown for ``test_time`` steps.  The target is the full pattern at the final step.  As in
the authors' code, the input is added inside the tanh with a large gain so that shown bits
clamp their neuron; there is one neuron per bit and no separate output layer.

The gradient is derived by hand (no autodiff).  Reverse-mode through (1) and (2): with
$a(t) = x(t-1)\,(W + \alpha \odot \mathrm{Hebb}(t)) + I(t)$ and
$\mathrm{d}a = \mathrm{d}x \odot (1 - x^2)$ (the $\alpha$ line elementwise, per episode):

$$
\begin{aligned}
\mathrm{d}W &\mathrel{+}= x(t-1)^\top \mathrm{d}a(t) \\
\mathrm{d}\alpha &\mathrel{+}= \mathrm{Hebb}(t) \odot \big(x(t-1)^\top \mathrm{d}a(t)\big) \\
\mathrm{dHebb}(t) &= \alpha \odot \big(x(t-1)^\top \mathrm{d}a(t)\big) + (1 - \eta)\, \mathrm{dHebb}(t+1) \\
\mathrm{d}\eta &\mathrel{+}= \textstyle\sum \mathrm{dHebb}(t+1) \odot \big(x(t-1)^\top x(t) - \mathrm{Hebb}(t)\big) \\
\mathrm{d}x(t-1) &\mathrel{+}= \mathrm{d}a(t)\, \big(W + \alpha \odot \mathrm{Hebb}(t)\big)^\top + \eta\, \mathrm{dHebb}(t+1)\, x(t) \\
\mathrm{d}x(t) &\mathrel{+}= \eta\, x(t-1)\, \mathrm{dHebb}(t+1)
\end{aligned}
$$

The non-plastic control is the same network with $\alpha = 0$ (only $W$ is trained).
Limits: the plain Hebbian trace of Eq. (2) only (not the paper's Oja-rule variant), tanh
units, no bias neuron, Adam on minibatches of episodes, small sizes (tens of bits, a few
patterns).

Mutation hook: ``variant="frozen-plasticity"`` ($\alpha$ and $\eta$ left at their initial
values, only $W$ trained) or ``"no-trace"`` ($\eta$ held at 0, so the Hebbian trace never
forms); the claim (plastic network completes patterns with error < 0.15, the fixed one
cannot) fails for both.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from neurokb.algorithms.base import Param, Result, register

INPUT_GAIN = 20.0  # inputs clamp their neurons (the authors' code scales inputs by 20)


@dataclass(frozen=True)
class Task:
    """One minibatch of episodes: inputs (T, B, N), targets (B, N), zeroed-bit mask (B, N)."""

    inputs: np.ndarray
    target: np.ndarray
    hidden: np.ndarray


def make_episodes(
    rng: np.random.Generator,
    batch: int,
    n_bits: int,
    n_patterns: int,
    pres_time: int = 3,
    delay: int = 2,
    cycles: int = 2,
    test_time: int = 3,
) -> Task:
    """Draw ``batch`` episodes of the pattern completion task (Sec. 4.1 of the paper)."""
    assert n_patterns >= 1 and n_bits >= 2, "need at least one pattern of two bits"
    step = pres_time + delay
    T = cycles * n_patterns * step + test_time
    inputs = np.zeros((T, batch, n_bits))
    patterns = rng.choice([-1.0, 1.0], size=(batch, n_patterns, n_bits))  # (B, P, N)
    for c in range(cycles):
        order = rng.permuted(np.tile(np.arange(n_patterns), (batch, 1)), axis=1)  # (B, P)
        for k in range(n_patterns):
            shown = patterns[np.arange(batch), order[:, k]]  # (B, N)
            start = (c * n_patterns + k) * step
            inputs[start : start + pres_time] = shown
    which = rng.integers(n_patterns, size=batch)
    target = patterns[np.arange(batch), which]  # (B, N)
    hidden = rng.random((batch, n_bits)) < 0.5  # (B, N) bits zeroed in the test cue
    inputs[T - test_time :] = np.where(hidden, 0.0, target)
    return Task(INPUT_GAIN * inputs, target, hidden)


def forward(
    W: np.ndarray, alpha: np.ndarray | None, eta: float, inputs: np.ndarray
) -> tuple[np.ndarray, np.ndarray | None]:
    """Run Eqs. (1)-(2) over a batch of episodes; ``alpha=None`` is the non-plastic network.

    ``W``, ``alpha`` (N, N) with column j the inputs of neuron j; ``inputs`` (T, B, N).
    Returns activities ``x`` (T + 1, B, N) with ``x[0] = 0`` and traces ``Hebb`` (T, B, N, N)
    with ``Hebb[t - 1]`` the trace used to compute ``x[t]`` (so ``Hebb[0] = 0``), or ``None``.
    """
    T, B, N = inputs.shape
    assert W.shape == (N, N), f"W must be ({N}, {N}), got {W.shape}"
    assert alpha is None or alpha.shape == (N, N), f"alpha must be ({N}, {N})"
    assert 0.0 <= eta <= 1.0, f"eta must be in [0, 1], got {eta}"
    x = np.zeros((T + 1, B, N))
    Hebb = None if alpha is None else np.zeros((T, B, N, N))
    for t in range(1, T + 1):
        pre = x[t - 1]  # (B, N) x_i(t-1)
        a = pre @ W + inputs[t - 1]  # (B, N)
        if Hebb is not None:
            a += (pre[:, None, :] @ (alpha * Hebb[t - 1]))[:, 0, :]  # plastic part of Eq. (1)
        x[t] = np.tanh(a)  # Eq. (1)
        if Hebb is not None and t < T:
            Hebb[t] = (1.0 - eta) * Hebb[t - 1]  # Eq. (2)
            Hebb[t] += eta * pre[:, :, None] * x[t][:, None, :]  # x_i(t-1) x_j(t)
    return x, Hebb


def loss_and_gradients(
    W: np.ndarray, alpha: np.ndarray | None, eta: float, task: Task
) -> tuple[float, dict[str, np.ndarray | float], np.ndarray]:
    """Loss ``L = mean_b 1/2 ||x_b(T) - target_b||^2``, its gradient by hand-written BPTT, and
    the final activities ``x(T)`` (B, N).

    The gradient is ``{"W": dW (N, N), "alpha": dalpha (N, N), "eta": deta}`` (only ``"W"``
    for the non-plastic network).
    """
    x, Hebb = forward(W, alpha, eta, task.inputs)
    T, B, _ = task.inputs.shape
    err = x[T] - task.target  # (B, N)
    L = 0.5 * float(np.sum(err**2)) / B

    dW = np.zeros_like(W)
    dx = np.zeros_like(x)  # dL/dx(t), completed from the last step down
    dx[T] = err / B
    if Hebb is None:  # plain tanh RNN: standard BPTT
        for t in range(T, 0, -1):
            da = dx[t] * (1.0 - x[t] ** 2)  # (B, N) through tanh
            dW += x[t - 1].T @ da
            dx[t - 1] += da @ W.T
        return L, {"W": dW}, x[T]

    assert alpha is not None
    dalpha, deta = np.zeros_like(alpha), 0.0
    dHebb_next = np.zeros_like(Hebb[0])  # dL/dHebb(t+1), (B, N, N)
    for t in range(T, 0, -1):
        if t < T:  # Hebb(t+1) = eta x(t-1) x(t)^T + (1 - eta) Hebb(t)
            outer = x[t - 1][:, :, None] * x[t][:, None, :]  # (B, N, N)
            deta += float(np.sum(dHebb_next * (outer - Hebb[t - 1])))
            dx[t] += eta * (x[t - 1][:, None, :] @ dHebb_next)[:, 0, :]
            dx[t - 1] += eta * (dHebb_next @ x[t][:, :, None])[:, :, 0]
        da = dx[t] * (1.0 - x[t] ** 2)  # (B, N) through tanh
        pre_post = x[t - 1][:, :, None] * da[:, None, :]  # (B, N, N) x_i(t-1) da_j(t)
        dW += x[t - 1].T @ da
        dalpha += np.sum(Hebb[t - 1] * pre_post, axis=0)
        dx[t - 1] += da @ W.T + ((alpha * Hebb[t - 1]) @ da[:, :, None])[:, :, 0]
        dHebb_next *= 1.0 - eta
        dHebb_next += alpha * pre_post
    return L, {"W": dW, "alpha": dalpha, "eta": deta}, x[T]


def completion_error(x_final: np.ndarray, task: Task) -> float:
    """Fraction of the zeroed bits whose sign the network gets wrong (chance = 0.5)."""
    wrong = np.sign(x_final) != task.target  # (B, N)
    return float(wrong[task.hidden].mean())


def train(
    rng: np.random.Generator,
    plastic: bool,
    n_bits: int,
    n_patterns: int,
    n_iters: int,
    batch: int,
    lr: float,
    variant: str = "plastic",
) -> tuple[dict[str, np.ndarray | float | None], np.ndarray]:
    """Adam on ``W`` (and ``alpha``, ``eta`` when ``plastic``).

    Returns the parameters and the completion error on each training minibatch, (n_iters,).
    """
    N = n_bits
    params: dict[str, np.ndarray | float | None] = {
        "W": 0.01 * rng.standard_normal((N, N)),
        "alpha": 0.01 * rng.standard_normal((N, N)) if plastic else None,
        "eta": 0.1 if plastic and variant != "no-trace" else 0.0,
    }
    trained = ["W", "alpha", "eta"] if plastic else ["W"]
    if variant == "frozen-plasticity":  # mutant: alpha and eta are not learned
        trained = ["W"]
    elif variant == "no-trace":  # mutant: the Hebbian trace never forms (eta stays 0)
        trained = ["W", "alpha"]
    m = {k: np.zeros_like(params[k]) for k in trained}
    v = {k: np.zeros_like(params[k]) for k in trained}
    beta1, beta2 = 0.9, 0.999
    errors = np.empty(n_iters)
    for it in range(n_iters):
        task = make_episodes(rng, batch, n_bits, n_patterns)
        _, grads, x_final = loss_and_gradients(params["W"], params["alpha"], params["eta"], task)
        errors[it] = completion_error(x_final, task)
        for k in trained:
            m[k] = beta1 * m[k] + (1 - beta1) * grads[k]
            v[k] = beta2 * v[k] + (1 - beta2) * np.square(grads[k])
            m_hat = m[k] / (1 - beta1 ** (it + 1))
            v_hat = v[k] / (1 - beta2 ** (it + 1))
            params[k] = params[k] - lr * m_hat / (np.sqrt(v_hat) + 1e-8)
        params["eta"] = float(np.clip(params["eta"], 0.0, 1.0))
        if variant == "no-trace":
            params["eta"] = 0.0
    return params, errors


def _smooth(values: np.ndarray, width: int) -> np.ndarray:
    """Running mean over ``width`` iterations (shorter at the start), same length as input."""
    c = np.cumsum(np.insert(values, 0, 0.0))
    i = np.arange(1, len(values) + 1)
    lo = np.maximum(i - width, 0)
    return (c[i] - c[lo]) / (i - lo)


def plot(result: Result, fig) -> None:
    """Left: completion error while training, plastic vs non-plastic; right: one test episode."""
    a = result.arrays
    ax_curve, ax_example = fig.subplots(1, 2, width_ratios=[1.2, 1])
    it = np.arange(1, len(a["errors_plastic"]) + 1)
    ax_curve.plot(it, _smooth(a["errors_plastic"], 25), label="plastic (w + alpha Hebb)")
    ax_curve.plot(it, _smooth(a["errors_fixed"], 25), label="non-plastic (w only)")
    ax_curve.axhline(0.5, color="0.5", ls="--", lw=0.8, label="chance")
    ax_curve.set_ylim(0, 0.6)
    ax_curve.set_xlabel("training iteration (minibatch of episodes)")
    ax_curve.set_ylabel("error on the zeroed bits")
    ax_curve.set_title("Learning to complete patterns")
    ax_curve.legend(loc="center right", fontsize="small")

    rows = np.stack(
        [a["example_target"], a["example_cue"], a["example_plastic"], a["example_fixed"]]
    )
    ax_example.imshow(rows, cmap="RdBu_r", vmin=-1, vmax=1, aspect="auto", interpolation="none")
    ax_example.set_yticks(
        range(4), ["target", "cue (half zeroed)", "plastic output", "non-plastic"]
    )
    ax_example.set_xlabel("bit")
    ax_example.set_title("One test episode (red +1, blue -1)")


VARIANTS = ("plastic", "frozen-plasticity", "no-trace")


@register(
    name="differentiable-plasticity",
    title="Differentiable plasticity: learning Hebbian plasticity by backprop through time",
    papers=["miconi2018differentiable"],
    topic="synaptic-plasticity",
    claim=(
        "A recurrent network whose connections carry trained Hebbian plasticity learns to "
        "memorise binary patterns within an episode and complete a half-erased one, while a "
        "non-plastic network of the same size stays near chance."
    ),
    params=[
        Param("n_bits", 32, "bits per pattern = number of neurons N", minimum=4, maximum=128),
        Param("n_patterns", 3, "patterns shown per episode", minimum=1, maximum=10),
        Param("n_iters", 500, "training iterations (Adam steps)", minimum=1, maximum=20_000),
        Param("batch", 16, "episodes per minibatch", minimum=1, maximum=256),
        Param("lr", 0.01, "Adam learning rate", minimum=1e-5, maximum=0.5),
        Param("variant", "plastic", "the paper's model, or a mutant", choices=VARIANTS),
    ],
    plot=plot,
    equations=[
        "x_j(t) = \\tanh\\Big(\\sum_i \\big(w_{ij} + \\alpha_{ij}\\,\\mathrm{Hebb}_{ij}(t)\\big)\\, x_i(t-1) + u_j(t)\\Big)",
        "\\mathrm{Hebb}_{ij}(t+1) = \\eta\\, x_i(t-1)\\, x_j(t) + (1-\\eta)\\,\\mathrm{Hebb}_{ij}(t)",
        "(w, \\alpha, \\eta) \\leftarrow \\mathrm{Adam}\\big(\\nabla \\tfrac12 \\|x(T) - \\text{target}\\|^2\\big)",
    ],
    reproduces="Pattern completion learned with plastic connections where a fixed network stays near chance (Miconi et al. 2018, binary-pattern task).",
    limits="Small patterns (32 bits, 3 per episode) and hand-written BPTT; no image or maze tasks.",
    summary="Hand-derived BPTT through Eqs. (1)-(2) on a small pattern-completion task.",
)
def run(
    seed: int,
    n_bits: int,
    n_patterns: int,
    n_iters: int,
    batch: int,
    lr: float,
    variant: str,
) -> Result:
    rng = np.random.default_rng(seed)
    plastic, errors_plastic = train(rng, True, n_bits, n_patterns, n_iters, batch, lr, variant)
    fixed, errors_fixed = train(rng, False, n_bits, n_patterns, n_iters, batch, lr)

    test = make_episodes(rng, 128, n_bits, n_patterns)  # held-out episodes
    _, _, out_plastic = loss_and_gradients(plastic["W"], plastic["alpha"], plastic["eta"], test)
    _, _, out_fixed = loss_and_gradients(fixed["W"], None, 0.0, test)
    error_plastic = completion_error(out_plastic, test)
    error_fixed = completion_error(out_fixed, test)
    cue = test.inputs[-1, 0] / INPUT_GAIN  # (N,) the degraded pattern of test episode 0
    return Result(
        metrics={
            "error_plastic": error_plastic,
            "error_non_plastic": error_fixed,
            "chance_error": 0.5,
            "eta": float(plastic["eta"]),
            "mean_alpha": float(np.mean(plastic["alpha"])),
            "claim_holds": bool(error_plastic < 0.15 and error_fixed > 0.35),
        },
        arrays={
            "errors_plastic": errors_plastic,
            "errors_fixed": errors_fixed,
            "alpha": plastic["alpha"],
            "example_target": test.target[0],
            "example_cue": cue,
            "example_plastic": out_plastic[0],
            "example_fixed": out_fixed[0],
        },
    )
