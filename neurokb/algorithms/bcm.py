r"""BCM: Hebbian learning with a sliding modification threshold develops selectivity.

Paper: Elie L. Bienenstock, Leon N. Cooper and Paul W. Munro (1982), "Theory for the
development of neuron selectivity: orientation specificity and binocular interaction in
visual cortex", *The Journal of Neuroscience* 2(1), 32-48. doi:10.1523/JNEUROSCI.02-01-00032.1982

In BCM the change of a synapse is the presynaptic activity times a function $\phi$ of the
postsynaptic response $y$ that is negative below a threshold $\theta$ and positive above it;
the threshold slides with a slow time average of the postsynaptic activity.  A neuron that
responds to everything raises its threshold and weakens its weaker responses; one that is
silent lowers it.  The abstract states the result we reproduce: with an environment of two
stimuli presented in random alternation, the state converges to maximum selectivity, a
strong response to one stimulus and none to the other.

The form used here is the common quadratic one ($\phi(y, \theta) = y (y - \theta)$ with
$\theta$ a running average of $y^2$; Intrator & Cooper's later objective-function form of
BCM, which we use because it has a closed-form fixed point; the 1982 paper lets $\theta$ be a
more general increasing function of the averaged activity).  The linear response to the
stimulus shown, the Hebbian term gated by the threshold, and the sliding threshold (faster
than $w$):

$$
y = w \cdot x, \qquad
\Delta w = \eta\, x\, y\, (y - \theta), \qquad
\Delta\theta = \frac{y^2 - \theta}{\tau_\theta}
$$

With $K$ linearly independent stimuli shown with probability $1/K$ each, the selective fixed
point has $y = \theta$ for one stimulus and $y = 0$ for the rest, and
$\theta = E[y^2] = y^2 / K$, so the winning response is exactly $y = K$.  The tests check
both the selectivity and this number.

Mutation hook: ``variant`` = ``fixed-threshold`` ($\theta$ frozen at its initial value),
``hebb`` ($\phi = y$, no threshold) or ``anti`` (the sign of $\phi$ flipped); each fails the
claim.

Limits: one linear neuron and a few discrete stimuli; no orientation maps, binocular
inputs or deprivation experiments.
"""

from __future__ import annotations

import numpy as np

from neurokb.algorithms.base import Param, Result, register

VARIANTS = ("bcm", "fixed-threshold", "hebb", "anti")
SELECTIVITY_MIN = 0.95  # accepted selectivity (observed > 0.999 over seeds 0-4)


def stimuli(rng: np.random.Generator, K: int, overlap: float) -> np.ndarray:
    """K unit-norm, positive stimuli (K, K) with pairwise cosine ``overlap``."""
    G = np.full((K, K), overlap) + (1 - overlap) * np.eye(K)  # Gram matrix
    L = np.linalg.cholesky(G)  # rows have the wanted inner products
    Q, _ = np.linalg.qr(rng.standard_normal((K, K)))
    return L @ Q.T


def bcm(X, order, w0, theta0, eta, tau_theta, variant):
    """Present ``X[order[t]]`` for each t; returns responses (T, K) to every stimulus, theta (T,)."""
    assert variant in VARIANTS, f"unknown variant {variant!r}"
    w, theta = w0.copy(), theta0
    Y = np.empty((len(order), len(X)))
    thetas = np.empty(len(order))
    for t, k in enumerate(order):
        x = X[k]  # (n,)
        y = w @ x
        sign = -1.0 if variant == "anti" else 1.0
        phi = y if variant == "hebb" else sign * y * (y - theta)  # phi(y, theta)
        w = w + eta * phi * x
        if variant != "fixed-threshold":
            theta = theta + (y * y - theta) / tau_theta
        Y[t] = X @ w
        thetas[t] = theta
        if not np.all(np.isfinite(w)) or np.abs(w).max() > 1e6:
            Y[t:], thetas[t:] = np.nan, np.nan
            break
    return Y, thetas


def selectivity(y: np.ndarray) -> float:
    """1 - mean/max of the responses (Bienenstock et al.'s measure): 0 = flat, 1 - 1/K = one."""
    y = np.maximum(y, 0.0)
    if not np.all(np.isfinite(y)) or y.max() <= 0:
        return 0.0
    return float(1.0 - y.mean() / y.max())


def plot(result: Result, fig) -> None:
    """Left: responses to each stimulus and the threshold; right: final responses."""
    a, m = result.arrays, result.metrics
    ax_t, ax_b = fig.subplots(1, 2)
    Y = a["responses"]
    t = np.arange(1, len(Y) + 1)
    for k in range(Y.shape[1]):
        ax_t.plot(t, Y[:, k], lw=1, label=f"y to stimulus {k + 1}")
    ax_t.plot(t, a["theta"], "k--", lw=1, label=r"threshold $\theta$")
    ax_t.axhline(m["K"], color="C3", lw=0.8, ls=":", label=f"fixed point y = K = {m['K']}")
    ax_t.set_xscale("log")
    ax_t.set_xlabel("presentation")
    ax_t.set_ylabel("response")
    ax_t.set_title("Responses and sliding threshold")
    ax_t.legend(fontsize="x-small")
    ax_b.bar(np.arange(1, Y.shape[1] + 1), Y[-1], color="C0")
    ax_b.set_xlabel("stimulus")
    ax_b.set_ylabel("final response")
    ax_b.set_title(f"Selectivity {m['selectivity']:.3f} (max {1 - 1 / m['K']:.2f})")


@register(
    name="bcm",
    title="BCM: a sliding threshold makes a neuron selective",
    papers=["bienenstock1982theory"],
    topic="hebbian-learning",
    claim=(
        "With a modification threshold that slides with the averaged squared response, a "
        "Hebbian neuron shown K stimuli in random alternation ends up responding to exactly "
        "one of them (at y = K, the rule's fixed point) and not to the others."
    ),
    params=[
        Param("K", 2, "number of stimuli (= input dimension)", minimum=2, maximum=20),
        Param("overlap", 0.5, "cosine between stimuli", minimum=0.0, maximum=0.95),
        Param("n_steps", 20000, "stimulus presentations", minimum=100, maximum=1_000_000),
        Param("eta", 0.005, "learning rate of w", minimum=1e-6, maximum=0.5),
        Param("tau_theta", 10.0, "presentations the threshold averages over", 1.0, 1e5),
        Param("variant", "bcm", "the BCM rule, or a mutant", choices=VARIANTS),
    ],
    plot=plot,
    summary="One linear neuron, K stimuli in random order, quadratic BCM rule with a sliding "
    "threshold; selectivity and the fixed-point response checked.",
    equations=[
        r"y = w \cdot x",
        r"\Delta w = \eta\, x\, y\,(y - \theta)",
        r"\Delta\theta = (y^2 - \theta)/\tau_\theta",
        r"\text{selective fixed point: } y_\mathrm{win} = \theta = \mathbb{E}[y^2] "
        r"= y_\mathrm{win}^2 / K \;\Rightarrow\; y_\mathrm{win} = K",
    ],
    reproduces="Convergence to maximum selectivity with two stimuli in random alternation "
    "(Bienenstock et al. 1982); winner's response K from the fixed point, within 5 %.",
    limits="Quadratic phi with theta = <y^2> rather than the paper's general form; no "
    "visual-cortex simulations.",
)
def run(
    seed: int, K: int, overlap: float, n_steps: int, eta: float, tau_theta: float, variant: str
) -> Result:
    rng = np.random.default_rng(seed)
    X = stimuli(rng, K, overlap)  # (K, K)
    y0 = rng.uniform(0.2, 0.6, K)  # weak, positive initial responses to every stimulus
    w0 = np.linalg.solve(X, y0)  # the weights that give them
    order = rng.integers(0, K, n_steps)
    theta0 = float(np.mean((X @ w0) ** 2))
    Y, thetas = bcm(X, order, w0, theta0, eta, tau_theta, variant)
    final = np.nanmean(Y[-n_steps // 10 :], axis=0) if np.all(np.isfinite(Y[-1])) else Y[-1]
    sel = selectivity(final)
    winner = float(np.max(final)) if np.all(np.isfinite(final)) else float("nan")
    others = float(np.sort(final)[-2]) if np.all(np.isfinite(final)) else float("nan")
    return Result(
        metrics={
            "K": K,
            "selectivity": sel,
            "winner_response": winner,
            "runner_up_response": others,
            "claim_holds": bool(
                sel >= SELECTIVITY_MIN * (1 - 1 / K) and abs(winner - K) < 0.05 * K
            ),
        },
        arrays={"responses": Y, "theta": thetas},
    )
