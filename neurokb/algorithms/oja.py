r"""Oja's rule: a Hebbian neuron with weight decay that finds the first principal component.

Paper: Erkki Oja (1982), "Simplified neuron model as a principal component analyzer",
*Journal of Mathematical Biology* 15(3), 267-273. doi:10.1007/BF00275687

A linear neuron $y = w \cdot x$ that follows plain Hebbian learning, $\Delta w \propto y x$,
grows its weights without bound.  Oja normalises the Hebbian step to unit length and keeps
only the first-order term in the learning rate; what remains is a *local* rule (each synapse
sees its own input, the output and its own weight) whose stable fixed points are the
unit-norm eigenvectors of the input covariance with the largest eigenvalue.

The paper writes the output as $\eta$, the weights as $\mu_i$, the inputs as $\xi_i$ and the
gain as $\gamma$; here they are $y$, $w$, $x$ and $\eta$ (``y``, ``w``, ``x``, ``eta``: the
modern convention).  The equation numbers below are the paper's as we read them: the linear
neuron (1), the normalised Hebbian step (2) and (2) to first order in $\eta$ (3):

$$
y = \sum_i w_i x_i \tag{1}
$$

$$
w_i(t+1) = \frac{w_i + \eta\, y\, x_i}{\|w + \eta\, y\, x\|} \tag{2}
$$

$$
w_i(t+1) = w_i + \eta\, y\, (x_i - y\, w_i) \tag{3}
$$

The paper proves convergence for a decreasing gain ($\sum_t \eta_t = \infty$,
$\sum_t \eta_t^2 < \infty$).  We use $\eta_t = \eta / (1 + t / t_{1/2})$ (``t_half``) so that
the weight settles instead of jittering with a constant gain.  Mutation hook:
``variant="hebb"`` (no decay term) or ``"anti-hebbian"`` (sign flipped); the claim
($\big|\,\|w\| - 1\big| < 0.02$ and $|\cos(w, v_1)| > 0.995$; observed 0.9982-0.9998 over
seeds 0-5) fails for both.

Limits: zero-mean inputs, one neuron, the first component only
(Sanger's rule generalises this to several).
"""

from __future__ import annotations

import numpy as np

from neurokb.algorithms.base import Param, Result, register


def random_covariance(
    rng: np.random.Generator, n: int, spectrum_ratio: float
) -> tuple[np.ndarray, np.ndarray]:
    """A covariance with eigenvalues 1, r, r^2, ... in random orthonormal directions.

    Returns ``(C, V)`` with ``C`` (n, n) and ``V`` (n, n) whose columns are the
    eigenvectors, sorted by decreasing eigenvalue.
    """
    assert n >= 2, f"need at least two input dimensions, got {n}"
    assert 0.0 < spectrum_ratio < 1.0, f"spectrum_ratio must be in (0, 1), got {spectrum_ratio}"
    V, _ = np.linalg.qr(rng.standard_normal((n, n)))  # (n, n) random rotation
    lambdas = spectrum_ratio ** np.arange(n)  # (n,) 1 > r > r^2 > ...
    C = (V * lambdas) @ V.T  # (n, n)
    return C, V


VARIANTS = ("oja", "hebb", "anti-hebbian")


def oja(
    X: np.ndarray, w0: np.ndarray, eta: float, t_half: float, variant: str = "oja"
) -> np.ndarray:
    """Apply Eq. (3) once per sample of ``X`` (T, n), starting from ``w0`` (n,).

    ``variant`` selects a mutant for the tests: ``hebb`` drops the decay term -y^2 w,
    ``anti-hebbian`` flips the sign of the update.

    Returns the weight trajectory ``W`` (T + 1, n), ``W[0] = w0``.
    """
    T, n = X.shape
    assert w0.shape == (n,), f"w0 must have shape ({n},), got {w0.shape}"
    assert eta > 0 and t_half > 0, "eta and t_half must be positive"
    W = np.empty((T + 1, n))
    W[0] = w = w0.astype(float)
    for t in range(T):
        x = X[t]  # (n,)
        y = w @ x  # Eq. (1)
        eta_t = eta / (1.0 + t / t_half)  # decreasing gain, as the convergence proof asks
        if variant == "hebb":
            w = w + eta_t * y * x  # mutant: plain Hebb
        elif variant == "anti-hebbian":
            w = w - eta_t * y * (x - y * w)  # mutant: sign flipped
        else:
            w = w + eta_t * y * (x - y * w)  # Eq. (3)
        W[t + 1] = w
    return W


def principal_components(X: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Eigenvalues (n,) and eigenvectors (n, n) of the sample covariance of ``X`` (T, n).

    Sorted by decreasing eigenvalue; this is the trusted reference the rule is checked against.
    """
    C = X.T @ X / len(X)  # (n, n), inputs are zero-mean by construction
    lambdas, V = np.linalg.eigh(C)  # ascending eigenvalues
    return lambdas[::-1], V[:, ::-1]


def plot(result: Result, fig) -> None:
    """Left: inputs in the plane of the two leading PCs with w's path; right: |w| and |cos|."""
    a = result.arrays
    ax_data, ax_conv = fig.subplots(1, 2)
    P = a["X_pc"]  # (T, 2) inputs projected on v1, v2
    ax_data.scatter(P[:, 0], P[:, 1], s=3, alpha=0.25, color="0.5", label="inputs x")
    scale = 2.0 * np.sqrt(result.metrics["lambda_1"])
    path = a["W_pc"] * scale  # (T + 1, 2)
    ax_data.plot(path[:, 0], path[:, 1], color="C1", lw=1, label="w(t) (scaled)")
    ax_data.annotate(
        "",
        xy=path[-1],
        xytext=(0, 0),
        arrowprops={"arrowstyle": "->", "color": "C3", "lw": 2},
    )
    ax_data.plot([], [], color="C3", lw=2, label="final w")
    ax_data.set_aspect("equal", adjustable="datalim")
    ax_data.set_xlabel("projection on 1st PC $v_1$")
    ax_data.set_ylabel("projection on 2nd PC $v_2$")
    ax_data.set_title("Inputs and weight vector")
    ax_data.legend(loc="lower right", fontsize="small")

    t = np.arange(1, len(a["norm_w"]) + 1)
    ax_conv.plot(t, a["norm_w"], label=r"$\|w\|$")
    ax_conv.plot(t, a["abs_cos"], label=r"$|\cos(w, v_1)|$")
    ax_conv.axhline(1.0, color="0.6", ls="--", lw=0.8)
    ax_conv.set_xscale("log")
    ax_conv.set_xlabel("sample t + 1")
    ax_conv.set_ylabel("value")
    ax_conv.set_ylim(0, 1.15)
    ax_conv.set_title("Convergence to the unit-norm first PC")
    ax_conv.legend(loc="lower right")


@register(
    name="oja",
    title="Oja's rule: Hebbian learning finds the first principal component",
    papers=["oja1982simplified"],
    topic="hebbian-learning",
    claim=(
        "A linear neuron trained with Oja's rule converges to the unit-norm eigenvector of the "
        "input covariance with the largest eigenvalue."
    ),
    params=[
        Param("n_inputs", 8, "input dimension n", minimum=2, maximum=200),
        Param("n_samples", 5000, "number of input samples T (one update each)", 10, 200_000),
        Param("eta", 0.02, "initial learning rate (gain)", minimum=1e-5, maximum=0.5),
        Param("t_half", 500.0, "samples until the gain has halved", minimum=1.0, maximum=1e7),
        Param(
            "spectrum_ratio",
            0.5,
            "ratio of successive covariance eigenvalues (smaller = easier)",
            minimum=0.01,
            maximum=0.99,
        ),
        Param("variant", "oja", "Oja's rule, or a mutant (hebb, anti-hebbian)", choices=VARIANTS),
    ],
    plot=plot,
    equations=[
        "y = \\sum_i w_i x_i",
        "\\Delta w_i = \\eta_t\\, y\\,(x_i - y\\, w_i), \\qquad \\eta_t = \\frac{\\eta}{1 + t/t_{1/2}}",
    ],
    reproduces="Convergence to the unit-norm first principal component (Oja 1982): |cos| 0.9982-0.9998 and norm within 0.0005 of 1 over seeds 0-5.",
    limits="One neuron and the first component only; Gaussian zero-mean inputs.",
    summary="Stochastic Oja update on Gaussian inputs, compared with NumPy's eigensolver.",
)
def run(
    seed: int,
    n_inputs: int,
    n_samples: int,
    eta: float,
    t_half: float,
    spectrum_ratio: float,
    variant: str,
) -> Result:
    rng = np.random.default_rng(seed)
    C, _ = random_covariance(rng, n_inputs, spectrum_ratio)
    X = rng.multivariate_normal(np.zeros(n_inputs), C, size=n_samples)  # (T, n)
    w0 = rng.standard_normal(n_inputs) * 0.1  # small random start, (n,)
    W = oja(X, w0, eta, t_half, variant)  # (T + 1, n)

    lambdas, V = principal_components(X)
    v1, v2 = V[:, 0], V[:, 1]
    norm_w = np.linalg.norm(W, axis=1)  # (T + 1,)
    with np.errstate(invalid="ignore", over="ignore"):
        abs_cos = np.abs(W @ v1) / np.maximum(norm_w, 1e-300)  # (T + 1,)
    claim_holds = bool(abs(norm_w[-1] - 1.0) < 0.02 and abs_cos[-1] > 0.995)
    return Result(
        metrics={
            "final_norm": float(norm_w[-1]),
            "final_abs_cos": float(abs_cos[-1]),
            "lambda_1": float(lambdas[0]),
            "claim_holds": claim_holds,
        },
        arrays={
            "w": W[-1],
            "v1": v1,
            "norm_w": norm_w,
            "abs_cos": abs_cos,
            "W_pc": np.stack([W @ v1, W @ v2], axis=1),  # (T + 1, 2)
            "X_pc": np.stack([X[:1000] @ v1, X[:1000] @ v2], axis=1),  # (<=1000, 2)
        },
    )
