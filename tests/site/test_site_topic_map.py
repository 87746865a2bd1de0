"""The graph overview's data: the topic map, its layout, and data safe to put in a script."""

from __future__ import annotations

import json

from neurokb.site import topic_map
from neurokb.site.context import SiteContext


def test_payload_indexes_topics_papers_authors_and_algorithms(mini_ctx: SiteContext) -> None:
    data = topic_map.payload(mini_ctx)
    kb = mini_ctx.kb
    topics = [t[0] for t in data["topics"]]
    assert sorted(topics) == sorted(kb.topics)
    assert sorted(p[0] for p in data["papers"]) == sorted(kb.papers)
    hebb = topics.index("hebbian-learning")
    row = data["topics"][hebb]
    assert row[1] == kb.topics["hebbian-learning"].name
    assert row[2] == sum("hebbian-learning" in p.topics for p in kb.papers.values())
    assert [topics[i] for i in row[4]] == kb.topics["hebbian-learning"].parents
    papers = [p[0] for p in data["papers"]]
    oja = data["papers"][papers.index("oja1982simplified")]
    assert oja[3] == 1982 and hebb in oja[4]
    assert [papers[i] for i in oja[5]] == ["hebb1949organization"]
    assert data["urls"]["paper"] == ["papers/", ".html"]


def test_branch_is_the_ancestor_just_under_the_root(mini_ctx: SiteContext) -> None:
    branch = topic_map.branches(mini_ctx.kb)
    assert branch["hebbian-learning"] == "neuron-level"
    assert branch["neuron-level"] == "neuron-level"
    assert branch["neuroai"] == "neuroai"


def test_layout_leaves_no_two_topic_boxes_overlapping(mini_ctx: SiteContext) -> None:
    data = topic_map.payload(mini_ctx)
    pos = {t[0]: (t[6], t[7]) for t in data["topics"]}
    counts = {t[0]: t[2] for t in data["topics"]}
    assert topic_map.overlapping(mini_ctx.kb, pos, counts) == []
    assert data == topic_map.payload(mini_ctx)  # the same picture on every build


def test_layout_of_the_shipped_topics_has_no_overlap(shipped_kb) -> None:
    counts = {t: sum(t in p.topics for p in shipped_kb.papers.values()) for t in shipped_kb.topics}
    pos = topic_map.layout_topics(shipped_kb, counts)
    assert topic_map.overlapping(shipped_kb, pos, counts) == []


def test_script_data_cannot_close_a_tag_or_break_a_line() -> None:
    hostile = {"t": "</script><script>alert(1)</script> & \u2028\u2029"}
    text = topic_map.data_script("X", hostile)
    for raw in ("<", ">", "&", "\u2028", "\u2029"):
        assert raw not in text.removeprefix("window.X = ")
    assert json.loads(text.removeprefix("window.X = ").rstrip(";\n")) == hostile
