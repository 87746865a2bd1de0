"""Cross-entry checks: the fast paths answer exactly as the plain definitions would."""

from __future__ import annotations

import difflib
import random
from collections import Counter
from pathlib import Path

from kbfixtures import write_paper, write_topic

from neurokb.load.checks import _SIMILAR, _near
from neurokb.load.loader import load_kb


def test_near_agrees_with_difflib() -> None:
    rng = random.Random(7)
    words = [
        "spiking",
        "neural",
        "network",
        "learning",
        "rule",
        "plasticity",
        "cortex",
        "model",
        "of",
        "in",
        "the",
        "a",
    ]
    titles = [" ".join(rng.choices(words, k=rng.randint(3, 9))) for _ in range(300)]
    edited = [t[:i] + rng.choice("aeiou ") + t[i + 1 :] for t in titles for i in (3, 11)]
    pool = titles + edited
    pairs = [(a, b) for a in pool[:120] for b in pool[::7]]
    near = 0
    for a, b in pairs:
        expected = a == b or difflib.SequenceMatcher(None, a, b).ratio() > _SIMILAR
        assert _near(a, b, Counter(a), Counter(b)) == expected, (a, b)
        near += expected
    assert 0 < near < len(pairs)  # both answers were exercised


def test_a_misspelt_key_gets_one_hint_in_every_entry(tmp_path: Path) -> None:
    write_topic(tmp_path, "t")
    write_paper(tmp_path, "hopfield1982neural", topics=["t"])
    for key in ("a", "b"):
        write_paper(tmp_path, key, topics=["t"], cites=["hopfeld1982neural", "a", "b"])
    problems = [p for p in load_kb(tmp_path).problems if p.code != "NKB024"]
    assert [(p.code, p.path, p.field, p.hint) for p in problems] == [
        ("NKB021", "entries/papers/a.yaml", "cites[0]", "did you mean 'hopfield1982neural'?"),
        ("NKB027", "entries/papers/a.yaml", "cites[1]", ""),
        ("NKB021", "entries/papers/b.yaml", "cites[0]", "did you mean 'hopfield1982neural'?"),
        ("NKB027", "entries/papers/b.yaml", "cites[2]", ""),
    ]
