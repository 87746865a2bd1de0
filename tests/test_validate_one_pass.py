"""``neurokb validate``: one pass, right file (issue 21, "Contributors").

``validate FILE`` checks the named files against the whole KB and reports a duplicate on the
named (new) file whichever key sorts first; a file's field errors and its unknown topics or
cites come out in the same run.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from clicheck import invoke
from kbfixtures import write_paper, write_topic

TITLE = "Neural networks and physical systems with emergent collective computational abilities"


def validate(root: Path, *args: str) -> tuple[int, list[str]]:
    result = invoke(root, "validate", *args)
    return result.exit_code, result.stdout.splitlines()


@pytest.mark.parametrize(
    ("field", "value", "code", "label"),
    [
        ("doi", "10.1073/pnas.79.8.2554", "NKB022", "DOI"),
        ("arxiv", "1804.02464", "NKB023", "arXiv id"),
        ("pmid", "6953413", "NKB029", "PubMed id"),
    ],
)
@pytest.mark.parametrize("new_key", ["aaa1982new", "zzz1982new"], ids=["sorts-first", "sorts-last"])
def test_a_duplicate_is_reported_on_the_named_file(
    tmp_path: Path, field: str, value: str, code: str, label: str, new_key: str
) -> None:
    write_topic(tmp_path, "t")
    write_paper(tmp_path, "mmm1982existing", title="An existing paper", topics=["t"],
                **{field: value})  # fmt: skip
    write_paper(tmp_path, new_key, title="A new paper", topics=["t"], **{field: value})
    new = f"entries/papers/{new_key}.yaml"
    status, lines = validate(tmp_path, str(tmp_path / new))
    assert status == 1
    assert lines[:2] == [
        f"{new}:8:{len(field) + 3}: error: {code} {label} {value} is also used by "
        "'mmm1982existing'",
        f"    hint: '{new_key}' and 'mmm1982existing' describe the same work: keep one and "
        "delete the other",
    ]
    assert lines[2].startswith("FAILED: checked 1 file(s) of 2 papers and 1 topics in ")
    # Whichever file is named gets the report, naming the other one.
    status, lines = validate(tmp_path, str(tmp_path / "entries/papers/mmm1982existing.yaml"))
    assert status == 1
    assert lines[0] == (
        f"entries/papers/mmm1982existing.yaml:8:{len(field) + 3}: error: {code} {label} {value} "
        f"is also used by '{new_key}'"
    )
    # A full run reports it once, on the later key, as before.
    status, lines = validate(tmp_path)
    later = max(new_key, "mmm1982existing")
    assert [line.split(":")[0] for line in lines[:-1:2]] == [f"entries/papers/{later}.yaml"]


def test_a_near_identical_title_is_reported_on_the_named_file(tmp_path: Path) -> None:
    write_topic(tmp_path, "memory")  # papers need a topic (NKB052): only NKB024 is at issue
    write_paper(tmp_path, "zzz1982existing", title=TITLE, topics=["memory"])
    write_paper(
        tmp_path, "aaa1982new", title=TITLE.replace("emergent", "emergant"), topics=["memory"]
    )
    status, lines = validate(tmp_path, "--strict", str(tmp_path / "entries/papers/aaa1982new.yaml"))
    assert status == 1
    assert lines[0] == (
        "entries/papers/aaa1982new.yaml:2:8: warning: NKB024 title is nearly identical to that "
        "of 'zzz1982existing'"
    )
    # A full run keeps reporting on the later key, as before.
    status, lines = validate(tmp_path, "--strict")
    assert lines[0].startswith("entries/papers/zzz1982existing.yaml:2:8: warning: NKB024")


def test_field_errors_and_reference_errors_come_out_in_one_run(tmp_path: Path) -> None:
    write_topic(tmp_path, "memory")
    write_topic(tmp_path, "hebbian-learning")
    write_paper(tmp_path, "hebb1949organization", topics=["hebbian-learning"])
    paper = tmp_path / "entries/papers/doe2020broken.yaml"
    paper.write_text(
        "title: Broken\n"
        "authors: ['Doe, Jane']\n"
        "year: twenty\n"
        "topics: [memroy, hebbian-learning, 3]\n"
        "cites: [hebb1949organisation, doe2020broken]\n",
        encoding="utf-8",
    )
    topic = tmp_path / "entries/topics/bad-topic.yaml"
    topic.write_text(
        "name: Bad topic\nsummary: 42\nparents: [memroy]\nrelated: [memory]\nsurprise: 1\n",
        encoding="utf-8",
    )
    status, lines = validate(tmp_path)
    assert status == 1
    problems = [line for line in lines if not line.startswith(("    hint:", "FAILED"))]
    assert problems == [
        "entries/papers/doe2020broken.yaml:3:7: error: NKB012 'year' must be a whole number "
        "(got 'twenty')",
        "entries/papers/doe2020broken.yaml:4:10: error: NKB020 unknown topic 'memroy' in 'topics'",
        "entries/papers/doe2020broken.yaml:4:36: error: NKB012 'topics[2]' must be text (got 3)",
        "entries/papers/doe2020broken.yaml:5:9: error: NKB021 unknown paper "
        "'hebb1949organisation' in 'cites'",
        "entries/papers/doe2020broken.yaml:5:31: error: NKB027 'cites' lists the entry's own key "
        "'doe2020broken'",
        "entries/topics/bad-topic.yaml:2:10: error: NKB012 'summary' must be text (got 42)",
        "entries/topics/bad-topic.yaml:3:11: error: NKB020 unknown topic 'memroy' in 'parents'",
        "entries/topics/bad-topic.yaml:5:1: error: NKB011 unknown field 'surprise'",
    ]
    assert "    hint: did you mean 'memory'?" in lines
    assert "    hint: did you mean 'hebb1949organization'?" in lines


def test_the_index_reports_the_same_problems_as_a_cold_load(tmp_path: Path) -> None:
    """Query commands answered from the index count the same problems as ``validate``."""
    from neurokb.cache.open import open_kb
    from neurokb.load.loader import load_kb

    write_topic(tmp_path, "memory")
    broken = tmp_path / "entries/papers/doe2020broken.yaml"
    broken.parent.mkdir()
    broken.write_text(
        "title: Broken\nauthors: ['Doe, Jane']\nyear: twenty\ntopics: [memroy]\n", encoding="utf-8"
    )
    cold = load_kb(tmp_path).problems
    assert [p.code for p in cold] == ["NKB012", "NKB020"]
    for _ in range(2):  # builds the index, then restores from it
        assert open_kb(tmp_path).problems == cold
    broken.write_text(broken.read_text(encoding="utf-8") + "cites: [nobody2020]\n", "utf-8")
    assert [p.code for p in open_kb(tmp_path).problems] == ["NKB012", "NKB020", "NKB021"]
