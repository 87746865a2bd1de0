r"""The Baldwin effect: learning guides evolution towards an innate solution.

Paper: Geoffrey E. Hinton and Steven J. Nowlan (1987), "How learning can guide evolution",
*Complex Systems* 1(3), 495-502.  (No DOI; the journal's 1987 volume predates them.)

A "needle in a haystack" fitness landscape: a neural circuit with 20 connections is useful
only if every connection is right.  Evolution alone cannot find it: a random genome is right
with probability $\sim 10^{-12}$ and a near miss earns nothing.  Hinton and Nowlan let some
connections be *plastic*: an individual may guess those during its lifetime, and one that
finds the circuit sooner is fitter.  Now a genome that is partly right is rewarded in
proportion to how easily the rest can be learned, the landscape around the needle becomes a
smooth hill, and selection pushes correct alleles up.  Learning is Lamarck-free: nothing
learned is inherited, yet it changes what selection sees (Baldwin 1896).

The simulation, with the paper's numbers:

- genome: 20 loci, alleles 1 (correct), 0 (incorrect), ? (plastic); initial probabilities
  0.25, 0.25, 0.5;
- lifetime: up to 1000 trials; each trial sets every ? to 0 or 1 at random;
- fitness (E1), with $n$ the trials left after the circuit is found ($n = 0$ if it never
  is, e.g. whenever a locus holds an incorrect allele):

$$
\text{fitness} = 1 + \frac{19\, n}{1000}
$$

- mating: 1000 offspring per generation; both parents drawn with probability proportional
  to fitness; one crossover point.

We draw the trial on which the circuit is found instead of simulating each guess: with $q$
plastic loci every trial succeeds independently with probability $2^{-q}$, so the first
success is a geometric variable, $k \sim \mathrm{Geom}(2^{-q})$, and $n = 1000 - k$ if
$k \le 1000$.  This is exact, not an approximation, and makes a generation a handful of
NumPy calls.

The paper's Fig. 2 shows incorrect alleles vanishing, correct ones rising, and plastic ones
declining slowly but persisting: once only a few ? remain they cost few trials, so the
pressure to replace them fades.  The no-learning control treats ? as a connection that is
never made: fitness is 20 only for a perfect genome, and the needle is essentially never hit.

Mutation hook: ``variant="no-learning"`` (the plastic alleles are never set by learning) or
``"one-trial"`` (a single learning trial per lifetime, so learning almost never finds the
circuit); with either, the correct alleles do not take over and the claim fails.
"""

from __future__ import annotations

import numpy as np

from neurokb.algorithms.base import Param, Result, register

INCORRECT, CORRECT, PLASTIC = 0, 1, 2  # allele codes; ? is PLASTIC


def random_population(
    rng: np.random.Generator, size: int, n_loci: int, p_correct: float, p_plastic: float
) -> np.ndarray:
    """Genomes (size, n_loci) of allele codes with the paper's initial probabilities."""
    assert min(p_correct, p_plastic) >= 0 and p_correct + p_plastic <= 1, "bad probabilities"
    p = [1.0 - p_correct - p_plastic, p_correct, p_plastic]  # incorrect, correct, plastic
    return rng.choice(3, p=p, size=(size, n_loci)).astype(np.int8)


def fitness(
    rng: np.random.Generator, genomes: np.ndarray, n_trials: int, learning: bool
) -> np.ndarray:
    """(E1) for each genome (P, L): returns fitness (P,) from one sampled lifetime each."""
    any_incorrect = np.any(genomes == INCORRECT, axis=1)  # (P,) can never find the circuit
    q = np.sum(genomes == PLASTIC, axis=1)  # (P,) loci to guess
    if not learning:
        perfect = ~any_incorrect & (q == 0)
        return np.where(perfect, 20.0, 1.0)
    k = rng.geometric(2.0 ** -q.astype(float))  # (P,) trial of first success, >= 1
    found = ~any_incorrect & (k <= n_trials)
    n = np.where(found, n_trials - k, 0)  # trials left
    return 1.0 + 19.0 * n / n_trials  # (E1)


def next_generation(rng: np.random.Generator, genomes: np.ndarray, fit: np.ndarray) -> np.ndarray:
    """Fitness-proportional mating with one crossover point; returns offspring (P, L)."""
    P, L = genomes.shape
    p = fit / fit.sum()
    mother = genomes[rng.choice(P, p=p, size=P)]  # (P, L)
    father = genomes[rng.choice(P, p=p, size=P)]
    cut = rng.integers(1, L, size=P)  # (P,) crossover point: loci < cut from the mother
    from_mother = np.arange(L)[None, :] < cut[:, None]  # (P, L)
    return np.where(from_mother, mother, father)


def evolve(
    rng: np.random.Generator,
    n_generations: int,
    population: int,
    n_loci: int,
    n_trials: int,
    learning: bool,
) -> tuple[np.ndarray, np.ndarray]:
    """Run the simulation; returns allele frequencies (G + 1, 3) and mean fitness (G + 1,).

    Frequencies are indexed by allele code: [:, INCORRECT], [:, CORRECT], [:, PLASTIC].
    """
    genomes = random_population(rng, population, n_loci, p_correct=0.25, p_plastic=0.5)
    freqs, mean_fit = [], []
    for generation in range(n_generations + 1):
        freqs.append(np.bincount(genomes.ravel(), minlength=3) / genomes.size)
        fit = fitness(rng, genomes, n_trials, learning)
        mean_fit.append(fit.mean())
        if generation < n_generations:
            genomes = next_generation(rng, genomes, fit)
    return np.array(freqs), np.array(mean_fit)


def plot(result: Result, fig) -> None:
    """Left: allele frequencies with learning (cf. the paper's Fig. 2); right: mean fitness."""
    a = result.arrays
    ax_freq, ax_fit = fig.subplots(1, 2)
    freqs = a["freqs"]
    gens = np.arange(len(freqs))
    ax_freq.plot(gens, freqs[:, CORRECT], color="C2", label="correct (1)")
    ax_freq.plot(gens, freqs[:, PLASTIC], color="C0", label="plastic (?)")
    ax_freq.plot(gens, freqs[:, INCORRECT], color="C3", label="incorrect (0)")
    ax_freq.set_ylim(0, 1)
    ax_freq.set_xlabel("generation")
    ax_freq.set_ylabel("allele frequency")
    ax_freq.set_title("With learning: correct alleles spread")
    ax_freq.legend(fontsize="small")

    ax_fit.plot(gens, a["mean_fitness"], color="C1", label="with learning")
    ax_fit.plot(gens, a["mean_fitness_no_learning"], color="0.5", ls="--", label="no learning")
    ax_fit.set_ylim(0, 20.5)
    ax_fit.set_xlabel("generation")
    ax_fit.set_ylabel("mean fitness (max 20)")
    ax_fit.set_title("Learning smooths the needle in a haystack")
    ax_fit.legend(fontsize="small")


VARIANTS = ("learning", "no-learning", "one-trial")


@register(
    name="baldwin-effect",
    title="The Baldwin effect (Hinton & Nowlan 1987)",
    papers=["hinton1987learning"],
    topic="evolution-and-learning",
    claim=(
        "With lifetime learning, selection on a needle-in-a-haystack landscape drives "
        "incorrect alleles out and correct ones up, while some plastic alleles persist; "
        "without learning the needle is essentially never found."
    ),
    params=[
        Param("n_generations", 50, "generations", minimum=1, maximum=1000),
        Param("population", 1000, "individuals per generation", minimum=10, maximum=100_000),
        Param("n_loci", 20, "loci (connections) in the genome", minimum=2, maximum=64),
        Param("n_trials", 1000, "learning trials per lifetime", minimum=1, maximum=1_000_000),
        Param("variant", "learning", "the paper's model, or a mutant", choices=VARIANTS),
    ],
    plot=plot,
    equations=[
        "f = 1 + 19\\, \\frac{n}{1000}\\quad (n = \\text{trials left after finding the circuit})",
        "P(\\text{guess right in one trial}) = 2^{-q}, \\quad q = \\#\\text{plastic alleles}",
    ],
    reproduces="Learning guides evolution: correct alleles take over and incorrect ones vanish, while plastic alleles persist (Hinton & Nowlan 1987).",
    limits="The '?' (plastic) alleles plateau instead of being fully replaced, as in the paper's own figure; no mutation.",
    summary="Hinton & Nowlan's 20-locus simulation with exact geometric learning times.",
)
def run(
    seed: int,
    n_generations: int,
    population: int,
    n_loci: int,
    n_trials: int,
    variant: str,
) -> Result:
    rng = np.random.default_rng(seed)
    learning = variant != "no-learning"
    trials = 1 if variant == "one-trial" else n_trials
    freqs, mean_fit = evolve(rng, n_generations, population, n_loci, trials, learning=learning)
    freqs_nl, mean_fit_nl = evolve(rng, n_generations, population, n_loci, n_trials, learning=False)
    final = freqs[-1]
    claim_holds = bool(
        final[CORRECT] > 0.5
        and final[INCORRECT] < 0.02
        and final[PLASTIC] > 0.1
        and mean_fit_nl.max() == 1.0
    )
    return Result(
        metrics={
            "final_correct": float(final[CORRECT]),
            "final_incorrect": float(final[INCORRECT]),
            "final_plastic": float(final[PLASTIC]),
            "final_mean_fitness": float(mean_fit[-1]),
            "needle_found_without_learning": bool(mean_fit_nl.max() > 1.0),
            "claim_holds": claim_holds,
        },
        arrays={
            "freqs": freqs,
            "mean_fitness": mean_fit,
            "freqs_no_learning": freqs_nl,
            "mean_fitness_no_learning": mean_fit_nl,
        },
    )
