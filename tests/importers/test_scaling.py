"""``add`` checks duplicates in O(n log n), counted, not timed (issue 21: ``add --bibtex`` with
4,000 records took 18 s, 40,000 more than 300 s).

The work is counted as title comparisons (calls of the NKB024 measure), so the tests hold on
a loaded machine and fail on any all-pairs scheme: n records against each other would be
n²/2 comparisons.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from pathlib import Path

import pytest

from neurokb.edit.plan import Status, plan
from neurokb.importers.bibtex import parse as parse_bibtex
from neurokb.importers.records import Record
from neurokb.load import checks
from neurokb.load.checks import TitleIndex, same_title
from neurokb.load.loader import load_kb

WORDS = [f"{a}{b}{c}" for a in "bdfgklmnprstvz" for b in "aeiou" for c in "lmnrst"]  # 420


def _titles(n: int, seed: int, same_ends: bool = False) -> list[str]:
    """Distinct titles; with ``same_ends`` all share their first and last two words and have
    nearly the same length: one block, the worst case for blocking."""
    rng = random.Random(seed)
    titles = []
    for i in range(n):
        middle = " ".join(rng.choice(WORDS) for _ in range(4))
        if same_ends:
            titles.append(f"Learning rules {middle} {i:05d} spiking networks")
        else:
            titles.append(f"{rng.choice(WORDS)} {rng.choice(WORDS)} {middle} {i}")
    return titles


def _counting(monkeypatch: pytest.MonkeyPatch) -> Callable[[], int]:
    calls = 0
    real = checks._near

    def counted(*args: object) -> bool:
        nonlocal calls
        calls += 1
        return real(*args)  # type: ignore[arg-type]

    monkeypatch.setattr(checks, "_near", counted)
    return lambda: calls


@pytest.mark.parametrize("same_ends", [False, True], ids=["random", "one-block"])
def test_title_index_work_grows_linearly(same_ends: bool) -> None:
    work = {}
    for n in (500, 2000):
        index = TitleIndex()
        for title in _titles(n, seed=n, same_ends=same_ends):
            index.near(title)
            index.add(title)
        work[n] = index.comparisons
        assert index.comparisons <= 2 * TitleIndex.LIMIT * n  # all pairs: n * (n - 1) / 2
    assert work[2000] <= 4 * work[500] * 1.25 + 2 * TitleIndex.LIMIT


def test_title_index_finds_what_comparing_every_pair_finds() -> None:
    rng = random.Random(7)
    titles = _titles(300, seed=3)
    edited = [t[:5] + rng.choice("aeiou") + t[6:] for t in titles[::3]]  # a typo near the start
    edited += [t[:-3] + "x" + t[-2:] for t in titles[1::3]]  # a typo near the end
    index = TitleIndex()
    for title in titles:
        index.add(title)
    for probe in [*edited, *titles[::10], "Something else entirely"]:
        expected = [i for i, title in enumerate(titles) if same_title(probe, title)]
        assert index.near(probe) == expected, probe


def test_plan_work_grows_linearly(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "entries" / "papers").mkdir(parents=True)
    kb = load_kb(tmp_path)
    count = _counting(monkeypatch)
    work = {}
    for n in (150, 600):
        records = [
            Record({"title": title, "authors": ["Doe, Jane"], "year": 2020}, "refs.bib")
            for title in _titles(n, seed=n, same_ends=True)
        ]
        before = count()
        planned = plan(records, kb)
        work[n] = count() - before
        assert [p.status for p in planned] == [Status.NEW] * n
        assert work[n] <= 2 * TitleIndex.LIMIT * n  # all pairs: n * (n - 1) / 2
    assert work[600] <= 4 * work[150] * 1.25 + 2 * TitleIndex.LIMIT
    # A retyped title is still caught as a duplicate of an earlier record in the same import.
    first = _titles(1, seed=1)[0]
    twice = [Record({"title": t, "authors": ["Doe, Jane"], "year": 2020}, "refs.bib")
             for t in (first, first.replace(" ", "  ", 1) + ".")]  # fmt: skip
    assert [p.status for p in plan(twice, kb)] == [Status.NEW, Status.DUPLICATE]


def test_bibtex_lines_are_found_in_one_pass() -> None:
    entries = [f"@article{{k{i},\n  title = {{T {i}}},\n  author = {{Doe, J.}},\n  year = 2020\n}}\n"
               for i in range(3000)]  # fmt: skip
    records, problems = parse_bibtex("\n".join(entries), "refs.bib")
    assert not problems and len(records) == 3000
    assert records[-1].where == f"refs.bib:{2999 * 6 + 1}"  # six lines per entry with the gap
