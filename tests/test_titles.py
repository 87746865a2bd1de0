"""Title Case or sentence case (NKB051), and what the citation styles make of a stored title."""

from __future__ import annotations

import random

import pytest

from neurokb.cite import format_reference
from neurokb.core.models import Paper
from neurokb.core.titles import counted_title_case, is_title_case


@pytest.mark.parametrize(
    ("title", "title_case"),
    [
        ("SuperSpike: Supervised Learning in Multilayer Spiking Neural Networks", True),
        ("Deep Learning without Weight Transport", True),
        ("Is Neuroscience Limited by Tools or Ideas?", True),
        ("SuperSpike: Supervised learning in multilayer spiking neural networks", False),
        ("Hebbian and Bayesian learning in Hopfield networks", False),  # proper nouns only
        ("Turing centenary: Is the brain a good model for machine intelligence?", False),
        ("BindsNET: A machine learning-oriented spiking neural networks library in Python", False),
        ("A consensus layer V pyramidal neuron can sustain interpulse-interval coding", False),
        ("On Intelligence", False),  # one word to go by: too little to tell
    ],
)
def test_is_title_case(title: str, title_case: bool) -> None:
    assert is_title_case(title) is title_case


def test_the_shortcut_never_changes_the_answer() -> None:
    """is_title_case rules most titles out with one regex search; the word-by-word rule must
    agree on every title, including the awkward ones (digits, underscores, braces, math,
    colons, inner capitals, accents, words of exactly four letters)."""
    rng = random.Random(20)
    pieces = [
        "Deep", "deep", "Learning", "learning", "Brain", "brain", "Neural", "SuperSpike", "RNNs",
        "Four", "four", "Cat", "cat", "V1", "Area2", "Fast_Slow", "Über", "Müller", "élan",
        "{Hopfield}", "{Neural Networks}", "$Spike$", "$x$", ":", "?", ".", "-", "Model3",
        "Hebbian", "and", "of", "in", "On", "A", "The", "Is", "2nd", "LSTM", "dopamine",
    ]  # fmt: skip
    titles = [
        " ".join(rng.choice(pieces) for _ in range(rng.randint(1, 9))).replace(" :", ":")
        for _ in range(5000)
    ]
    titles += ["Hebbian Learning Rule", "Hebbian_Learning Rules", "Cats and Dogs: Four Legs"]
    answers = [counted_title_case(title) for title in titles]
    assert any(answers) and not all(answers)  # both answers are exercised
    for title, answer in zip(titles, answers, strict=True):
        assert is_title_case(title) is answer, title


def test_styles_that_want_title_case_convert_a_sentence_case_title() -> None:
    paper = Paper(
        key="zenke2018superspike", year=2018, authors=["Zenke, Friedemann", "Ganguli, Surya"],
        title="SuperSpike: Supervised learning in multilayer spiking neural networks",
        venue="Neural Computation",
    )  # fmt: skip
    assert "SuperSpike: Supervised learning in multilayer spiking neural networks." in (
        format_reference(paper, "apa")
    )
    assert "SuperSpike: Supervised Learning in Multilayer Spiking Neural Networks." in (
        format_reference(paper, "chicago-author-date")
    )


@pytest.mark.parametrize(
    ("key", "title"),
    [
        ("hazan2018bindsnet",
         "{{BindsNET}: A machine learning-oriented spiking neural networks library in {Python}}"),
        ("whittington2017approximation",
         "{An approximation of the error backpropagation algorithm in a predictive coding network "
         "with local {Hebbian} synaptic plasticity}"),
        ("hassabis2017ai", "{{AI} and neuroscience: A virtuous circle}"),
    ],
)  # fmt: skip
def test_bibtex_of_stored_titles_braces_proper_nouns_and_acronyms(shipped_kb, key, title) -> None:
    from neurokb.cite import export

    for fmt in ("bibtex", "biblatex"):
        line = next(
            line for line in export([shipped_kb.papers[key]], fmt).splitlines()
            if line.strip().startswith("title")
        )  # fmt: skip
        assert line.split("=", 1)[1].strip().rstrip(",") == title, fmt


def test_stored_titles_are_in_sentence_case(shipped_kb) -> None:
    assert [p.key for p in shipped_kb.papers.values() if is_title_case(p.title)] == []
