"""``checks.same_title``: the one near-identical-title measure, shared by NKB024 and ``add``."""

from __future__ import annotations

from pathlib import Path

from kbfixtures import write_paper

from neurokb.checks import TitleIndex, same_title, same_work
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


def test_title_index_finds_only_same_works() -> None:
    index = TitleIndex()
    index.add("billinghurst1998put", BILLINGHURST, "Billinghurst", 1998, None)
    index.add("hopfield1982neural", HOPFIELD, "Hopfield", 1982, "10.1073/pnas.79.8.2554")
    assert index.find(BOLT, "Bolt", 1980, None) is None
    assert index.find(HOPFIELD.upper(), "HOPFIELD", 1982, None) == "hopfield1982neural"
    assert index.find(HOPFIELD, "Hopfield", 1982, "10.1000/other") is None  # different DOIs


def test_title_index_agrees_with_same_work_on_many_titles() -> None:
    titles = [f"{word} learning in networks of spiking neurons" for word in
              ("Local", "Global", "Lokal", "Localised", "Local ", "Focal")] + [HOPFIELD]  # fmt: skip
    works = [(f"k{i}", title, family, year) for i, title in enumerate(titles)
             for family, year in (("Zenke", 2018), ("Zenke", 2020), ("Gerstner", 2018))]  # fmt: skip
    for j, (_key, title, family, year) in enumerate(works):
        index = TitleIndex()
        for other_key, other_title, other_family, other_year in works[:j]:
            index.add(other_key, other_title, other_family, other_year, None)
        found = index.find(title, family, year, None)
        expected = [k for k, t, f, y in works[:j] if same_work(title, family, year, t, f, y)]
        assert (found is None) == (not expected), (title, family, year)
