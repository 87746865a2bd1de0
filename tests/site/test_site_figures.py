"""Algorithm figures are drawn on several processes on a cold cache, with the same result."""

from __future__ import annotations

from pathlib import Path

import pytest

from neurokb.algorithms.base import registry
from neurokb.site import figures

CHEAP = ("oja", "stdp")  # the two quickest to run, so the test stays short


def _two() -> dict:
    algorithms = registry()
    return {name: algorithms[name] for name in CHEAP}


def test_figures_drawn_on_two_processes_equal_those_drawn_in_order(tmp_path: Path) -> None:
    told: list[tuple[int, int, str]] = []
    parallel = figures.draw_all(_two(), tmp_path / "p", 2, lambda *a: told.append(a))
    in_order = figures.draw_all(_two(), tmp_path / "s", 1)
    assert list(parallel) == list(CHEAP)  # the registry's order, whichever finished first
    for name in CHEAP:
        assert parallel[name].png == in_order[name].png
        assert parallel[name].metrics == pytest.approx(in_order[name].metrics)
        assert not parallel[name].cached
    assert sorted(name for _, _, name in told) == sorted(CHEAP)
    assert sorted(done for done, _, _ in told) == [1, 2] and {t for _, t, _ in told} == {2}
    again = figures.draw_all(_two(), tmp_path / "p", 2, lambda *a: told.append(a))
    assert all(figure.cached for figure in again.values()) and len(told) == 2  # nothing drawn


def test_a_failing_algorithm_is_named(tmp_path: Path) -> None:
    class Broken:
        name = "broken"

        def run(self, seed: int) -> None:
            raise ValueError("diverged")

    with pytest.raises(figures.FigureError, match="algorithm 'broken' failed: ValueError"):
        figures.draw_all({"broken": Broken()}, None, 2)  # type: ignore[dict-item]
