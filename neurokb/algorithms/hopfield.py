"""Hopfield network: Hebbian storage, sign dynamics, energy descent and the capacity limit.

Papers:
  J. J. Hopfield (1982), "Neural networks and physical systems with emergent collective
  computational abilities", *PNAS* 79(8), 2554-2558. doi:10.1073/pnas.79.8.2554
  D. J. Amit, H. Gutfreund and H. Sompolinsky (1985), "Storing infinite numbers of patterns
  in a spin-glass model of neural networks", *Physical Review Letters* 55(14), 1530-1533.
  doi:10.1103/PhysRevLett.55.1530

Hopfield stores P binary patterns in the symmetric couplings of N threshold units with a
Hebbian outer-product rule; each stored pattern becomes a fixed point of the dynamics, so a
corrupted cue is completed to the whole memory (content-addressable memory).  Symmetric
couplings make the network descend an energy function, which is why it settles at all.
Hopfield saw recall fail beyond about 0.15 N patterns; Amit, Gutfreund and Sompolinsky
computed the sharp limit for large N, alpha_c = P/N ~ 0.138, where the retrieval states
(overlap m ~ 0.97) disappear.

Hopfield uses 0/1 units V_i; we use spins S_i = 2 V_i - 1 = +/-1 as Amit et al. do, and
zero thresholds.  Equations (numbers as in Hopfield 1982, as we read it):

    (2)  T_ij = sum_s S_i^s S_j^s  (i != j),  T_ii = 0        Hebbian storage
    (1)  S_i <- sign(sum_j T_ij S_j)                          asynchronous: one unit at a time
    (7)  E = -1/2 sum_{i != j} T_ij S_i S_j                   energy, never increases under (1)
         m^mu = (1/N) sum_i xi_i^mu S_i                       overlap with pattern mu

We keep T in integers (stored as exact float64/float32 values) so that E is computed
exactly and the descent can be checked with ``<=`` rather than a tolerance.  A unit whose
field is exactly zero keeps its state; that tie rule keeps E non-increasing.  The
"synchronous" option updates all units at once (Little's dynamics): it can end in a
2-cycle, and E is not guaranteed to fall.

Limits: finite N rounds the transition off: at N = 500 retrieval starts failing near
alpha ~ 0.14 but a fraction of patterns is still recalled up to alpha ~ 0.2, so the
load at which half the recalls fail comes out near 0.16, above the N -> infinity value.
"""

from __future__ import annotations

import numpy as np

from neurokb.algorithms.base import Param, Result, register

ALPHA_C_AGS = 0.138  # Amit, Gutfreund & Sompolinsky (1985), the large-N capacity
RECALLED = 0.95  # overlap counted as a successful recall (AGS retrieval state has m ~ 0.97)


def store(xi: np.ndarray) -> np.ndarray:
    """Hebbian couplings of Eq. (2) for patterns ``xi`` (..., P, N) of +/-1; returns (..., N, N).

    Entries are integers held in float32: exact, because |T_ij| <= P and every local field
    sum_j T_ij S_j is an integer below N * P, far under float32's 2**24.
    """
    P, N = xi.shape[-2:]
    assert N * P < 2**24, f"N * P = {N * P} is too large for exact float32 fields"
    T = np.swapaxes(xi, -1, -2).astype(np.float32) @ xi.astype(np.float32)  # (..., N, N)
    idx = np.arange(N)
    T[..., idx, idx] = 0.0
    return T


def energy(T: np.ndarray, S: np.ndarray) -> np.ndarray:
    """Eq. (7): E = -1/2 S^T T S for states ``S`` (..., K, N); returns exact integers (..., K)."""
    h = (S @ T).astype(np.int64)  # (..., K, N) local fields; T symmetric
    return -(np.sum(h * S.astype(np.int64), axis=-1) // 2)  # S^T T S is even: T_ii = 0, T = T^T


def update_unit(T: np.ndarray, S: np.ndarray, i: int) -> np.ndarray:
    """Eq. (1) for unit ``i`` in place on ``S`` (..., K, N); returns which states changed (..., K)."""
    h = S @ T[..., i, :, None]  # (..., K, 1) local field of unit i (T symmetric: row = column)
    h = h[..., 0]
    new = np.where(h > 0, 1.0, np.where(h < 0, -1.0, S[..., i]))  # h == 0: keep the state
    changed = new != S[..., i]
    S[..., i] = new
    return changed


def recall(
    T: np.ndarray, S0: np.ndarray, rng: np.random.Generator, mode: str, max_sweeps: int
) -> tuple[np.ndarray, int]:
    """Run the dynamics from cues ``S0`` (..., K, N) until nothing changes; returns (S, sweeps).

    ``mode="async"`` visits the N units in a fresh random order each sweep (Eq. 1).
    ``mode="sync"`` sets S <- sign(T S) for all units at once and stops at a fixed point or
    a 2-cycle.  Either stops after ``max_sweeps`` sweeps (N single-unit updates, or one
    synchronous step).
    """
    assert mode in ("async", "sync"), f"mode must be 'async' or 'sync', got {mode!r}"
    S = S0.astype(np.float32).copy()
    N = S.shape[-1]
    previous = S.copy()
    for sweep in range(1, max_sweeps + 1):
        if mode == "async":
            changed = False
            for i in rng.permutation(N):
                changed |= bool(update_unit(T, S, i).any())
            if not changed:
                return S, sweep
        else:
            h = S @ T  # (..., K, N)
            new = np.where(h > 0, 1.0, np.where(h < 0, -1.0, S)).astype(np.float32)
            if np.array_equal(new, S) or np.array_equal(new, previous):
                return new, sweep
            previous, S = S, new
    return S, max_sweeps


def overlaps_at_load(
    rng: np.random.Generator,
    N: int,
    alpha: float,
    n_networks: int,
    n_probes: int,
    cue_noise: float,
    mode: str,
    max_sweeps: int,
) -> np.ndarray:
    """Final overlaps m (n_networks * n_probes,) of recalls cued by corrupted stored patterns.

    Each of ``n_networks`` networks stores P = round(alpha N) random patterns and
    ``n_probes`` of them are cued (cycling through them when P < n_probes) with a fraction
    ``cue_noise`` of bits flipped.
    """
    assert n_networks * N * N <= 2e8, "n_networks * N^2 couplings would not fit in memory"
    P = max(1, round(alpha * N))
    xi = rng.choice(np.array([-1.0, 1.0], dtype=np.float32), size=(n_networks, P, N))
    T = store(xi)  # (R, N, N)
    target = xi[:, np.arange(n_probes) % P]  # (R, K, N), K = n_probes
    flips = rng.random(target.shape) < cue_noise
    S, _ = recall(T, np.where(flips, -target, target), rng, mode, max_sweeps)
    return np.mean(S * target, axis=-1).ravel()  # (R * K,)


def critical_load(alphas: np.ndarray, recalled: np.ndarray) -> float:
    """Load where the fraction of successful recalls first falls below 1/2 (interpolated).

    ``alphas`` (A,) ascending, ``recalled`` (A,) fractions.  Returns ``nan`` if it never falls.
    """
    below = np.flatnonzero(recalled < 0.5)
    if len(below) == 0:
        return float("nan")
    k = below[0]
    if k == 0:
        return float(alphas[0])
    a0, a1, f0, f1 = alphas[k - 1], alphas[k], recalled[k - 1], recalled[k]
    return float(a0 + (f0 - 0.5) * (a1 - a0) / (f0 - f1))


def energy_trace(
    rng: np.random.Generator, N: int, alpha: float, cue_noise: float, n_sweeps: int
) -> np.ndarray:
    """Exact energy (n_sweeps * N + 1,) after each asynchronous update of one recall."""
    P = max(1, round(alpha * N))
    xi = rng.choice(np.array([-1.0, 1.0], dtype=np.float32), size=(P, N))
    T = store(xi)
    S = np.where(rng.random((1, N)) < cue_noise, -xi[:1], xi[:1])  # (1, N)
    E = [energy(T, S)[0]]
    for _ in range(n_sweeps):
        for i in rng.permutation(N):
            update_unit(T, S, i)
            E.append(energy(T, S)[0])
    return np.array(E)


def plot(result: Result, fig) -> None:
    """Left: recall overlap against load with both capacity values; right: energy descent."""
    a, m = result.arrays, result.metrics
    ax_load, ax_energy = fig.subplots(1, 2)
    alphas = a["alphas"]
    M = a["overlaps"]  # (A, trials)
    jitter = np.linspace(-0.004, 0.004, M.shape[1])
    x = (alphas[:, None] + jitter).ravel()
    ax_load.scatter(x, M.ravel(), s=4, color="0.6", alpha=0.5, label="single recalls")
    ax_load.plot(alphas, M.mean(axis=1), "o-", color="C0", ms=3, label="mean overlap m")
    ax_load.plot(alphas, a["recalled"], "s--", color="C2", ms=3, label=f"fraction m ≥ {RECALLED}")
    ax_load.axvline(ALPHA_C_AGS, color="C3", lw=1, label=r"AGS $\alpha_c$ = 0.138")
    if np.isfinite(m["alpha_c_estimate"]):
        label = f"half-recall load {m['alpha_c_estimate']:.3f}"
        ax_load.axvline(m["alpha_c_estimate"], color="C1", ls=":", lw=1.5, label=label)
    ax_load.set_xlabel(r"load $\alpha = P/N$")
    ax_load.set_ylabel("overlap with cued pattern")
    ax_load.set_title(f"Recall collapses near capacity (N = {m['N']})")
    ax_load.legend(fontsize="x-small", loc="lower left")

    for key, color in (("energy_low", "C0"), ("energy_high", "C3")):
        E = a[key] / m["N"] ** 2  # energy of the 1/N-normalised couplings, per unit
        label = rf"$\alpha$ = {m[key.replace('energy', 'alpha')]:.2f}"
        ax_energy.plot(np.arange(len(E)) / m["N"], E, color=color, label=label)
    ax_energy.set_xlabel("asynchronous sweeps (N updates each)")
    ax_energy.set_ylabel("energy E / N")
    ax_energy.set_title("Energy never increases (Eq. 7)")
    ax_energy.legend(fontsize="small")


@register(
    name="hopfield",
    title="Hopfield network: content-addressable memory and its capacity",
    papers=["hopfield1982neural", "amit1985storing"],
    topic="content-addressable-memory",
    claim=(
        "Hebbian couplings make stored patterns attractors of a dynamics that never raises "
        "the energy; recall from a corrupted cue works at low load and collapses near "
        "alpha = P/N ~ 0.14 (AGS: 0.138; Hopfield: ~0.15)."
    ),
    params=[
        Param("N", 500, "number of units", minimum=20, maximum=2000),
        Param("alpha_min", 0.03, "smallest load P/N in the sweep", minimum=0.001, maximum=1.0),
        Param("alpha_max", 0.29, "largest load P/N in the sweep", minimum=0.001, maximum=1.0),
        Param("n_alphas", 14, "number of loads in the sweep", minimum=2, maximum=100),
        Param("n_networks", 4, "independent networks per load", minimum=1, maximum=50),
        Param("n_probes", 10, "patterns cued per network", minimum=1, maximum=1000),
        Param("cue_noise", 0.1, "fraction of cue bits flipped", minimum=0.0, maximum=0.5),
        Param("mode", "async", "update order", choices=("async", "sync")),
        Param("max_sweeps", 20, "sweeps before giving up on convergence", 1, 1000),
    ],
    plot=plot,
    summary="Load sweep of recall overlap in a Hebbian Hopfield net, with exact energy checks.",
)
def run(
    seed: int = 0,
    N: int = 500,
    alpha_min: float = 0.03,
    alpha_max: float = 0.29,
    n_alphas: int = 14,
    n_networks: int = 4,
    n_probes: int = 10,
    cue_noise: float = 0.1,
    mode: str = "async",
    max_sweeps: int = 20,
) -> Result:
    assert alpha_min < alpha_max, f"alpha_min {alpha_min} must be below alpha_max {alpha_max}"
    rng = np.random.default_rng(seed)
    alphas = np.linspace(alpha_min, alpha_max, n_alphas)  # (A,)
    M = np.stack(
        [
            overlaps_at_load(rng, N, a, n_networks, n_probes, cue_noise, mode, max_sweeps)
            for a in alphas
        ]
    )  # (A, n_networks * n_probes)
    recalled = np.mean(M >= RECALLED, axis=1)  # (A,)
    alpha_c = critical_load(alphas, recalled)
    low, high = int(np.argmin(abs(alphas - 0.05))), int(np.argmin(abs(alphas - 0.25)))
    E_low = energy_trace(rng, N, alphas[low], cue_noise, n_sweeps=3)  # (3 N + 1,)
    E_high = energy_trace(rng, N, alphas[high], cue_noise, n_sweeps=3)
    claim_holds = bool(M[low].mean() > 0.95 and M[high].mean() < 0.5 and 0.10 <= alpha_c <= 0.18)
    return Result(
        metrics={
            "N": N,
            "alpha_c_estimate": alpha_c,
            "alpha_low": float(alphas[low]),
            "overlap_low": float(M[low].mean()),
            "alpha_high": float(alphas[high]),
            "overlap_high": float(M[high].mean()),
            "energy_never_rises": bool(
                np.all(np.diff(E_low) <= 0) and np.all(np.diff(E_high) <= 0)
            ),
            "claim_holds": claim_holds,
        },
        arrays={
            "alphas": alphas,
            "overlaps": M,
            "recalled": recalled,
            "energy_low": E_low.astype(float),
            "energy_high": E_high.astype(float),
        },
    )
