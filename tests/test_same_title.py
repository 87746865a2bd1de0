"""``checks.same_title``: the one near-identical-title measure, shared by NKB024 and ``add``."""

from __future__ import annotations

from pathlib import Path

from kbfixtures import write_paper

from neurokb.checks import same_title
from neurokb.loader import load_kb

HOPFIELD = "Neural networks and physical systems with emergent collective computational abilities"


def test_retyped_titles_are_the_same() -> None:
    assert same_title(HOPFIELD, HOPFIELD.upper())
    assert same_title(HOPFIELD, HOPFIELD.replace("emergent", "emergant"))
    assert same_title(HOPFIELD, HOPFIELD + ".")


def test_different_titles_are_not() -> None:
    assert not same_title(HOPFIELD, "Neural networks and physical systems")  # length gap
    assert not same_title(HOPFIELD, HOPFIELD.replace("Neural networks", "Spiking circuits"))
    assert not same_title("A", "B")


def test_the_check_reports_exactly_the_pairs_same_title_accepts(tmp_path: Path) -> None:
    titles = [HOPFIELD, HOPFIELD.replace("emergent", "emergant"),
              HOPFIELD.replace("Neural networks", "Spiking circuits"), HOPFIELD + " revisited"]  # fmt: skip
    for i, title in enumerate(titles):
        write_paper(tmp_path, f"paper{i}", title=title)
    kb = load_kb(tmp_path)
    papers = kb.papers
    reported = {(p.message.split("'")[1], p.field) for p in kb.problems if p.code == "NKB024"}
    pairs = {
        (a, b) for a in papers for b in papers
        if a < b and same_title(papers[a].title, papers[b].title)
    }  # fmt: skip
    assert pairs == {("paper0", "paper1")}
    assert reported == {("paper0", "title")}
