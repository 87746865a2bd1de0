"""Hinton & Nowlan (1987): learning guides evolution on a needle-in-a-haystack landscape.

Claims (Complex Systems 1:495-502, Fig. 2 and text): with learning, incorrect alleles
vanish, correct alleles rise, and some plastic (?) alleles remain after 50 generations;
without learning the single good genome is essentially never found.
Tolerances, for each of 5 seeds: after 50 generations incorrect < 0.02, correct > 0.6
(it starts at 0.25; we see 0.74-0.78, a plateau rather than fixation), plastic between 0.1
and 0.45 (it starts at 0.5); no-learning control never scores above fitness 1.
The geometric shortcut for lifetime learning is checked against its exact expectation and
against a trial-by-trial simulation of the guessing.
"""

from __future__ import annotations

import numpy as np
import pytest

from neurokb.algorithms.baldwin_effect import (
    CORRECT,
    INCORRECT,
    PLASTIC,
    fitness,
    next_generation,
    run,
)


@pytest.mark.parametrize("seed", range(5))
def test_learning_drives_correct_alleles_up_and_incorrect_out(seed: int) -> None:
    result = run(seed=seed)
    freqs = result.arrays["freqs"]  # (51, 3)
    np.testing.assert_allclose(freqs[0], [0.25, 0.25, 0.5], atol=0.02)
    assert freqs[-1, INCORRECT] < 0.02
    assert freqs[-1, CORRECT] > 0.6
    assert 0.1 < freqs[-1, PLASTIC] < 0.45
    assert result.metrics["needle_found_without_learning"] is False
    assert result.metrics["claim_holds"] is True


def test_without_learning_the_needle_is_not_found() -> None:
    """A random genome is perfect with probability 0.25**20 ~ 9e-13: flat fitness throughout."""
    for seed in range(5):
        assert np.all(run(seed=seed).arrays["mean_fitness_no_learning"] == 1.0)


def expected_fitness(q: int, n_trials: int = 1000) -> float:
    """E[1 + 19 n / 1000] with success probability 2**-q per independent trial."""
    p = 2.0**-q
    k = np.arange(1, n_trials + 1)
    return 1.0 + 19.0 * np.sum((n_trials - k) * p * (1 - p) ** (k - 1)) / n_trials


def genomes_with(q: int, incorrect: int = 0, P: int = 20_000, L: int = 20) -> np.ndarray:
    genome = np.full(L, CORRECT, dtype=np.int8)
    genome[:q] = PLASTIC
    genome[q : q + incorrect] = INCORRECT
    return np.tile(genome, (P, 1))


@pytest.mark.parametrize("q", [0, 3, 8, 12])
def test_geometric_lifetimes_have_the_exact_mean_fitness(q: int) -> None:
    fit = fitness(np.random.default_rng(q), genomes_with(q), 1000, learning=True)
    stderr = fit.std() / np.sqrt(len(fit)) + 1e-12
    assert abs(fit.mean() - expected_fitness(q)) < 4 * stderr + 1e-9


@pytest.mark.parametrize("q", [4, 9])
def test_geometric_lifetimes_match_trial_by_trial_guessing(q: int) -> None:
    """Simulate every guess of every ? for 400 lifetimes and compare mean fitness."""
    rng = np.random.default_rng(100 + q)
    P, n_trials = 400, 1000
    guesses = rng.integers(0, 2, size=(P, n_trials, q))  # each ? guessed 0 or 1 per trial
    success = np.all(guesses == 1, axis=2)  # (P, n_trials)
    first = np.where(success.any(axis=1), success.argmax(axis=1) + 1, n_trials + 1)
    n = np.where(first <= n_trials, n_trials - first, 0)
    brute = 1.0 + 19.0 * n / n_trials
    fast = fitness(rng, genomes_with(q, P=P), n_trials, learning=True)
    pooled = np.sqrt(brute.var() / P + fast.var() / P)
    assert abs(brute.mean() - fast.mean()) < 4 * pooled


def test_an_incorrect_allele_cannot_be_learned_around() -> None:
    fit = fitness(np.random.default_rng(0), genomes_with(2, incorrect=1, P=100), 1000, True)
    np.testing.assert_array_equal(fit, 1.0)


def test_crossover_takes_a_prefix_from_one_parent_and_the_rest_from_the_other() -> None:
    parents = np.repeat(np.array([[INCORRECT] * 20, [CORRECT] * 20], dtype=np.int8), 50, 0)
    children = next_generation(np.random.default_rng(1), parents, np.ones(100))
    assert children.shape == parents.shape
    switches = np.count_nonzero(np.diff(children, axis=1), axis=1)
    assert np.all(switches <= 1)
    assert np.any(switches == 1)


def test_selection_is_proportional_to_fitness() -> None:
    genomes = np.array([[INCORRECT] * 20, [CORRECT] * 20], dtype=np.int8)
    children = next_generation(
        np.random.default_rng(2), np.repeat(genomes, 500, 0), np.repeat([1.0, 19.0], 500)
    )
    # each locus comes from a parent that is CORRECT with probability 19/20
    assert np.mean(children == CORRECT) == pytest.approx(0.95, abs=0.01)


def test_registry_contract(check_contract) -> None:
    check_contract(
        "baldwin-effect", {"hinton1987learning"}, "evolution-and-learning", n_generations=3
    )
