"""A paper built without Pydantic (neurokb.load.unchanged) is the paper Pydantic validates.

The fast path may only accept what ``Paper.model_validate`` accepts, and must then give the
same model: equal, the same JSON, the same fields set (nested models too), the same types
and field order. Entries come from the shipped library and the synthetic generator, and are
mutated at random (white space, types, lax ints and dates, enum values, extra and missing
keys, nested shapes, Unicode) with a fixed seed, so a failure is reproducible.
"""

from __future__ import annotations

import copy
import datetime as dt
import os
import random
from pathlib import Path
from typing import Any

import pytest
from pydantic import BaseModel, ValidationError

from neurokb.core.models import Correction, Equation, Paper, Person
from neurokb.load import loader
from neurokb.load.unchanged import _PAPER, paper_if_unchanged
from neurokb.load.yamlsrc import decode, parse
from neurokb.synthetic.generate import generate, paper_yaml

ROOT = Path(__file__).resolve().parent.parent


def _data(text: str, key: str) -> dict[str, Any]:
    """The dict the loader validates (see ``loader._read_entry``)."""
    doc = parse(text)
    data = dict(doc.data)
    for name in Paper.TEXT_FIELDS & data.keys():
        if not isinstance(data[name], str) and (name,) in doc.raw:
            data[name] = doc.raw[(name,)]
    data["key"] = key
    return data


def _shipped() -> list[dict[str, Any]]:
    folder = ROOT / "entries" / "papers"
    return [_data(decode(path.read_bytes()), path.stem) for path in sorted(folder.glob("*.yaml"))]


def _synthetic(count: int = 200) -> list[dict[str, Any]]:
    records = generate(count, 7, ["learning-rules", "spiking-networks", "memory"], ["oja"])
    keys = [record.key for record in records]
    return [_data(paper_yaml(record, keys), record.key) for record in records]


_RICH: dict[str, Any] = {
    "key": "rich2020",
    "ids": ["Rich:2020", "rich-2020a"],
    "title": "A {Bayesian} model of $V_1$ with <i>in vivo</i> data",
    "authors": [
        "Zenke, Friedemann",
        "Howard, III, Matthew A.",
        {"family": "Doe", "given": "Jane", "orcid": "0000-0002-1825-0097"},
        {"literal": "Numenta"},
    ],
    "et_al": True,
    "year": 2020,
    "month": 3,
    "type": "book",
    "genre": "PhD thesis",
    "venue": "Neural Computation",
    "volume": "30",
    "issue": "6",
    "pages": "1514-1541",
    "publisher": "MIT Press",
    "location": "Cambridge, MA",
    "edition": "2",
    "series": "Lecture Notes",
    "editors": [{"family": "Smith", "given": "", "suffix": "Jr."}],
    "isbn": "978-0-262-03561-3",
    "doi": "10.1162/neco_a_01086",
    "arxiv": "1705.11146",
    "pmid": "31942076",
    "url": "https://example.org/paper?x=1#a",
    "urldate": dt.date(2024, 5, 1),
    "language": "English",
    "keywords": ["plasticity", "learning rules"],
    "topics": ["learning-rules"],
    "cites": ["zenke2017", "a_b-1"],
    "implementations": ["oja"],
    "summary": "It finds *this* with $x^2$ and [@zenke2017]; see [a link](https://example.org).\n",
    "abstract": "An `abstract`.",
    "notes": "Imported.",
    "corrections": [
        {"field": "volume", "source_value": "31", "value": "30", "source": "doi:10.1/x"},
        {"field": "pages", "source_value": "1", "value": "2", "source": "PMID 1", "note": "n"},
    ],
    "equations": [{"latex": r"\tau \dot v = -v", "caption": "Leak"}, {"latex": "x = 1"}],
    "added": dt.date(2026, 1, 2),
}

_SPACES = [" ", "  ", "\n", "\t", "\u00a0", "\u2003", "\u3000", "\x1c", "\x85", "\u180e",
           "\u200b", "\r\n"]  # fmt: skip
_ODD = [
    None, 0, 1, -1, 1599, 1600, 2100, 2101, 13, 12, 2020, 2020.0, 1.5, True, False, "", " ",
    "2020", "12", "0x10", "true", "yes", b"bytes", dt.date(2020, 1, 1),
    dt.datetime(2020, 1, 1), dt.datetime(2020, 1, 1, 5), "2020-01-01", [], [""], ["x"], {},
    {"a": 1}, ("a",), "article", "Article", "bogus", "x", "é", "Zenke, Friedemann",
    "10.1162/NECO_A_01086", "doi:10.1162/neco", "https://doi.org/10.1/x", "10.1/x",
    "1705.11146v2", "arXiv:1705.11146", "1713.11146", "q-bio/0401001", "q-bio/0401001v1",
    "031942076", 31942076, "https://pubmed.ncbi.nlm.nih.gov/31942076/", "javascript:alert(1)",
    "http://a b.com", "https://Example.org", "1514--1541", "1514–1541", "<b>bold</b>",
    "[x](javascript:1)", "&amp;", "{.cls}", "$x", "{unclosed", "</i>", "ﬁne", "e\u0301",
    "😀", "a\x00b", "line\nbreak", "0000-0002-1825-009X", "0000000218250097",
]  # fmt: skip
_PEOPLE = [
    "Family Given", "A, B, C", "A, Jr., B", "A, jr, B", "A, III, B", " , B", "A, ", ",",
    "A,B", " A , B ", "A\u00a0, B", "A,\x1cB", "A, B\x1c", {"family": "X"}, {"family": " X"},
    {"family": "X", "given": "Y "}, {"literal": "Org"}, {"literal": "Org", "given": "G"},
    {"literal": "Org", "family": "F"}, {"given": "Only"}, {"family": "", "literal": ""},
    {"family": "X", "orcid": "0000-0002-1825-0097"}, {"family": "X", "orcid": None},
    {"family": "X", "orcid": "https://orcid.org/0000-0002-1825-0097"},
    {"family": "X", "orcid": "0000-0002-1825-0098"}, {"family": "X", "extra": 1},
    {"family": 1}, {1: "x"}, 5, None, ["A", "B"], {"family": "X", "suffix": "Jr."},
]  # fmt: skip
_NESTED = [
    {"latex": "x"}, {"latex": " x \n"}, {"latex": ""}, {"latex": " "}, {"latex": "x", "caption": None},
    {"latex": "x", "caption": " a  b "}, {"latex": "x", "caption": ""}, {"caption": "c"},
    {"latex": "x", "other": 1}, {"latex": 1}, {"field": "a", "source_value": "b", "value": "c",
    "source": "d"}, {"field": " a ", "source_value": "b\n", "value": "c", "source": "d",
    "note": "  e  f"}, {"field": "a", "source_value": "b", "value": "c"}, "x", None, [],
]  # fmt: skip
_INSERTS = [odd for odd in _ODD if isinstance(odd, str)] + ["é", "–", "--", "$", "{", "<i>"]
_EXTRA_KEYS = ["extra", "Title", "id", 1, None, "authors ", "key"]


def _text_mutation(rng: random.Random, value: str) -> str:
    space = rng.choice(_SPACES)
    choice = rng.randrange(7)
    if choice == 0:
        return space + value
    if choice == 1:
        return value + space
    if choice == 2 and value:
        cut = rng.randrange(len(value))
        return value[:cut] + space + value[cut:]
    if choice == 3:
        return value.upper()
    if choice == 4 and value:
        cut = rng.randrange(len(value))
        return value[:cut] + rng.choice(_INSERTS) + value[cut:]
    if choice == 5:
        return space
    return value + "\n" if rng.random() < 0.5 else value


def _mutate(rng: random.Random, data: dict[str, Any]) -> dict[str, Any]:
    data = copy.deepcopy(data)
    for _ in range(rng.choice((1, 1, 1, 2, 3))):
        names = list(Paper.model_fields) + _EXTRA_KEYS
        name = rng.choice(names)
        roll = rng.random()
        value = data.get(name)
        if roll < 0.1:
            data.pop(name, None)
        elif roll < 0.3:
            data[name] = copy.deepcopy(rng.choice(_ODD))
        elif isinstance(value, str) and roll < 0.7:
            data[name] = _text_mutation(rng, value)
        elif isinstance(value, list) and value and roll < 0.8:
            index = rng.randrange(len(value))
            item = value[index]
            if name in {"authors", "editors"}:
                value[index] = copy.deepcopy(rng.choice(_PEOPLE))
            elif name in {"corrections", "equations"}:
                value[index] = copy.deepcopy(rng.choice(_NESTED))
            elif isinstance(item, str):
                value[index] = _text_mutation(rng, item)
            else:
                value[index] = copy.deepcopy(rng.choice(_ODD))
        elif isinstance(value, list) and roll < 0.9:
            data[name] = tuple(value) if rng.random() < 0.5 else [*value, rng.choice(_ODD)]
        elif name in {"authors", "editors"}:
            data[name] = [copy.deepcopy(rng.choice(_PEOPLE))]
        elif name in {"corrections", "equations"}:
            data[name] = [copy.deepcopy(rng.choice(_NESTED))]
        else:
            data[name] = copy.deepcopy(rng.choice(_ODD))
    return data


def _same(fast: BaseModel, slow: BaseModel) -> None:
    """Equal as models, as JSON, in fields set, field order and value types, nested too."""
    assert type(fast) is type(slow)
    assert fast == slow
    assert fast.model_dump_json() == slow.model_dump_json()
    assert fast.model_fields_set == slow.model_fields_set
    assert list(fast.__dict__) == list(slow.__dict__)
    assert fast.__pydantic_extra__ == slow.__pydantic_extra__
    assert fast.__pydantic_private__ == slow.__pydantic_private__
    for name, value in fast.__dict__.items():
        other = slow.__dict__[name]
        assert type(value) is type(other), name
        if isinstance(value, list):
            assert len(value) == len(other)
            for item, other_item in zip(value, other, strict=True):
                assert type(item) is type(other_item), name
                if isinstance(item, BaseModel):
                    _same(item, other_item)


def _agree(data: dict[str, Any]) -> bool:
    """The property: the fast path accepts only what Pydantic accepts, and then gives the
    same model; True when the fast path accepted."""
    before = copy.deepcopy(data)
    fast = paper_if_unchanged(data)
    assert data == before  # the data is not changed
    try:
        slow = Paper.model_validate(data)
    except ValidationError:
        assert fast is None
        return False
    if fast is None:
        return False
    _same(fast, slow)
    return True


def test_every_shipped_and_synthetic_entry_is_the_validated_one() -> None:
    bases = _shipped() + _synthetic() + [_RICH]
    accepted = [_agree(data) for data in bases]
    assert accepted[-1]  # the rich entry, every field and nested shape
    # the shipped and generated entries are the common case the fast path is for
    assert sum(accepted) >= 0.9 * len(bases)


@pytest.mark.parametrize("seed", range(4))
def test_mutated_entries_agree_with_pydantic(seed: int) -> None:
    rng = random.Random(seed)
    bases = _shipped() + _synthetic(100) + [_RICH] * 50
    accepted = rejected = 0
    for _ in range(3000):
        data = _mutate(rng, rng.choice(bases))
        if _agree(data):
            accepted += 1
        else:
            rejected += 1
    assert accepted > 300 and rejected > 300  # both sides of the property were exercised


def test_each_field_and_nested_shape_alone() -> None:
    """Every odd value in every field, and every person and nested item in its list."""
    for name in list(Paper.model_fields) + _EXTRA_KEYS:
        for odd in _ODD:
            _agree({**copy.deepcopy(_RICH), name: copy.deepcopy(odd)})
        data = copy.deepcopy(_RICH)
        data.pop(name, None)
        _agree(data)
    for person in _PEOPLE:
        _agree({**copy.deepcopy(_RICH), "authors": [copy.deepcopy(person)]})
        _agree({**copy.deepcopy(_RICH), "authors": [], "editors": [copy.deepcopy(person)]})
    for item in _NESTED:
        _agree({**copy.deepcopy(_RICH), "equations": [copy.deepcopy(item)]})
        _agree({**copy.deepcopy(_RICH), "corrections": [copy.deepcopy(item)]})
    for space in _SPACES:
        for name in ("title", "venue", "summary", "key", "doi", "pages"):
            _agree({**copy.deepcopy(_RICH), name: space + _RICH[name] + space})


def test_the_checks_know_every_field_and_validator() -> None:
    """A field or validator added to the models must be taught to neurokb.load.unchanged (or
    its entries sent to Pydantic): this fails until it is."""
    assert set(_PAPER.checks) == set(Paper.model_fields)
    decorators = {}
    for model in (Paper, Person, Correction, Equation):
        found = model.__pydantic_decorators__
        decorators[model] = sorted([*found.field_validators, *found.model_validators])
    assert decorators == {
        Paper: ["_en_dash", "_has_creator"],
        Person: ["_from_string", "_has_name"],
        Correction: [],
        Equation: [],
    }


def test_the_loader_gives_the_same_entries_with_and_without_the_fast_path(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    fast = loader.load_kb(ROOT)
    monkeypatch.setattr(loader, "paper_if_unchanged", lambda data: None)
    slow = loader.load_kb(ROOT)
    assert fast.papers.keys() == slow.papers.keys()
    for key, paper in fast.papers.items():
        _same(paper, slow.papers[key])
    assert fast.problems == slow.problems


def test_the_build_workers_take_the_fast_path(monkeypatch: pytest.MonkeyPatch) -> None:
    """The index build and refresh read entries through ``read_entry_at``, which uses it."""
    calls = []
    real = loader.paper_if_unchanged
    monkeypatch.setattr(loader, "paper_if_unchanged", lambda data: calls.append(1) or real(data))
    path = ROOT / "entries" / "papers" / sorted(os.listdir(ROOT / "entries" / "papers"))[0]
    result = loader.read_entry_at("papers", os.fspath(path), ROOT)
    assert calls and result.entry is not None
