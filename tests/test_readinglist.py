"""Reading lists: citations first, then year; subtopics included; cycles broken the same way."""

from __future__ import annotations

import pytest
from kbfixtures import load, mini_kb

from neurokb.core.errors import NeuroKBError
from neurokb.core.kb import KnowledgeBase
from neurokb.explore.readinglist import reading_list, reading_order


@pytest.fixture(scope="module")
def kb(tmp_path_factory: pytest.TempPathFactory) -> KnowledgeBase:
    return load(mini_kb(tmp_path_factory.mktemp("mini")))


def test_what_a_paper_builds_on_comes_first(kb: KnowledgeBase) -> None:
    order = [p.key for p in reading_list(kb, "synaptic-plasticity")]
    assert order == [
        "hebb1949organization",
        "oja1982simplified",
        "zenke2015diverse",
        "miconi2018differentiable",
        "zenke2018superspike",
    ]


def test_builds_on_names_earlier_papers(kb: KnowledgeBase) -> None:
    items = {it.paper.key: it.builds_on for it in reading_order(kb, "hebbian-learning").items}
    assert items["miconi2018differentiable"] == ("hebb1949organization", "oja1982simplified")
    assert items["hebb1949organization"] == ()


def test_citations_outweigh_years(kb: KnowledgeBase) -> None:
    # zenke2018superspike cites vanrossum2001novel and zenke2015diverse; both must come first
    order = [p.key for p in reading_list(kb, "spiking-neural-networks")]
    assert order.index("zenke2018superspike") > order.index("zenke2015diverse")
    assert order.index("zenke2018superspike") > order.index("vanrossum2001novel")


def test_cycles_are_broken_by_age_then_key(kb: KnowledgeBase) -> None:
    items = reading_order(kb, "memory").items
    order = [it.paper.key for it in items]
    assert order.index("alpha2019first") + 1 == order.index("beta2019second")
    by_key = {it.paper.key: it.builds_on for it in items}
    assert by_key["alpha2019first"] == () and by_key["beta2019second"] == ("alpha2019first",)


def test_topic_by_name_and_unknown_topic(kb: KnowledgeBase) -> None:
    assert reading_order(kb, "Hebbian learning").topic.id == "hebbian-learning"
    with pytest.raises(NeuroKBError) as info:
        reading_order(kb, "hebian-learning")
    assert "hebbian-learning" in info.value.hint


def test_shipped_kb_orders_every_topic(shipped_kb: KnowledgeBase) -> None:
    for topic_id in shipped_kb.topics:
        papers = reading_list(shipped_kb, topic_id)
        position = {p.key: i for i, p in enumerate(papers)}
        assert len(position) == len(papers)
        for paper in papers:
            for cited in paper.cites:
                if cited in position and paper.key not in shipped_kb.papers[cited].cites:
                    assert position[cited] < position[paper.key], (topic_id, paper.key, cited)
