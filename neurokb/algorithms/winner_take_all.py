r"""Winner-take-all: self-excitation plus lateral inhibition selects the largest input.

Paper: Wolfgang Maass (2000), "On the computational power of winner-take-all",
*Neural Computation* 12(11), 2519-2535. doi:10.1162/089976600300014827

Maass defines the hard winner-take-all gate $\mathrm{WTA}_n$ (Section 1): for inputs
$x_1, \ldots, x_n$, output $b_i = 1$ if $x_i > x_j$ for all $j \ne i$ and $b_i = 0$ if some
$x_j > x_i$; and proves that this one competitive operation is computationally strong (a
single soft-WTA layer approximates any continuous function).  The paper is about what WTA
computes, not about a circuit; the circuit here is the textbook recurrent rate model that
implements it (threshold-linear units with self-excitation $\alpha$ and lateral inhibition
$\beta$, ``alpha`` and ``beta``, as in Hahnloser et al., Nature 2000):

$$
\tau \frac{\mathrm{d}u_i}{\mathrm{d}t} = -u_i + \Big[ I_i + \alpha u_i - \beta \sum_{j \ne i} u_j \Big]_+
\tag{E1}
$$

Analysis of (E1) (ours, elementary):

- single-winner fixed point: $u_k = I_k / (1 - \alpha)$, $u_j = 0$ for $j \ne k$; it needs
  $\alpha < 1$ (else activity explodes) and $I_j < \beta u_k$ for the losers to stay silent;
- two active units $i, k$ obey
  $\tau\, \mathrm{d}(u_k - u_i)/\mathrm{d}t = (\alpha + \beta - 1)(u_k - u_i) + (I_k - I_i)$,
  so for $\alpha + \beta > 1$ any difference grows: coexistence is unstable, and from
  $u(0) = 0$ the unit with the larger input stays ahead and silences the rest.

The time to decide grows like $\log(1 / m)$, $m$ the ``margin``, as the top two inputs
approach each other, which is why the claim is stated for inputs separated by a margin.

Integration: forward Euler with step ``dt`` (in units of $\tau$); limits are asserted in
``run``.

Mutation hook: the parameters themselves.  ``beta=0.2`` ($\alpha + \beta < 1$, inhibition too
weak to make coexistence unstable) and ``beta=0`` (no lateral inhibition) are the plausible
wrong circuits; with either, several units stay active and the claim fails.
"""

from __future__ import annotations

import numpy as np

from neurokb.algorithms.base import Param, Result, register


def simulate(
    I_ext: np.ndarray, alpha: float, beta: float, dt: float, n_steps: int, record_every: int = 0
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Integrate (E1) from u = 0 for inputs ``I_ext`` (B, n), time in units of tau.

    Returns the final rates ``u`` (B, n); the decision time (B,), after which at most one
    unit per input still has positive drive; and, if ``record_every`` > 0, the trajectory of
    the first input every ``record_every`` steps, (n_steps // record_every + 1, n).
    """
    assert 0 < dt <= 0.5, f"dt = {dt} (in units of tau) is too coarse for Euler steps"
    B, n = I_ext.shape
    u = np.zeros((B, n))  # (B, n)
    last_shared = np.zeros(B, dtype=int)  # (B,) last step with two or more driven units
    trace = [u[0].copy()] if record_every else []
    for step in range(1, n_steps + 1):
        inhibition = beta * (u.sum(axis=1, keepdims=True) - u)  # (B, n): beta sum_{j != i} u_j
        drive = np.maximum(I_ext + alpha * u - inhibition, 0.0)  # [.]_+ of (E1)
        u = u + dt * (-u + drive)  # (E1), tau = 1
        last_shared = np.where((drive > 0).sum(axis=1) > 1, step, last_shared)
        if record_every and step % record_every == 0:
            trace.append(u[0].copy())
    return u, last_shared * dt, np.array(trace).reshape(-1, n)


def selects_argmax(u: np.ndarray, I_ext: np.ndarray, alpha: float, rtol: float) -> np.ndarray:
    """Whether each steady state (B, n) is the WTA answer for its input (B, n): (B,) bool.

    The argmax unit must sit at its analytic fixed point I_k / (1 - alpha) within ``rtol``
    and every other unit must be below ``rtol`` times that value.
    """
    k = np.argmax(I_ext, axis=1)  # (B,)
    rows = np.arange(len(u))
    u_star = I_ext[rows, k] / (1.0 - alpha)  # (B,) analytic winner rate
    winner_ok = np.abs(u[rows, k] - u_star) <= rtol * u_star
    losers = u.copy()
    losers[rows, k] = 0.0
    return winner_ok & (losers.max(axis=1) <= rtol * u_star)


def top_two_gap(I_ext: np.ndarray) -> np.ndarray:
    """Difference between the largest and second-largest input, (B,)."""
    top = np.sort(I_ext, axis=1)
    return top[:, -1] - top[:, -2]


def plot(result: Result, fig) -> None:
    """Example trajectory, inputs versus steady state, and success against the input margin."""
    a, m = result.arrays, result.metrics
    ax_t, ax_ss, ax_gap = fig.subplots(1, 3)
    t = np.arange(len(a["trace"])) * m["dt"] * m["record_every"]
    k = int(np.argmax(a["example_input"]))
    for i, ui in enumerate(a["trace"].T):
        ax_t.plot(t, ui, color="C3" if i == k else "0.6", lw=2 if i == k else 0.8)
    u_star = a["example_input"][k] / (1.0 - m["alpha"])
    ax_t.axhline(u_star, color="k", ls="--", lw=0.8, label=r"$I_k/(1-\alpha)$")
    ax_t.legend(fontsize="small", loc="center right")
    ax_t.set_xlabel(r"time ($\tau$)")
    ax_t.set_ylabel("rate $u_i$")
    ax_t.set_title("One input: the argmax unit wins")

    n = len(a["example_input"])
    idx = np.arange(n)
    ax_ss.bar(idx - 0.2, a["example_input"], width=0.4, color="C0", label="input $I_i$")
    ax_ss.bar(idx + 0.2, a["example_steady"], width=0.4, color="C3", label="steady $u_i$")
    ax_ss.set_xlabel("unit i")
    ax_ss.set_ylabel("value")
    ax_ss.set_title("Input vs steady state")
    ax_ss.legend(fontsize="small")

    gap, t_decide = a["gap"], a["decision_time"]
    ok = a["correct"]
    ax_gap.scatter(gap[ok], t_decide[ok], s=4, color="C0", alpha=0.5, label="argmax wins")
    if not ok.all():
        ax_gap.scatter(gap[~ok], t_decide[~ok], s=8, color="C3", label="wrong / undecided")
    # (E1) predicts d(u_k - u_j) grows like exp((alpha + beta - 1) t): t ~ ln(1/gap) / rate
    rate = m["alpha"] + m["beta"] - 1.0
    if rate > 0:
        g = np.geomspace(gap.min(), gap.max(), 50)
        offset = np.median(t_decide - np.log(1.0 / gap) / rate)
        ax_gap.plot(g, np.log(1.0 / g) / rate + offset, "k--", lw=1, label="slope 1/(α+β−1)")
    ax_gap.axvline(m["margin"], color="C1", ls=":", lw=1, label=f"margin {m['margin']}")
    ax_gap.set_xscale("log")
    ax_gap.set_xlabel("gap between top two inputs")
    ax_gap.set_ylabel(r"decision time ($\tau$)")
    ax_gap.set_title(f"{m['n_trials']} random inputs")
    ax_gap.legend(fontsize="x-small", loc="upper right")


@register(
    name="winner-take-all",
    title="Winner-take-all by recurrent excitation and lateral inhibition",
    papers=["maass2000computational", "hahnloser2000digital"],
    topic="winner-take-all",
    claim=(
        "With self-excitation alpha < 1 and lateral inhibition beta > 1 - alpha, the rate "
        "circuit computes Maass's WTA_n: from rest, only the unit with the largest input "
        "stays active, at u = I/(1 - alpha), for inputs whose top two differ by a margin."
    ),
    params=[
        Param("n_units", 10, "number of competing units n", minimum=2, maximum=1000),
        Param("alpha", 0.5, "self-excitation (< 1)", minimum=0.0, maximum=0.99),
        Param("beta", 1.0, "lateral inhibition (> 1 - alpha for a single winner)", 0.0, 10.0),
        Param("n_trials", 2000, "random input vectors", minimum=10, maximum=100_000),
        Param("margin", 0.01, "top-two input gap for which the claim is checked", 1e-6, 1.0),
        Param("t_max", 60.0, "simulated time in units of tau", minimum=1.0, maximum=10_000.0),
        Param("dt", 0.05, "Euler step in units of tau", minimum=0.001, maximum=0.5),
    ],
    plot=plot,
    equations=[
        "\\tau \\dot u_i = -u_i + \\Big[I_i + \\alpha u_i - \\beta \\sum_{j \\ne i} u_j\\Big]_+",
        "u_k^* = \\frac{I_k}{1 - \\alpha}, \\qquad \\alpha + \\beta > 1 \\Rightarrow \\text{coexistence unstable}",
    ],
    reproduces="A threshold-linear circuit with self-excitation and lateral inhibition selects the largest input whenever the top two differ by a margin (Maass 2000; circuit after Hahnloser et al. 2000).",
    limits="Rate model only; Hahnloser et al.'s silicon circuit and its analogue amplification are not modelled.",
    summary="Rate-model WTA on random inputs, checked against the analytic winner state.",
)
def run(
    seed: int,
    n_units: int,
    alpha: float,
    beta: float,
    n_trials: int,
    margin: float,
    t_max: float,
    dt: float,
) -> Result:
    assert alpha < 1.0, f"alpha = {alpha} >= 1 lets the winner grow without bound"
    rng = np.random.default_rng(seed)
    I_ext = rng.uniform(0.5, 1.5, size=(n_trials, n_units))  # (B, n) positive inputs
    n_steps = round(t_max / dt)
    record_every = max(1, n_steps // 400)
    u, decision_time, trace = simulate(I_ext, alpha, beta, dt, n_steps, record_every)
    correct = selects_argmax(u, I_ext, alpha, rtol=1e-3)  # (B,)
    gap = top_two_gap(I_ext)  # (B,)
    separated = gap >= margin
    accuracy = float(correct[separated].mean()) if separated.any() else float("nan")
    return Result(
        metrics={
            "accuracy_separated": accuracy,
            "n_separated": int(separated.sum()),
            "accuracy_all": float(correct.mean()),
            "margin": margin,
            "n_trials": n_trials,
            "alpha": alpha,
            "beta": beta,
            "max_decision_time_separated": float(decision_time[separated].max(initial=0.0)),
            "dt": dt,
            "record_every": record_every,
            "claim_holds": bool(accuracy == 1.0),
        },
        arrays={
            "example_input": I_ext[0],
            "example_steady": u[0],
            "trace": trace,
            "gap": gap,
            "decision_time": decision_time,
            "correct": correct,
        },
    )
