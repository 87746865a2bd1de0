r"""SuperSpike: a spiking neuron learns a target spike train with a surrogate-gradient rule.

Paper: Friedemann Zenke and Surya Ganguli (2018), "SuperSpike: Supervised learning in
multilayer spiking neural networks", *Neural Computation* 30(6), 1514-1541.
doi:10.1162/neco_a_01086 (preprint arXiv:1705.11146, 2017).

A spike train is not a differentiable function of the weights, so the gradient of a spike
timing loss does not exist.  SuperSpike keeps the exact forward dynamics (a leaky
integrate-and-fire neuron with current-based synapses) and replaces, only in the learning
rule, the derivative of the spike train with respect to the membrane potential by a smooth
surrogate $\sigma'(U)$ peaked at the threshold.  The loss is the van Rossum distance between
the output $S_i$ and the target $\hat{S}_i$, both filtered by a double-exponential kernel
$\alpha$:

$$
L = \frac{1}{2} \int \Big[ \big(\alpha * (\hat{S}_i - S_i)\big)(s) \Big]^2 \mathrm{d}s
$$

Its surrogate gradient gives the paper's three-factor SuperSpike rule: the weight change,
the error signal, the eligibility trace and the surrogate derivative,

$$
\begin{aligned}
\frac{\mathrm{d}w_{ij}}{\mathrm{d}t} &= r \int_{-\infty}^t \mathrm{d}s\; e_i(s)\, \lambda_{ij}(s) \\
e_i &= \alpha * (\hat{S}_i - S_i) \\
\lambda_{ij} &= \alpha * \big( \sigma'(U_i)\, (\epsilon * S_j) \big) \\
\sigma'(U) &= \big(1 + |\beta\, (U - \theta)|\big)^{-2}
\end{aligned}
$$

$\epsilon * S_j$ is the postsynaptic potential trace of input $j$ (the causal kernel of a
current-based synapse, time constant ``tau_syn``, seen through the membrane, ``tau_mem``).
As in the paper (and the authors' code), the learning rate is normalised per parameter,
RMSprop-like, with a running maximum of the squared gradient:
$v_{ij} \leftarrow \max(\gamma v_{ij}, g_{ij}^2)$,
$w_{ij} \leftarrow w_{ij} + r\, g_{ij} / (\sqrt{v_{ij}} + \varepsilon)$ where $g_{ij}$ is
the rule integrated over one trial; weights change once per trial.  Our schedule:
$r = r_0$ (``r0``), cut tenfold for the last fifth of training so that spike times settle.
Constants follow the authors' simulation code: $\tau_\text{mem} = 10$ ms,
$\tau_\text{syn} = 5$ ms, $\beta = 1/\text{mV}$, and $\alpha$ with the rise and decay of
$\epsilon$ ($\tau_\text{syn}$, $\tau_\text{mem}$).

The neuron (units: ms, mV) is written in its integrated, spike-response form, which is exact
for a LIF neuron with current-based synapses and reset by subtraction of
$\theta - U_\text{rest}$:

$$
U_i(t) = U_\text{rest} + \sum_j w_{ij}\, (\epsilon * S_j)(t)
- (\theta - U_\text{rest}) \sum_{t_k < t} e^{-(t - t_k - \Delta t) / \tau_\text{mem}}
$$

(the reset is felt in full one step after the spike at $t_k$), so the input part is one
matrix product over all time steps, and only the resets are found one spike at a time.
Setup after the paper's Fig. 2 (one neuron, frozen Poisson input, a five-spike target); our
sizes are stated in ``run``.  Limits: one output neuron (no hidden layer, hence no question
of feedback), no refractory period, time step ``dt``; convolutions use the FFT with zero
padding (exactly causal).

Start and claim.  The default starts *silent* (``w_mean`` = 0 mV: no output spike in the
first trial), the hard case: over seeds 0-9 it learns the five target spikes exactly (timing
error <= 3 ms, final distance < 0.5) on 9 of 10 (seed 3 ends with one extra spike).
Starting from ``w_mean`` = 1 mV (14 initial spikes) is easier.  The distance is reported as
it is; an earlier "fell 13,836x" was a ratio against a 1e-3 floor, not a measurement.

Mutation hook: ``variant="sign-flipped"`` (the update climbs the distance) or
``"no-presynaptic"`` (every synapse gets the same change: the input factor $\epsilon * S_j$
of the eligibility is lost); the claim fails for both.  (Replacing $\sigma'(U)$ by a
constant still learns this one-neuron task, so it is not listed as a mutant the test can
catch.)
"""

from __future__ import annotations

import numpy as np

from neurokb.algorithms.base import Param, Result, register

TAU_MEM = 10.0  # ms, membrane time constant
TAU_SYN = 5.0  # ms, synaptic time constant
U_REST = -60.0  # mV
THETA = -50.0  # mV, firing threshold
BETA = 1.0  # 1/mV, steepness of the surrogate derivative
DISTANCE_PLOT_FLOOR = 1e-3  # log axis only: an exact match has distance 0
DISTANCE_MAX = 0.5  # accepted final distance: less than half an isolated spike error


VARIANTS = ("superspike", "sign-flipped", "no-presynaptic")


def double_exponential(t: np.ndarray, tau_rise: float, tau_decay: float) -> np.ndarray:
    """Causal kernel ``exp(-t/tau_decay) - exp(-t/tau_rise)`` scaled to peak 1, at times ``t``."""
    assert tau_decay > tau_rise > 0, "need tau_decay > tau_rise > 0"
    k = np.exp(-t / tau_decay) - np.exp(-t / tau_rise)
    return k / k.max()


def psp_kernel(t: np.ndarray) -> np.ndarray:
    """epsilon(t): membrane response to a unit jump of the synaptic current (peak < 1 mV/mV).

    Solves tau_syn dI/dt = -I, tau_mem dU/dt = -U + I with I(0) = 1, U(0) = 0.
    """
    return TAU_SYN / (TAU_MEM - TAU_SYN) * (np.exp(-t / TAU_MEM) - np.exp(-t / TAU_SYN))


def causal_filter(x: np.ndarray, kernel: np.ndarray) -> np.ndarray:
    """``y[t] = sum_{s <= t} kernel[t - s] x[s]`` along axis 0, for ``x`` (T, ...), kernel (T,)."""
    T = x.shape[0]
    n = 2 * T  # zero padding: linear, not circular, convolution
    spectrum = np.fft.rfft(kernel, n)
    spectrum = spectrum.reshape(spectrum.shape + (1,) * (x.ndim - 1))
    return np.fft.irfft(np.fft.rfft(x, n, axis=0) * spectrum, n, axis=0)[:T]


def simulate(w: np.ndarray, psp: np.ndarray, dt: float) -> tuple[np.ndarray, np.ndarray]:
    """Membrane potential ``U`` (T,) and spike train ``S`` (T,) of the LIF neuron.

    ``w`` (n_in,) in mV; ``psp`` (T, n_in) the input traces ``epsilon * S_j``.
    """
    T = psp.shape[0]
    U = U_REST + psp @ w  # (T,) free membrane potential
    S = np.zeros(T)
    reset = (THETA - U_REST) * np.exp(-np.arange(T) * dt / TAU_MEM)  # (T,) reset kernel
    t = 0
    while True:  # one pass per output spike: find the next crossing, then reset after it
        above = np.flatnonzero(U[t:] >= THETA)
        if above.size == 0:
            return U, S
        k = t + above[0]
        S[k] = 1.0
        U[k + 1 :] -= reset[: T - k - 1]
        t = k + 1


def surrogate_derivative(U: np.ndarray) -> np.ndarray:
    """sigma'(U) = (1 + |beta (U - theta)|)^-2, the fast-sigmoid derivative of the paper."""
    return (1.0 + np.abs(BETA * (U - THETA))) ** -2


def van_rossum_distance(S: np.ndarray, S_hat: np.ndarray, alpha: np.ndarray, dt: float) -> float:
    """``int (alpha * (S_hat - S))^2 dt`` divided by ``int alpha^2 dt``.

    With this normalisation an isolated missing or extra spike costs 1.
    """
    e = causal_filter(S_hat - S, alpha)  # (T,)
    return float(np.sum(e**2) / np.sum(alpha**2))


def eligibility_trace(U: np.ndarray, psp: np.ndarray, alpha: np.ndarray, dt: float) -> np.ndarray:
    """lambda_ij = alpha * (sigma'(U_i) (epsilon * S_j)), (T, n_in): the synapse-local factor."""
    hebb = surrogate_derivative(U)[:, None] * psp  # (T, n_in) sigma'(U_i) (epsilon * S_j)
    return causal_filter(hebb, alpha) * dt


def superspike_gradient(
    S: np.ndarray, S_hat: np.ndarray, U: np.ndarray, psp: np.ndarray, alpha: np.ndarray, dt: float
) -> np.ndarray:
    """The SuperSpike rule integrated over one trial, ``g_j = int e(t) lambda_j(t) dt`` (n_in,).

    Filtering every synapse's trace costs one long convolution per input.  Over a whole trial
    the same number follows from filtering the error once, backwards in time:
    ``int e (alpha * h_j) dt = int h_j (alpha (*) e) dt`` with ``(alpha (*) e)(s) =
    int_{t >= s} alpha(t - s) e(t) dt`` (a test checks it against :func:`eligibility_trace`).
    """
    e = causal_filter(S_hat - S, alpha)  # (T,) error signal e_i
    e_back = causal_filter(e[::-1], alpha)[::-1] * dt  # (T,) alpha correlated with e
    hebb = surrogate_derivative(U)[:, None] * psp  # (T, n_in)
    return (e_back @ hebb) * dt  # (n_in,)


def train(
    w0: np.ndarray,
    S_in: np.ndarray,
    S_hat: np.ndarray,
    dt: float,
    n_trials: int,
    r0: float,
    gamma: float = 0.98,
    variant: str = "superspike",
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Repeat the frozen input for ``n_trials`` trials, applying the rule after each.

    ``S_in`` (T, n_in) input spikes, ``S_hat`` (T,) target.  Returns the final weights
    (n_in,), the van Rossum distance of each trial (n_trials + 1,), the output spike trains
    of all trials (n_trials + 1, T) and the final membrane potential (T,).
    """
    T = S_in.shape[0]
    assert S_hat.shape == (T,), f"target must have shape ({T},)"
    assert r0 > 0 and 0 < gamma < 1, "need r0 > 0 and 0 < gamma < 1"
    t = np.arange(T) * dt
    psp = causal_filter(S_in, psp_kernel(t))  # (T, n_in) epsilon * S_j, fixed (frozen input)
    alpha = double_exponential(t, TAU_SYN, TAU_MEM)  # (T,) error / eligibility kernel
    w = w0.copy()
    v = np.zeros_like(w)  # running max of squared gradients
    distances = np.empty(n_trials + 1)
    outputs = np.zeros((n_trials + 1, T), dtype=bool)
    for trial in range(n_trials + 1):
        U, S = simulate(w, psp, dt)
        distances[trial] = van_rossum_distance(S, S_hat, alpha, dt)
        outputs[trial] = S > 0
        if trial == n_trials:
            return w, distances, outputs, U
        g = superspike_gradient(S, S_hat, U, psp, alpha, dt)
        if variant == "sign-flipped":  # mutant: climbs the distance
            g = -g
        elif variant == "no-presynaptic":  # mutant: the Hebbian term lost its input factor
            g = np.full_like(g, g.mean())
        v = np.maximum(gamma * v, g**2)
        r = r0 if trial < 0.8 * n_trials else 0.1 * r0  # a late tenfold cut lets times settle
        w += r * g / (np.sqrt(v) + 1e-12)  # per-parameter learning-rate normalisation
    raise AssertionError("unreachable")


def timing_error(S: np.ndarray, S_hat: np.ndarray, dt: float) -> float:
    """Largest distance (ms) from a target spike to the nearest output spike.

    A silent neuron scores the trial length, so the value is always finite.
    """
    t_out, t_hat = np.flatnonzero(S) * dt, np.flatnonzero(S_hat) * dt
    if t_out.size == 0:
        return len(S) * dt
    return float(np.max(np.min(np.abs(t_hat[:, None] - t_out[None, :]), axis=1)))


def plot(result: Result, fig) -> None:
    """Output spikes across training, the trained membrane potential, and the loss."""
    a, m = result.arrays, result.metrics
    dt = m["dt_ms"]
    ax_raster, ax_U, ax_loss = fig.subplots(1, 3, width_ratios=[1.1, 1.1, 1])
    t_hat = a["target_times_ms"]
    trials, steps = np.nonzero(a["output_spikes"])
    ax_raster.scatter(steps * dt, trials, s=1, color="k", marker="|", linewidths=0.6)
    for t in t_hat:
        ax_raster.axvline(t, color="C3", lw=0.8, alpha=0.6)
    ax_raster.set_xlabel("time in trial (ms)")
    ax_raster.set_ylabel("training trial")
    ax_raster.set_title("Output spikes (red: target)")

    t = np.arange(len(a["U_final"])) * dt
    ax_U.plot(t, a["U_final"], lw=0.7, color="C0")
    ax_U.axhline(THETA, color="0.5", ls="--", lw=0.8)
    ax_U.plot(t_hat, np.full(len(t_hat), THETA + 3), "v", color="C3", ms=5, label="target")
    t_out = np.flatnonzero(a["output_spikes"][-1]) * dt
    ax_U.plot(t_out, np.full(len(t_out), THETA + 1), "|", color="k", ms=8, label="output")
    ax_U.set_xlabel("time (ms)")
    ax_U.set_ylabel("membrane potential U (mV)")
    ax_U.set_title("After training")
    ax_U.legend(loc="lower right", fontsize="small")

    D = a["distance"]
    ax_loss.semilogy(np.arange(len(D)), np.maximum(D, DISTANCE_PLOT_FLOOR), color="C2")
    ax_loss.set_xlabel("training trial")
    ax_loss.set_ylabel("van Rossum distance (spikes)")
    ax_loss.set_title(f"Distance {m['distance_initial']:.1f} → {m['distance_final']:.2f} spikes")


@register(
    name="superspike",
    title="SuperSpike: surrogate-gradient learning of precise spike times",
    papers=["zenke2018superspike"],
    topic="spiking-neural-networks",
    claim=(
        "A leaky integrate-and-fire neuron trained with the SuperSpike three-factor rule on "
        "frozen Poisson input learns to emit a five-spike target train: the van Rossum "
        "distance falls at least tenfold and each output spike lands within 3 ms of its target."
    ),
    params=[
        Param("n_inputs", 200, "number of Poisson input neurons", minimum=1, maximum=2000),
        Param("rate_hz", 10.0, "input firing rate (Hz)", minimum=0.1, maximum=200.0),
        Param("duration_ms", 500.0, "trial length (ms)", minimum=50.0, maximum=5000.0),
        Param("dt_ms", 0.5, "time step (ms)", minimum=0.05, maximum=2.0),
        Param("n_target_spikes", 5, "equidistant target spikes per trial", minimum=1, maximum=50),
        Param("n_trials", 1000, "training trials (one weight update each)", 1, 100_000),
        Param("r0", 0.05, "base learning rate (mV per normalised step)", minimum=1e-5, maximum=1.0),
        Param(
            "w_mean", 0.0, "mean initial weight (mV); 0 starts silent", minimum=-5.0, maximum=5.0
        ),
        Param("variant", "superspike", "the paper's rule, or a mutant", choices=VARIANTS),
    ],
    plot=plot,
    equations=[
        "U_i(t) = U_\\mathrm{rest} + \\sum_j w_{ij}\\,(\\epsilon * S_j)(t) - (\\vartheta - U_\\mathrm{rest}) \\sum_{t_k < t} e^{-(t - t_k - dt)/\\tau_\\mathrm{mem}}",
        "e_i = \\alpha * (\\hat S_i - S_i), \\qquad \\lambda_{ij} = \\alpha * \\big(\\sigma'(U_i)\\,(\\epsilon * S_j)\\big)",
        "\\sigma'(U) = \\big(1 + |\\beta (U - \\vartheta)|\\big)^{-2}, \\qquad \\Delta w_{ij} \\propto \\int e_i\\, \\lambda_{ij}\\, dt",
    ],
    reproduces="A LIF neuron learns a five-spike target from a silent start on 9 of 10 seeds (Zenke & Ganguli 2018, Fig. 2 setting).",
    limits="One output neuron, no hidden layer; seed 3 of 0-9 ends with one extra spike.",
    summary="One LIF neuron, frozen Poisson input, per-trial SuperSpike updates (RMS-max scaled).",
)
def run(
    seed: int,
    n_inputs: int,
    rate_hz: float,
    duration_ms: float,
    dt_ms: float,
    n_target_spikes: int,
    n_trials: int,
    r0: float,
    w_mean: float,
    variant: str,
) -> Result:
    rng = np.random.default_rng(seed)
    T = round(duration_ms / dt_ms)
    assert n_target_spikes < T, "more target spikes than time steps"
    S_in = (rng.random((T, n_inputs)) < rate_hz * 1e-3 * dt_ms).astype(float)  # (T, n_in)
    S_hat = np.zeros(T)  # (T,) target: equidistant spikes
    S_hat[((np.arange(n_target_spikes) + 0.5) * T / n_target_spikes).astype(int)] = 1.0
    w0 = w_mean + 0.7 * rng.standard_normal(n_inputs)  # (n_in,) mV

    w, D, outputs, U = train(w0, S_in, S_hat, dt_ms, n_trials, r0, variant=variant)
    S_final = outputs[-1].astype(float)
    jitter = timing_error(S_final, S_hat, dt_ms)
    n_out = int(S_final.sum())
    claim = bool(D[-1] < DISTANCE_MAX and n_out == n_target_spikes and jitter <= 3.0)
    return Result(
        metrics={
            "distance_initial": float(D[0]),
            "distance_final": float(D[-1]),
            "n_output_spikes_initial": int(outputs[0].sum()),
            "n_output_spikes_final": n_out,
            "max_timing_error_ms": jitter,
            "dt_ms": dt_ms,
            "claim_holds": claim,
        },
        arrays={
            "distance": D,
            "output_spikes": outputs,
            "U_final": U,
            "target_times_ms": np.flatnonzero(S_hat) * dt_ms,
            "w_initial": w0,
            "w_final": w,
        },
    )
