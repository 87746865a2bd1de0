"""The authorYEARword key rule, checked against keys curators chose by hand."""

from __future__ import annotations

import pytest

from neurokb.core.models import Paper
from neurokb.edit.citekeys import base_key, propose_key, title_word


@pytest.mark.parametrize(
    ("title", "word"),
    [
        ("SuperSpike: Supervised learning", "superspike"),
        ("Could a Neuroscientist Understand a Microprocessor?", "neuroscientist"),
        ("On Intelligence", "intelligence"),
        ("Neuroscience-Inspired Artificial Intelligence", "neuroscience"),
        ("The free-energy principle: a unified brain theory?", "free"),
        ("Context-dependent computation", "context"),
        ("What's in a name", "whats"),
        ("Über das Lernen", "uber"),
    ],
)
def test_title_word(title: str, word: str) -> None:
    assert title_word(title) == word


def test_base_key_folds_particles_and_accents() -> None:
    data = {"authors": ["van Rossum, Mark C. W."], "year": 2001, "title": "A novel spike distance"}
    assert base_key(data) == "vanrossum2001novel"
    data = {"authors": [{"family": "Ölveczky", "given": "Bence"}], "year": 2020, "title": "X"}
    assert base_key(data) == "olveczky2020x"
    data = {"authors": ["O'Reilly, Randall C."], "year": 1996, "title": "Biologically plausible"}
    assert base_key(data) == "oreilly1996biologically"


def test_collisions_get_letter_suffixes() -> None:
    data = {"authors": ["Hassabis, Demis"], "year": 2017, "title": "AI and neuroscience"}
    assert propose_key(data, set()) == "hassabis2017ai"
    assert propose_key(data, {"hassabis2017ai"}) == "hassabis2017aia"
    assert propose_key(data, {"hassabis2017ai", "hassabis2017aia"}) == "hassabis2017aib"
    taken = {"hassabis2017ai"} | {f"hassabis2017ai{chr(c)}" for c in range(ord("a"), ord("z") + 1)}
    assert propose_key(data, taken) == "hassabis2017aiaa"


def test_shipped_keys_follow_the_rule(shipped_kb) -> None:
    """Curated keys are the proposal, or the proposal plus a collision suffix."""
    for key, paper in shipped_kb.papers.items():
        proposal = base_key(paper)
        assert key == proposal or (key[:-1] == proposal and key[-1].isalpha()), key


def test_model_and_dict_agree() -> None:
    paper = Paper(key="x", title="SuperSpike", authors=["Zenke, Friedemann"], year=2018)
    assert base_key(paper) == base_key(
        {"title": "SuperSpike", "authors": ["Zenke, F"], "year": 2018}
    )
