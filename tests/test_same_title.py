"""``checks.same_title``: the one near-identical-title measure, shared by NKB024 and ``add``."""

from __future__ import annotations

from pathlib import Path

from kbfixtures import write_paper

from neurokb.load.checks import same_title, same_work
from neurokb.load.loader import load_kb

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


BOLT = "Put-That-There: Voice and gesture at the graphics interface"
BILLINGHURST = "Put that where? Voice and gesture at the graphics interface"


def test_same_work_needs_a_compatible_first_author_and_a_year_within_one() -> None:
    assert same_title(BOLT, BILLINGHURST)  # the titles alone would match
    assert not same_work(BOLT, "Bolt", 1980, BILLINGHURST, "Billinghurst", 1998)
    assert not same_work(BOLT, "Bolt", 1980, BILLINGHURST, "Bolt", 1998)
    assert same_work(HOPFIELD, "Hopfield", 1982, HOPFIELD + ".", "Hopfield", 1983)
    assert same_work(HOPFIELD, "van Rossum", 2001, HOPFIELD, "Rossum", 2001)
    assert same_work(HOPFIELD, "Müller", 2001, HOPFIELD, "Mueller", 2001)
    assert not same_work(HOPFIELD, "Hopfield", 1982, HOPFIELD, "Tank", 1982)


def test_add_planning_applies_the_rule_through_the_title_index() -> None:
    """``neurokb add`` finds the near titles in a TitleIndex, then applies same_work's rule."""
    from neurokb.edit.plan import _Seen

    seen = _Seen()
    seen.add("billinghurst1998put", {"title": BILLINGHURST, "authors": ["Billinghurst, Mark"],
                                     "year": 1998})  # fmt: skip
    seen.add("hopfield1982neural", {"title": HOPFIELD, "authors": ["Hopfield, J. J."],
                                    "year": 1982, "doi": "10.1073/pnas.79.8.2554"})  # fmt: skip
    assert seen.duplicate_of({"title": BOLT, "authors": ["Bolt, Richard A."], "year": 1980}) == (
        "",
        [],
    )
    key, _ = seen.duplicate_of({"title": HOPFIELD.upper(), "authors": ["HOPFIELD, J."],
                                "year": 1983})  # fmt: skip
    assert key == "hopfield1982neural"
    assert (
        seen.duplicate_of({"title": HOPFIELD, "authors": ["Hopfield, J."], "year": 1990})[0] == ""
    )
    other_doi = {"title": HOPFIELD, "authors": ["Hopfield, J."], "year": 1982, "doi": "10.1/x"}
    assert seen.duplicate_of(other_doi)[0] == ""
