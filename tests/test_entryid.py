"""The typed entry id spells each form of an entry's name once."""

from __future__ import annotations

import pytest

from neurokb.core.ids import EntryId, Kind


def test_the_forms_of_a_paper_id() -> None:
    entry = EntryId.paper("zenke2018superspike")
    assert entry.name == str(entry) == "papers/zenke2018superspike"
    assert entry.path == "entries/papers/zenke2018superspike.yaml"
    assert entry.file_name == "zenke2018superspike.yaml"
    assert entry.display == "paper zenke2018superspike"


def test_a_topic_id_round_trips_through_its_name() -> None:
    entry = EntryId.topic("hebbian-learning")
    assert entry.kind is Kind.TOPIC and entry.display == "topic hebbian-learning"
    assert EntryId.parse(entry.name) == entry
    assert {EntryId.paper("a"), EntryId.paper("a")} == {EntryId.paper("a")}


@pytest.mark.parametrize("name", ["papers", "papers/", "people/x", "x"])
def test_other_names_are_refused(name: str) -> None:
    with pytest.raises(ValueError, match="not an entry name"):
        EntryId.parse(name)
