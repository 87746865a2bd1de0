"""The graph overview and the topic-page graphs in a real Chromium, at laptop and phone width."""

from __future__ import annotations

import re

import pytest
from sitehelpers import shot

pytestmark = [pytest.mark.browser]

READY = "window.NeuroKB && NeuroKB.graphs.length > 0"

# Pairs of drawn labels whose boxes (as Cytoscape draws them, in screen pixels) overlap.
OVERLAPS = """() => {
    const cy = NeuroKB.graphs[0];
    const boxes = cy.nodes(':visible').filter(n => !n.hasClass('nolabel') && n.data('label'))
        .map(n => [n.data('label'), n.renderedBoundingBox(
            {includeNodes: false, includeEdges: false, includeLabels: true, includeOverlays: false})]);
    const hit = [];
    for (let i = 0; i < boxes.length; i++)
        for (let j = i + 1; j < boxes.length; j++) {
            const a = boxes[i][1], b = boxes[j][1];
            if (a.x1 < b.x2 && b.x1 < a.x2 && a.y1 < b.y2 && b.y1 < a.y2)
                hit.push(boxes[i][0] + ' / ' + boxes[j][0]);
        }
    return {labels: boxes.length, overlaps: hit};
}"""


def labels(page) -> dict:
    page.wait_for_timeout(300)  # labels are placed on the frame after a change
    return page.evaluate(OVERLAPS)


def kind_count(page, kind: str) -> int:
    return page.evaluate(f"NeuroKB.graphs[0].nodes(\"[kind = '{kind}']:visible\").length")


def test_overview_is_the_topic_map_with_every_label_readable_at_1280(page, site_url) -> None:
    page.goto(site_url + "graph.html")
    page.wait_for_function(READY)
    topics = page.evaluate("NeuroKBMap.topics.length")
    assert kind_count(page, "topic") == topics
    assert kind_count(page, "paper") == kind_count(page, "author") == 0
    assert kind_count(page, "algorithm") == 0
    found = labels(page)
    assert found["overlaps"] == []
    assert found["labels"] == topics  # room for every topic's label on a laptop
    page.locator(".nkb-map").scroll_into_view_if_needed()
    shot(page, "graph-overview-1280")


def test_overview_at_390_has_no_overlapping_labels_and_no_sideways_scroll(phone, site_url) -> None:
    phone.goto(site_url + "graph.html")
    phone.wait_for_function(READY)
    found = labels(phone)
    assert found["overlaps"] == []
    assert found["labels"] >= 8  # the biggest topics are named; the rest on hover or tap
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390
    phone.locator(".nkb-map").scroll_into_view_if_needed()
    shot(phone, "graph-overview-390")


def test_tapping_a_topic_shows_its_papers_and_a_paper_opens_its_page(page, site_url) -> None:
    page.goto(site_url + "graph.html")
    page.wait_for_function(READY)
    box = page.locator(".nkb-map").bounding_box()

    def click(node_id: str) -> None:
        point = page.evaluate(
            "id => { const p = NeuroKB.graphs[0].getElementById(id).renderedPosition();"
            " return [p.x, p.y]; }",
            node_id,
        )
        page.mouse.click(box["x"] + point[0], box["y"] + point[1])

    click("topic:spiking-neural-networks")
    page.wait_for_function("NeuroKB.graphs[0].nodes(\"[kind = 'paper']\").length > 5")
    assert "Spiking neural networks:" in page.locator(".nkb-graph__status").inner_text()
    assert labels(page)["overlaps"] == []
    page.wait_for_timeout(400)  # the view glides to the topic
    shot(page, "graph-topic-expanded")
    click("paper:zenke2018superspike")
    page.wait_for_url(re.compile(r"/papers/zenke2018superspike\.html$"))
    assert "SuperSpike" in page.locator("h1").inner_text()


def test_zooming_in_on_a_topic_shows_its_papers(page, site_url) -> None:
    page.goto(site_url + "graph.html")
    page.wait_for_function(READY)
    box = page.locator(".nkb-map").bounding_box()
    point = page.evaluate(
        "() => { const p = NeuroKB.graphs[0].getElementById('topic:credit-assignment')"
        ".renderedPosition(); return [p.x, p.y]; }"
    )
    page.mouse.move(box["x"] + point[0], box["y"] + point[1])
    for _ in range(30):
        page.mouse.wheel(0, -240)
        page.wait_for_timeout(60)
    page.wait_for_function(
        "NeuroKB.graphs[0].getElementById('topic:credit-assignment')"
        ".neighborhood(\"[kind = 'paper']\").length > 5"
    )
    assert labels(page)["overlaps"] == []
    shot(page, "graph-zoomed-in")


def test_filters_by_kind_topic_and_year(page, site_url) -> None:
    page.goto(site_url + "graph.html")
    page.wait_for_function(READY)
    page.evaluate(
        "NeuroKB.map.toggle(NeuroKBMap.topics.findIndex(t => t[0] === 'hebbian-learning'))"
    )
    page.wait_for_timeout(500)
    papers = kind_count(page, "paper")
    assert papers >= 5
    page.get_by_label(re.compile("^ *Authors")).check()
    assert kind_count(page, "author") > 5
    page.get_by_label(re.compile("^ *Algorithms")).check()
    assert kind_count(page, "algorithm") == page.evaluate("NeuroKBMap.algorithms.length")
    page.get_by_label(re.compile("^ *Papers")).uncheck()
    assert kind_count(page, "paper") == 0
    page.get_by_label(re.compile("^ *Papers")).check()
    page.get_by_label("From year").fill("2015")
    page.get_by_label("From year").press("Enter")
    page.get_by_label("From year").blur()
    years = page.evaluate("NeuroKB.graphs[0].nodes(\"[kind = 'paper']\").map(n => n.data('year'))")
    assert years and min(years) >= 2015 and len(years) < papers  # Hebbian learning goes to 1949
    page.get_by_label("Show one topic").select_option(label="Learning rules")
    shown = page.evaluate("NeuroKB.graphs[0].nodes(\"[kind = 'topic']\").map(n => n.id())")
    assert "topic:hebbian-learning" in shown and "topic:credit-assignment" in shown
    assert "topic:episodic-memory" not in shown
    assert labels(page)["overlaps"] == []


def test_find_a_node_highlights_matches_and_says_when_none(page, site_url) -> None:
    page.goto(site_url + "graph.html")
    page.wait_for_function(READY)
    search = page.get_by_placeholder("Find a node")
    search.fill("SuperSpike")
    search.press("Enter")
    page.wait_for_function("NeuroKB.graphs[0].nodes('.match').length > 0")
    assert page.evaluate(
        "NeuroKB.graphs[0].getElementById('paper:zenke2018superspike').hasClass('match')"
    )
    search.fill("zzqx no such node")
    search.press("Enter")
    status = page.locator(".nkb-graph__status")
    assert status.inner_text() == "No node matches \u201czzqx no such node\u201d."
    assert page.evaluate("NeuroKB.graphs[0].nodes('.match').length") == 0
    shot(page, "graph-search-none")


@pytest.mark.parametrize("width", [1280, 390])
def test_topic_page_graph_has_no_overlapping_labels(browser, site_url, width) -> None:
    context = browser.new_context(viewport={"width": width, "height": 900})
    try:
        tab = context.new_page()
        tab.goto(site_url + "topics/hebbian-learning.html")
        tab.wait_for_function(READY)
        found = labels(tab)
        assert found["overlaps"] == []
        assert found["labels"] >= 8
        tab.locator(".nkb-graph").scroll_into_view_if_needed()
        shot(tab, f"topic-neighbourhood-{width}")
    finally:
        context.close()
