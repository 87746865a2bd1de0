"""The entry models: person names, normalisation on load, strictness."""

from __future__ import annotations

import pickle

import pytest
from pydantic import ValidationError

from neurokb.core.models import Paper, Person, Topic


def paper(**fields) -> Paper:
    data = {"key": "doe2020good", "title": "A good paper", "authors": ["Doe, Jane"], "year": 2020}
    return Paper.model_validate({**data, **fields})


@pytest.mark.parametrize(
    ("written", "family", "given", "suffix", "display"),
    [
        ("Zenke, Friedemann", "Zenke", "Friedemann", "", "Friedemann Zenke"),
        ("van Rossum, Mark C. W.", "van Rossum", "Mark C. W.", "", "Mark C. W. van Rossum"),
        ("Howard, III, Matthew A.", "Howard", "Matthew A.", "III", "Matthew A. Howard III"),
        ({"family": "Hopfield", "given": "John J."}, "Hopfield", "John J.", "", "John J. Hopfield"),
    ],
)
def test_person_forms(written, family, given, suffix, display) -> None:
    person = Person.model_validate(written)
    assert (person.family, person.given, person.suffix, person.display) == (
        family,
        given,
        suffix,
        display,
    )


def test_person_initials_and_literal() -> None:
    assert Person.model_validate("Petkov, Christopher I.").initials == "C. I."
    assert Person.model_validate("Doe, Jean-Paul").initials == "J.-P."
    assert Person.model_validate({"literal": "Numenta"}).display == "Numenta"


@pytest.mark.parametrize("bad", ["Friedemann Zenke", "a, b, c", 42, {"given": "Jane"}])
def test_person_rejects_ambiguous_names(bad) -> None:
    with pytest.raises(ValidationError) as info:
        Person.model_validate(bad)
    assert info.value.errors()[0]["type"] == "person_name"


def test_paper_normalises_identifiers_and_text() -> None:
    p = paper(
        title="  Differentiable   plasticity ",
        doi="https://doi.org/10.1162/NECO_a_01086",
        arxiv="arXiv:1804.02464v3",
        pmid="31942076",
        pages="1514–1541",
    )
    assert (p.title, p.doi, p.arxiv, p.pages) == (
        "Differentiable plasticity",
        "10.1162/neco_a_01086",
        "1804.02464",
        "1514-1541",
    )
    assert p.label == "Doe 2020"


def test_paper_labels() -> None:
    assert paper(authors=["A, B", "C, D"]).label == "A & C 2020"
    assert paper(authors=["A, B", "C, D", "E, F"]).label == "A et al. 2020"


@pytest.mark.parametrize(
    ("fields", "error_type"),
    [
        ({"autors": []}, "extra_forbidden"),
        ({"year": "nineteen"}, "int_parsing"),
        ({"type": "journal"}, "enum"),
        ({"doi": "10.1/x"}, "doi_format"),
        ({"topics": ["Bad Topic"]}, "key_format"),
        ({"month": 13}, "less_than_equal"),
        ({"authors": []}, "no_creator"),
    ],
)
def test_paper_rejects(fields, error_type) -> None:
    with pytest.raises(ValidationError) as info:
        paper(**fields)
    assert info.value.errors()[0]["type"] == error_type


def test_models_are_frozen() -> None:
    with pytest.raises(ValidationError):
        paper().title = "changed"  # type: ignore[misc]


def test_topic_requires_name_and_summary() -> None:
    with pytest.raises(ValidationError) as info:
        Topic.model_validate({"id": "x"})
    assert {e["loc"][0] for e in info.value.errors()} == {"name", "summary"}


def _state(model: object) -> tuple[object, ...]:
    return (
        type(model),
        list(model.__dict__.items()),
        model.__pydantic_fields_set__,
        model.__pydantic_extra__,
        model.__pydantic_private__,
    )


def test_a_pickled_model_comes_back_the_same() -> None:
    """validate's workers send entries pickled: every attribute, in order, must survive."""
    paper = Paper(
        key="zenke2018superspike", year=2018, month=6, title="SuperSpike: Supervised learning",
        authors=["Zenke, Friedemann", {"literal": "Numenta"}], topics=["learning-rules"],
        equations=[{"latex": "\\tau \\dot v = -v", "caption": "LIF"}], added="2024-01-14",
    )  # fmt: skip
    topic = Topic(id="learning-rules", name="Learning rules", summary="Rules.", parents=["x"])
    for model in (paper, topic, paper.authors[1], paper.equations[0]):
        back = pickle.loads(pickle.dumps(model, protocol=pickle.HIGHEST_PROTOCOL))
        assert _state(back) == _state(model) and back == model
    back = pickle.loads(pickle.dumps(paper))
    assert _state(back.authors[0]) == _state(paper.authors[0])
    assert back.model_dump() == paper.model_dump() and back.label == paper.label


def test_a_model_the_values_cannot_carry_pickles_pydantic_s_way() -> None:
    person = Person(family="Zenke", given="Friedemann")
    odd = person.model_copy()
    object.__setattr__(odd, "__dict__", dict(reversed(person.__dict__.items())))
    back = pickle.loads(pickle.dumps(odd))
    assert list(back.__dict__) == list(odd.__dict__) and back == person
